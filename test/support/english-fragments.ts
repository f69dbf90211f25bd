import { CATALOGS } from "../../src/tutor/i18n/messages.js";

/**
 * The fixed words of every English message (the text between its placeholders), long enough to be telling:
 * none of them may reach a student of a course in another language.
 */
export function englishFragments(): string[] {
  return Object.values(CATALOGS.en!)
    .flatMap((text) => text.split(/\{\{[^}]+\}\}/))
    .flatMap((piece) => piece.split("\n"))
    .map((piece) => piece.trim())
    .filter((piece) => /[a-z]{3}/.test(piece) && piece.length >= 12);
}

/** The English fragments found in `text`. */
export function englishIn(text: string): string[] {
  return englishFragments().filter((fragment) => text.includes(fragment));
}
