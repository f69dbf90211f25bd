/**
 * Numbers that number things rather than say a value: citation markers ("loops [1]"), list numbers at
 * the start of a line ("2. Read the loop") and the line numbers of a code listing. The answer checks read
 * the reply with them blanked out, so "first, see [2]" is not the first digit of an answer 28. A number
 * in brackets right after "is", "=" or ":" is a value, and stays.
 */

const CITATION = /\[(\d{1,2})\]/g;
const VALUE_BEFORE = /(?:\bis|\bwas|\bequals?|\bbe|=|:|->|→)[\s*_`"'(]*$/i;
const LIST_NUMBER = /^([ \t>*]*)(\d{1,3})([.)])(?=[ \t]+(?:\S|$))/gm;
const CODE_BLOCK = /```[^\n]*\n([\s\S]*?)(?:```|$)/g;
const NUMBERED_CODE_LINE = /^([ \t]*)(\d{1,4})(?=[ \t]*[:|.]?[ \t]|$)/;

const blank = (text: string) => " ".repeat(text.length);

/** Code lines numbered 1, 2, 3 … (two or more in a row): their numbers blanked. */
function blankCodeLineNumbers(code: string): string {
  const lines = code.split("\n");
  const numbers = lines.map((line) => NUMBERED_CODE_LINE.exec(line)?.[2]);
  const numbered = numbers.filter(
    (number, index) =>
      number !== undefined && (numbers[index - 1] === String(Number(number) - 1) || numbers[index + 1] === String(Number(number) + 1)),
  );
  if (numbered.length < 2) return code;
  return lines
    .map((line, index) => {
      const number = numbers[index];
      const inRun =
        number !== undefined && (numbers[index - 1] === String(Number(number) - 1) || numbers[index + 1] === String(Number(number) + 1));
      return inRun ? line.replace(NUMBERED_CODE_LINE, (_, indent: string, digits: string) => indent + blank(digits)) : line;
    })
    .join("\n");
}

/** `text` with its numbering blanked out (same length, so positions stay put). */
export function blankReferenceNumbers(text: string): string {
  if (!/\d/.test(text)) return text;
  return text
    .replace(CITATION, (marker, _digits, offset: number) =>
      VALUE_BEFORE.test(text.slice(Math.max(0, offset - 16), offset)) ? marker : blank(marker),
    )
    .replace(LIST_NUMBER, (_, margin: string, digits: string, mark: string) => margin + blank(digits) + mark)
    .replace(CODE_BLOCK, (block, code: string) => block.replace(code, blankCodeLineNumbers(code)));
}
