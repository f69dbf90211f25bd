import { NUMERAL_CHARACTERS, writeChineseNumerals } from "../chinese-numerals.js";
import { escapeRegExp, type ValueForm } from "./value-forms.js";

/**
 * The answer in Chinese numerals ("二十五", "两百", "三点五", "贰拾伍"), as the guard looks for it. Chinese
 * writes no spaces, so a form is bounded by any character that could not continue the number (二十五 is
 * found in "答案是二十五。" but not in "一百二十五"). Like digits, two or more characters make a strong form.
 * Full-width digits ("２５") need nothing here: folding turns them into ASCII ones.
 */
export function chineseNumberForms(value: number): ValueForm[] {
  let forms = formsByValue.get(value);
  if (!forms) {
    forms = writeChineseNumerals(value).map((form) => ({
      pattern: new RegExp(`(?<![${NUMERAL_CHARACTERS}\\d])${escapeRegExp(form)}(?![${NUMERAL_CHARACTERS}\\d])`, "gu"),
      bare: form,
      strong: [...form].length >= 2,
    }));
    if (formsByValue.size >= FORMS_CACHE_LIMIT) formsByValue.clear();
    formsByValue.set(value, forms);
  }
  return forms;
}

/** A streamed reply is checked many times against the same pending answer: write its numerals once. */
const formsByValue = new Map<number, ValueForm[]>();
const FORMS_CACHE_LIMIT = 1000;
