import Nzh from "nzh";

/**
 * Chinese numerals, read (a student's answer "二十五", "三点五", "两百") and written (every form a reply could
 * give the pending answer in). The conversion itself is nzh's; this module only decides which strings are
 * numerals, since nzh reads anything ("abc" is 0, "三千五" is 3005) and knows neither 两 nor digit-by-digit
 * numbers ("二〇二四").
 */

const DIGITS = "零〇一二三四五六七八九";
const UNITS = "十百千万亿萬億";
/** Financial forms (大写): what a cheque or an invoice uses. */
const FINANCIAL = "壹贰貳叁參肆伍陆陸柒捌玖拾佰仟";
/** Every character that can continue a numeral: a form found next to one of these is part of a longer number. */
export const NUMERAL_CHARACTERS = `${DIGITS}两兩${UNITS}${FINANCIAL}点點负負`;

const DIGIT_BY_DIGIT = new RegExp(`^[${DIGITS}两]+(?:点[${DIGITS}]+)?$`);
const WITH_UNITS = new RegExp(`^[${DIGITS}两${UNITS}${FINANCIAL}]+(?:[点點][${DIGITS}${FINANCIAL}]+)?$`);

/** The value of a Chinese numeral ("二十五", "负三点五", "两百零五", "二〇二四", "贰拾伍"), or undefined. */
export function readChineseNumeral(text: string): number | undefined {
  const trimmed = text.trim().replace(/[。.!！]$/, "");
  const negative = /^[负負-]/.test(trimmed);
  const body = negative ? trimmed.slice(1) : trimmed;
  const value = readUnsigned(body);
  return value === undefined ? undefined : negative ? -value : value;
}

function readUnsigned(body: string): number | undefined {
  if (body === "") return undefined;
  if (DIGIT_BY_DIGIT.test(body) && !/[十百千万亿]/.test(body)) {
    // "二〇二四", "三点一四": one digit per character (a lone 两 counts two).
    return Number([...body].map((char) => (char === "点" ? "." : String(digitValue(char)))).join(""));
  }
  if (!WITH_UNITS.test(body)) return undefined;
  const plain = body
    .replace(/[两兩]/g, "二")
    .replace(/〇/g, "零")
    .replace(/點/g, "点");
  for (const convert of [Nzh.cn, Nzh.hk]) {
    for (const [decode, encode] of [
      [convert.decodeS, convert.encodeS],
      [convert.decodeB, convert.encodeB],
    ] as const) {
      const value = Number(decode.call(convert, plain));
      // nzh reads anything as some number: only a numeral it writes back the same way was really one.
      if (Number.isFinite(value) && writtenForms(value, encode.bind(convert)).includes(plain)) return value;
    }
  }
  return undefined;
}

function digitValue(char: string): number {
  return char === "两" ? 2 : DIGITS.indexOf(char) - (char === "零" ? 0 : 1);
}

/** nzh's forms of a value, with and without the "一" of "一十五". */
function writtenForms(value: number, encode: (value: number, options?: { tenMin?: boolean }) => string): string[] {
  return [encode(value), encode(value, { tenMin: true }), encode(value, { tenMin: false })];
}

/**
 * Every way a reply could write the number in Chinese: plain and financial, simplified and traditional,
 * "十五" and "一十五", "二百" and "两百". Empty for numbers nzh cannot write exactly (very long decimals).
 */
export function writeChineseNumerals(value: number): string[] {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e16) return [];
  const forms = new Set<string>();
  for (const convert of [Nzh.cn, Nzh.hk]) {
    for (const form of [...writtenForms(value, convert.encodeS.bind(convert)), ...writtenForms(value, convert.encodeB.bind(convert))]) {
      if (readChineseNumeral(form) !== value) continue;
      forms.add(form);
      // 两 for a leading 二 before a unit: 两百, 两千, 两万.
      forms.add(form.replace(/^([负負]?)二(?=[百千万萬亿億])/, "$1两"));
    }
  }
  return [...forms];
}
