import { chineseNumberForms } from "./chinese-number-forms.js";
import { isEnglishForm, spellNumber } from "./number-words.js";

/**
 * A way the answer can be written, as a pattern over folded lower-case text. A strong form is
 * evidence on its own ("28", "twenty-eight"); a weak one ("5", "five", "str") only with a cue.
 */
export interface ValueForm {
  pattern: RegExp;
  /** The form as bare text, for "the whole line / decoded token is the answer". */
  bare: string;
  strong: boolean;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Reads a choice text or an answer as a number when it is one: "14", "4.0", "-2". */
export function readPlainNumber(text: string): number | undefined {
  return /^\s*-?\d+(?:\.\d+)?\s*$/.test(text) ? Number(text) : undefined;
}

/**
 * Forms of a number: its digits (with "28.0" for 28 unless `exact` text like "4.0" is given) and its
 * spelled forms. Two or more digits make a strong form.
 */
export function numberForms(value: number, exactText?: string): ValueForm[] {
  const digits = exactText?.trim().replace(/^-/, "") ?? String(Math.abs(value));
  const tail = exactText === undefined && Number.isInteger(value) ? "(?:\\.0+)?" : "";
  const forms: ValueForm[] = [
    {
      pattern: new RegExp(`(?<!\\d)(?<!\\d[.,])${escapeRegExp(digits)}${tail}(?!\\d)(?![.,]\\d)`, "gu"),
      bare: digits,
      strong: digits.replace(/\D/g, "").length >= 2,
    },
  ];
  if (exactText === undefined || String(Number(exactText)) === exactText.trim()) {
    for (const form of spellNumber(value)) {
      forms.push({
        pattern: new RegExp(`(?<![\\p{L}])${form.split(" ").map(escapeRegExp).join("[\\s\\-]*")}(?![\\p{L}])`, "gu"),
        bare: form,
        strong: Math.abs(value) >= (isEnglishForm(form) ? 13 : 10),
      });
    }
    forms.push(...chineseNumberForms(value));
  }
  return forms;
}

/**
 * A choice or key text as a whole word ("str", "total_price"); weak, since words recur in teaching.
 * One or two letters ("a") are an article or a variable unless quoted: only `'a'` or `"a"` counts.
 */
export function textForm(text: string): ValueForm {
  const lower = text.trim().toLowerCase();
  const quoted = lower.length <= 2 && /^\p{L}+$/u.test(lower);
  const pattern = quoted ? `(?<=['"\`])${escapeRegExp(lower)}(?=['"\`])` : `(?<![\\p{L}\\p{N}_])${escapeRegExp(lower)}(?![\\p{L}\\p{N}_])`;
  return { pattern: new RegExp(pattern, "gu"), bare: lower, strong: false };
}

/**
 * Forms of a choice: numeric ones as numbers, others as text. All weak: a choice's text is a leak only
 * where the reply presents it as the answer ("14" is also the value of many other expressions).
 */
export function choiceForms(choice: string): ValueForm[] {
  const value = readPlainNumber(choice);
  const forms = value === undefined ? [textForm(choice)] : numberForms(value, choice);
  return forms.map((form) => ({ ...form, strong: false }));
}
