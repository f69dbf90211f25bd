/**
 * Text folding for leak checks: what a student would read, whatever characters the model used to
 * write it. NFKC turns full-width and mathematical letters into plain ones; look-alike letters from
 * other scripts become Latin; invisible characters and accents go.
 */

const INVISIBLE =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: combining and variation marks are listed on purpose, each removed on its own
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/g;

/** Cyrillic and Greek letters that look like Latin ones (the ones a homoglyph attack uses). */
const HOMOGLYPHS: Record<string, string> = {
  а: "a",
  в: "b",
  е: "e",
  ё: "e",
  к: "k",
  м: "m",
  н: "h",
  о: "o",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  і: "i",
  ј: "j",
  ѕ: "s",
  ԁ: "d",
  ԛ: "q",
  ԝ: "w",
  ɡ: "g",
  А: "A",
  В: "B",
  Е: "E",
  К: "K",
  М: "M",
  Н: "H",
  О: "O",
  Р: "P",
  С: "C",
  Т: "T",
  У: "Y",
  Х: "X",
  І: "I",
  Ј: "J",
  Ѕ: "S",
  Ԁ: "D",
  α: "a",
  β: "b",
  ε: "e",
  ι: "i",
  κ: "k",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  Α: "A",
  Β: "B",
  Ε: "E",
  Ζ: "Z",
  Η: "H",
  Ι: "I",
  Κ: "K",
  Μ: "M",
  Ν: "N",
  Ο: "O",
  Ρ: "P",
  Τ: "T",
  Υ: "Y",
  Χ: "X",
  ß: "ss",
  "‐": "-",
  "‑": "-",
  "‒": "-",
  "–": "-",
  "—": "-",
  "−": "-",
  "’": "'",
  "‘": "'",
  "“": '"',
  "”": '"',
};
const HOMOGLYPH_PATTERN = new RegExp(`[${Object.keys(HOMOGLYPHS).join("")}]`, "g");

/** Folded text with its case kept (a choice letter is told apart from a variable by its case). */
export function foldText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(INVISIBLE, "")
    .replace(HOMOGLYPH_PATTERN, (char) => HOMOGLYPHS[char] ?? char)
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .normalize("NFC");
}

/** Folded, lower-case, with every run of non-alphanumerics a single space: the text as a list of words. */
export function wordView(text: string): string {
  return foldText(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const STOP_WORDS = new Set(
  "a an the is are was were be been being to of in on and or it its it's that this these those for with as by at from so then than but if not no do does did can could will would should you your we our they their he she his her i me my there here what which who how when where why all any each also just only into out up".split(
    " ",
  ),
);

/** A crude stem, so that "prints" and "printed" meet "print". */
function stem(word: string): string {
  if (word.length <= 4 || /\d/.test(word)) return word;
  return word.replace(/(?:ing|edly|ed|ly|es|s)$/, "");
}

/** The words that carry meaning, stemmed: the units of overlap between a reply and protected text. */
export function contentWords(text: string): string[] {
  return wordView(text)
    .split(" ")
    .filter((word) => word !== "" && !STOP_WORDS.has(word))
    .map(stem);
}
