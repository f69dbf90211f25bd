import { stemmer as arabicStemmer } from "@orama/stemmers/arabic";
import { stemmer as armenianStemmer } from "@orama/stemmers/armenian";
import { stemmer as bulgarianStemmer } from "@orama/stemmers/bulgarian";
import { stemmer as danishStemmer } from "@orama/stemmers/danish";
import { stemmer as dutchStemmer } from "@orama/stemmers/dutch";
import { stemmer as englishStemmer } from "@orama/stemmers/english";
import { stemmer as finnishStemmer } from "@orama/stemmers/finnish";
import { stemmer as frenchStemmer } from "@orama/stemmers/french";
import { stemmer as germanStemmer } from "@orama/stemmers/german";
import { stemmer as greekStemmer } from "@orama/stemmers/greek";
import { stemmer as hungarianStemmer } from "@orama/stemmers/hungarian";
import { stemmer as indianStemmer } from "@orama/stemmers/indian";
import { stemmer as indonesianStemmer } from "@orama/stemmers/indonesian";
import { stemmer as irishStemmer } from "@orama/stemmers/irish";
import { stemmer as italianStemmer } from "@orama/stemmers/italian";
import { stemmer as lithuanianStemmer } from "@orama/stemmers/lithuanian";
import { stemmer as nepaliStemmer } from "@orama/stemmers/nepali";
import { stemmer as norwegianStemmer } from "@orama/stemmers/norwegian";
import { stemmer as portugueseStemmer } from "@orama/stemmers/portuguese";
import { stemmer as romanianStemmer } from "@orama/stemmers/romanian";
import { stemmer as russianStemmer } from "@orama/stemmers/russian";
import { stemmer as sanskritStemmer } from "@orama/stemmers/sanskrit";
import { stemmer as serbianStemmer } from "@orama/stemmers/serbian";
import { stemmer as spanishStemmer } from "@orama/stemmers/spanish";
import { stemmer as swedishStemmer } from "@orama/stemmers/swedish";
import { stemmer as tamilStemmer } from "@orama/stemmers/tamil";
import { stemmer as turkishStemmer } from "@orama/stemmers/turkish";
import { stemmer as ukrainianStemmer } from "@orama/stemmers/ukrainian";
import { stopwords as arabicStopwords } from "@orama/stopwords/arabic";
import { stopwords as armenianStopwords } from "@orama/stopwords/armenian";
import { stopwords as bulgarianStopwords } from "@orama/stopwords/bulgarian";
import { stopwords as danishStopwords } from "@orama/stopwords/danish";
import { stopwords as dutchStopwords } from "@orama/stopwords/dutch";
import { stopwords as englishStopwords } from "@orama/stopwords/english";
import { stopwords as finnishStopwords } from "@orama/stopwords/finnish";
import { stopwords as frenchStopwords } from "@orama/stopwords/french";
import { stopwords as germanStopwords } from "@orama/stopwords/german";
import { stopwords as greekStopwords } from "@orama/stopwords/greek";
import { stopwords as hungarianStopwords } from "@orama/stopwords/hungarian";
import { stopwords as indianStopwords } from "@orama/stopwords/indian";
import { stopwords as indonesianStopwords } from "@orama/stopwords/indonesian";
import { stopwords as irishStopwords } from "@orama/stopwords/irish";
import { stopwords as italianStopwords } from "@orama/stopwords/italian";
import { stopwords as japaneseStopwords } from "@orama/stopwords/japanese";
import { stopwords as lithuanianStopwords } from "@orama/stopwords/lithuanian";
import { stopwords as mandarinStopwords } from "@orama/stopwords/mandarin";
import { stopwords as nepaliStopwords } from "@orama/stopwords/nepali";
import { stopwords as norwegianStopwords } from "@orama/stopwords/norwegian";
import { stopwords as portugueseStopwords } from "@orama/stopwords/portuguese";
import { stopwords as romanianStopwords } from "@orama/stopwords/romanian";
import { stopwords as russianStopwords } from "@orama/stopwords/russian";
import { stopwords as sanskritStopwords } from "@orama/stopwords/sanskrit";
import { stopwords as serbianStopwords } from "@orama/stopwords/serbian";
import { stopwords as slovenianStopwords } from "@orama/stopwords/slovenian";
import { stopwords as spanishStopwords } from "@orama/stopwords/spanish";
import { stopwords as swedishStopwords } from "@orama/stopwords/swedish";
import { stopwords as tamilStopwords } from "@orama/stopwords/tamil";
import { stopwords as turkishStopwords } from "@orama/stopwords/turkish";
import { stopwords as ukrainianStopwords } from "@orama/stopwords/ukrainian";

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

function language(code: string, scripts: Script[], words: readonly string[], stem?: (word: string) => string): LanguageResources {
  return { code, scripts, stopwords: new Set(words.map((word) => word.toLowerCase())), stem };
}

/**
 * Every language with a stopword list in @orama/stopwords (Snowball's lists where Snowball has one) and its
 * stemmer from @orama/stemmers (Snowball algorithms; the English one is Porter's). Another language is still
 * segmented into words, with neither.
 */
const LANGUAGES: readonly LanguageResources[] = [
  language("ar", ["Arabic"], arabicStopwords, arabicStemmer),
  language("bg", ["Cyrillic"], bulgarianStopwords, bulgarianStemmer),
  language("da", ["Latin"], danishStopwords, danishStemmer),
  language("de", ["Latin"], germanStopwords, germanStemmer),
  language("el", ["Greek"], greekStopwords, greekStemmer),
  // Snowball's English list has the article "a"; the @orama/stopwords copy of it lost it.
  language("en", ["Latin"], [...englishStopwords, "a"], englishStemmer),
  language("es", ["Latin"], spanishStopwords, spanishStemmer),
  language("fi", ["Latin"], finnishStopwords, finnishStemmer),
  language("fr", ["Latin"], frenchStopwords, frenchStemmer),
  language("ga", ["Latin"], irishStopwords, irishStemmer),
  language("hi", ["Devanagari"], indianStopwords, indianStemmer),
  language("hu", ["Latin"], hungarianStopwords, hungarianStemmer),
  language("hy", ["Armenian"], armenianStopwords, armenianStemmer),
  language("id", ["Latin"], indonesianStopwords, indonesianStemmer),
  language("it", ["Latin"], italianStopwords, italianStemmer),
  language("ja", ["Han", "Kana"], japaneseStopwords),
  language("lt", ["Latin"], lithuanianStopwords, lithuanianStemmer),
  language("ne", ["Devanagari"], nepaliStopwords, nepaliStemmer),
  language("nl", ["Latin"], dutchStopwords, dutchStemmer),
  language("no", ["Latin"], norwegianStopwords, norwegianStemmer),
  language("pt", ["Latin"], portugueseStopwords, portugueseStemmer),
  language("ro", ["Latin"], romanianStopwords, romanianStemmer),
  language("ru", ["Cyrillic"], russianStopwords, russianStemmer),
  language("sa", ["Devanagari"], sanskritStopwords, sanskritStemmer),
  language("sl", ["Latin"], slovenianStopwords),
  language("sr", ["Cyrillic", "Latin"], serbianStopwords, serbianStemmer),
  language("sv", ["Latin"], swedishStopwords, swedishStemmer),
  language("ta", ["Tamil"], tamilStopwords, tamilStemmer),
  language("tr", ["Latin"], turkishStopwords, turkishStemmer),
  language("uk", ["Cyrillic"], ukrainianStopwords, ukrainianStemmer),
  language("zh", ["Han"], mandarinStopwords),
];
const BY_CODE = new Map(LANGUAGES.map((resources) => [resources.code, resources]));

/** The commonest language written in each script, as a BCP 47 tag. */
const SCRIPT_LANGUAGE: Record<Script, string> = {
  Latin: "en", Han: "zh", Kana: "ja", Hangul: "ko", Thai: "th", Cyrillic: "ru", Greek: "el", Arabic: "ar", Hebrew: "he",
  Armenian: "hy", Devanagari: "hi", Bengali: "bn", Gujarati: "gu", Tamil: "ta", Myanmar: "my",
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
  return BY_CODE.get(LANGUAGE_ALIASES[code] ?? code);
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
  return BY_CODE.get(SCRIPT_LANGUAGE[script]);
}
