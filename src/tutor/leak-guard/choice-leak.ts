import { memoize } from "../../shared/memoize.js";
import { choiceLetter, type MultipleChoiceItem } from "../../retrieval/content/schema.js";
import { findForm } from "./find-value.js";
import { choiceForms, escapeRegExp, type ValueForm } from "./value-forms.js";

/**
 * Lower-cases the words but keeps single capitals, so "B" (a choice) and "b" (a variable) stay apart. Chinese
 * characters are no part of a word here: in "B是正确的" the B stands alone.
 */
function cueCase(text: string): string {
  return text.replace(/(?:(?!\p{Script=Han})\p{L}){2,}/gu, (word) => word.toLowerCase());
}

const CLAUSE_END = "(?=[)\\]*_`\"'\\s]*(?:$|\\n|[.!?,;。！？，；]))";

/** The rules for one letter, made once: a streamed reply is checked many times. */
const letterRules = memoize(makeLetterRules);

function makeLetterRules(letter: string): RegExp[] {
  const L = escapeRegExp(letter);
  const l = letter.toLowerCase();
  const either = `(?:${L}|${l}${CLAUSE_END})`;
  const open = "[(\\[*_`\"']*";
  const close = "[)\\]*_`\"']*";
  return [
    new RegExp(
      `\\b(?:answer|option|choice|letter|pick|choose|select|go with|respuesta|reponse|antwort|opcion|solution)s?\\b[^A-Za-z0-9\\n]{0,12}(?:(?:is|es|est|ist|would be|should be|will be|be)\\s+)?(?:(?:option|choice|letter)\\s+)?${open}${either}(?![A-Za-z0-9])`,
    ),
    new RegExp(
      `(?<![A-Za-z0-9'])${open}${either}${close}\\s*(?:is|would be|'s|=|:|-|–)\\s*(?:the\\s+)?(?:correct|right|answer|solution|not wrong|one that works|true one)\\b`,
    ),
    new RegExp(`(?<![A-Za-z0-9'])${L}\\)?\\s*[✓✔✅]`),
    // Chinese: "答案是B", "应该选 B", "正确选项为 b。", "B是正确的".
    new RegExp(`(?:答案|选项|选择|选|正确的是)(?:应该|就|其实)?(?:是|为)?\\s*[:：]?\\s*${open}${either}(?![A-Za-z0-9])`),
    new RegExp(`(?<![A-Za-z0-9'])${open}${either}${close}\\s*(?:是|就是|才是)?(?:正确|对的|答案)`),
    new RegExp(`(?:\\bit'?s|\\bis|\\byes,?|\\bconfirm(?:ed)?,?|=|:|->|→)\\s*${open}${L}${close}${CLAUSE_END}`),
    new RegExp(`^[\\s>*_\`"'(\\[|-]*${L}[)\\].:*_\`"'|]*\\s*$`, "m"),
    new RegExp(`"(?:answer|correct|choice|option|solution)\\w*"\\s*:\\s*"?${either}"?(?![A-Za-z])`),
    new RegExp(`\\b${L}\\b[^.\\n]{0,20}\\b(?:not wrong|isn't wrong|only one (?:that )?(?:works|left)|right one)`),
  ];
}

/** Which rule found the choice letter given as the answer, if one did. */
export function findLetter(text: string, item: MultipleChoiceItem, about: boolean): string | undefined {
  const cased = cueCase(text);
  const rule = letterRules(item.answer).findIndex((pattern) => pattern.test(cased));
  if (rule >= 0) return `choice letter (rule ${rule + 1})`;
  // A table whose cell holds the letter, in a reply about the answer.
  if (about && new RegExp(`\\|\\s*[*_\`]*${item.answer}[*_\`]*\\s*\\|`).test(cased) && /answer|correct|solution/.test(cased))
    return "choice letter in a table";
  return undefined;
}

interface WrongChoice {
  letter: string;
  byLetter: RegExp;
  forms: ValueForm[];
}

/** An item's wrong choices with the patterns that name them, made once per item. */
const wrongChoices = memoize(
  (item: MultipleChoiceItem): WrongChoice[] =>
    item.choices
      .map((choice, index) => ({ choice, letter: choiceLetter(index) }))
      .filter(({ letter }) => letter !== item.answer)
      .map(({ choice, letter }) => ({
        letter,
        byLetter: new RegExp(`(?<![A-Za-z0-9'])[(\\[*_\`"']*${letter}[)\\]*_\`"']*(?=\\s*(?:[,:;.)]|and\\b|or\\b|&|is\\b|are\\b|$|\\n))`),
        forms: choiceForms(choice).map((form) => ({ ...form, strong: true })),
      })),
  new WeakMap(),
);

/** The letters of the wrong choices `text` names, by letter or by their text: naming all of them (and ruling them out) leaves the right one. */
export function namedChoices(text: string, item: MultipleChoiceItem): string[] {
  const lower = text.toLowerCase();
  const cased = cueCase(text);
  return wrongChoices(item)
    .filter(({ byLetter, forms }) => byLetter.test(cased) || findForm(lower, forms, true) !== undefined)
    .map(({ letter }) => letter);
}
