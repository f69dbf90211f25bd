import { createRequire } from "node:module";

/** The writing systems the tokenizer tells apart, each recognized by its Unicode script property. */
export const SCRIPTS = {
  Latin: /\p{Script=Latin}/u,
  Han: /\p{Script=Han}/u,
  Kana: /[\p{Script=Hiragana}\p{Script=Katakana}]/u,
  Hangul: /\p{Script=Hangul}/u,
  Thai: /\p{Script=Thai}/u,
  Cyrillic: /\p{Script=Cyrillic}/u,
  Greek: /\p{Script=Greek}/u,
  Arabic: /\p{Script=Arabic}/u,
  Hebrew: /\p{Script=Hebrew}/u,
  Armenian: /\p{Script=Armenian}/u,
  Devanagari: /\p{Script=Devanagari}/u,
  Bengali: /\p{Script=Bengali}/u,
  Gujarati: /\p{Script=Gujarati}/u,
  Tamil: /\p{Script=Tamil}/u,
  Myanmar: /\p{Script=Myanmar}/u,
} as const;
export type Script = keyof typeof SCRIPTS;

/** What the tokenizer needs of one language: the scripts it is written in, its stopwords and its stemmer. */
export interface LanguageResources {
  /** The primary language subtag, e.g. `zh` for `zh-CN`. */
  code: string;
  scripts: readonly Script[];
  stopwords: ReadonlySet<string>;
  /** A Snowball (or, for English, Porter) stemmer; languages without inflection have none. */
  stem?: (word: string) => string;
}

interface KnownLanguage {
  code: string;
  scripts: Script[];
  /** The name of its module in @orama/stopwords and, when `stemmed`, in @orama/stemmers. */
  module: string;
  stemmed: boolean;
  /** Words the library's list lacks. */
  extraStopwords?: string[];
}

/**
 * Every language with a stopword list in @orama/stopwords (Snowball's lists where Snowball has one) and,
 * where it has one, its stemmer from @orama/stemmers (Snowball algorithms; the English one is Porter's).
 * Another language is still segmented into words, with neither.
 */
const KNOWN_LANGUAGES: readonly KnownLanguage[] = [
  // Snowball's English list has the article "a"; the @orama/stopwords copy of it lost it.
  { code: "en", scripts: ["Latin"], module: "english", stemmed: true, extraStopwords: ["a"] },
  { code: "zh", scripts: ["Han"], module: "mandarin", stemmed: false },
  { code: "ja", scripts: ["Han", "Kana"], module: "japanese", stemmed: false },
  { code: "ar", scripts: ["Arabic"], module: "arabic", stemmed: true },
  { code: "bg", scripts: ["Cyrillic"], module: "bulgarian", stemmed: true },
  { code: "da", scripts: ["Latin"], module: "danish", stemmed: true },
  { code: "de", scripts: ["Latin"], module: "german", stemmed: true },
  { code: "el", scripts: ["Greek"], module: "greek", stemmed: true },
  { code: "es", scripts: ["Latin"], module: "spanish", stemmed: true },
  { code: "fi", scripts: ["Latin"], module: "finnish", stemmed: true },
  { code: "fr", scripts: ["Latin"], module: "french", stemmed: true },
  { code: "ga", scripts: ["Latin"], module: "irish", stemmed: true },
  { code: "hi", scripts: ["Devanagari"], module: "indian", stemmed: true },
  { code: "hu", scripts: ["Latin"], module: "hungarian", stemmed: true },
  { code: "hy", scripts: ["Armenian"], module: "armenian", stemmed: true },
  { code: "id", scripts: ["Latin"], module: "indonesian", stemmed: true },
  { code: "it", scripts: ["Latin"], module: "italian", stemmed: true },
  { code: "lt", scripts: ["Latin"], module: "lithuanian", stemmed: true },
  { code: "ne", scripts: ["Devanagari"], module: "nepali", stemmed: true },
  { code: "nl", scripts: ["Latin"], module: "dutch", stemmed: true },
  { code: "no", scripts: ["Latin"], module: "norwegian", stemmed: true },
  { code: "pt", scripts: ["Latin"], module: "portuguese", stemmed: true },
  { code: "ro", scripts: ["Latin"], module: "romanian", stemmed: true },
  { code: "ru", scripts: ["Cyrillic"], module: "russian", stemmed: true },
  { code: "sa", scripts: ["Devanagari"], module: "sanskrit", stemmed: true },
  { code: "sl", scripts: ["Latin"], module: "slovenian", stemmed: false },
  { code: "sr", scripts: ["Cyrillic", "Latin"], module: "serbian", stemmed: true },
  { code: "sv", scripts: ["Latin"], module: "swedish", stemmed: true },
  { code: "ta", scripts: ["Tamil"], module: "tamil", stemmed: true },
  { code: "tr", scripts: ["Latin"], module: "turkish", stemmed: true },
  { code: "uk", scripts: ["Cyrillic"], module: "ukrainian", stemmed: true },
];
const KNOWN_BY_CODE = new Map(KNOWN_LANGUAGES.map((known) => [known.code, known]));

/** Loaded on first use: a tutor serving one language never parses the thirty others. */
const loaded = new Map<string, LanguageResources>();
const requireModule = createRequire(import.meta.url);

function resourcesByCode(code: string): LanguageResources | undefined {
  const known = KNOWN_BY_CODE.get(code);
  if (!known) return undefined;
  let resources = loaded.get(code);
  if (!resources) {
    const { stopwords } = requireModule(`@orama/stopwords/${known.module}`) as typeof import("@orama/stopwords/english");
    const stem = known.stemmed
      ? (requireModule(`@orama/stemmers/${known.module}`) as typeof import("@orama/stemmers/english")).stemmer
      : undefined;
    const words = [...stopwords, ...(known.extraStopwords ?? [])].map((word) => word.toLowerCase());
    resources = { code, scripts: known.scripts, stopwords: new Set(words), stem };
    loaded.set(code, resources);
  }
  return resources;
}

/** The commonest language written in each script, as a BCP 47 tag. */
const SCRIPT_LANGUAGE: Record<Script, string> = {
  Latin: "en",
  Han: "zh",
  Kana: "ja",
  Hangul: "ko",
  Thai: "th",
  Cyrillic: "ru",
  Greek: "el",
  Arabic: "ar",
  Hebrew: "he",
  Armenian: "hy",
  Devanagari: "hi",
  Bengali: "bn",
  Gujarati: "gu",
  Tamil: "ta",
  Myanmar: "my",
};

/** Norwegian Bokmål and Nynorsk share the Norwegian stemmer and stopwords. */
const LANGUAGE_ALIASES: Record<string, string> = { nb: "no", nn: "no" };

/** The canonical form of a BCP 47 tag ("zh-cn" → "zh-CN"), or undefined when it is not one. */
export function canonicalLanguageTag(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/** The resources of a BCP 47 tag's language; a language the libraries do not know has none. */
export function resourcesOf(tag: string): LanguageResources | undefined {
  const code = new Intl.Locale(tag).language;
  return resourcesByCode(LANGUAGE_ALIASES[code] ?? code);
}

/** The script a word is written in (by its first letter that has one), if the tokenizer knows it. */
export function scriptOf(word: string): Script | undefined {
  for (const char of word) {
    if (!/\p{L}/u.test(char)) continue;
    for (const [script, pattern] of Object.entries(SCRIPTS) as [Script, RegExp][]) if (pattern.test(char)) return script;
    return undefined;
  }
  return undefined;
}

/** The commonest language written in a script (`en` for Latin, `zh` for Han), as a BCP 47 tag. */
export function languageOfScript(script: Script): string {
  return SCRIPT_LANGUAGE[script];
}

/**
 * The resources that read a word: the course language's for its own scripts; a word in another script is
 * read as the commonest language of that script, so English identifiers in Chinese prose are English, and a
 * Chinese question in an English course is Chinese.
 */
export function resourcesForWord(course: LanguageResources | undefined, script: Script | undefined): LanguageResources | undefined {
  if (script === undefined) return undefined;
  if (course?.scripts.includes(script)) return course;
  return resourcesByCode(SCRIPT_LANGUAGE[script]);
}
