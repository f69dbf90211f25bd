/**
 * Numbers spelled out, in the languages a student is most likely to ask for: the guard looks for these
 * forms of a pending numeric answer. Forms are lower-case words separated by single spaces, accents
 * removed, as `wordView` leaves text.
 */

const EN_UNITS =
  "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(
    " ",
  );
const EN_TENS = "- - twenty thirty forty fifty sixty seventy eighty ninety".split(" ");

function spellEnglish(n: number): string[] {
  if (n < 20) return [EN_UNITS[n]!];
  if (n < 100) return [n % 10 === 0 ? EN_TENS[Math.floor(n / 10)]! : `${EN_TENS[Math.floor(n / 10)]} ${EN_UNITS[n % 10]}`];
  if (n < 1000) {
    const head = `${EN_UNITS[Math.floor(n / 100)]} hundred`;
    if (n % 100 === 0) return [head];
    return spellEnglish(n % 100).flatMap((rest) => [`${head} ${rest}`, `${head} and ${rest}`]);
  }
  return [];
}

const ES_UNITS =
  "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciseis diecisiete dieciocho diecinueve veinte".split(
    " ",
  );
const ES_TENS = "- - veinte treinta cuarenta cincuenta sesenta setenta ochenta noventa".split(" ");

function spellSpanish(n: number): string[] {
  if (n <= 20) return [ES_UNITS[n]!];
  if (n < 30) return [`veinti${ES_UNITS[n % 10]}`];
  if (n < 100) return [n % 10 === 0 ? ES_TENS[Math.floor(n / 10)]! : `${ES_TENS[Math.floor(n / 10)]} y ${ES_UNITS[n % 10]}`];
  return [];
}

const FR_SMALL = [
  ..."zero un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize".split(" "),
  "dix sept",
  "dix huit",
  "dix neuf",
];
const FR_TENS = "- - vingt trente quarante cinquante soixante".split(" ");

function spellFrench(n: number): string[] {
  if (n < 20) return [FR_SMALL[n]!];
  if (n < 70) {
    const tens = FR_TENS[Math.floor(n / 10)]!;
    const unit = n % 10;
    return [unit === 0 ? tens : unit === 1 ? `${tens} et un` : `${tens} ${FR_SMALL[unit]}`];
  }
  if (n < 80) return [n === 71 ? "soixante et onze" : `soixante ${FR_SMALL[n - 60]}`];
  if (n < 100) return [n === 80 ? "quatre vingts" : `quatre vingt ${FR_SMALL[n - 80]}`];
  return [];
}

const DE_UNITS =
  "null eins zwei drei vier funf sechs sieben acht neun zehn elf zwolf dreizehn vierzehn funfzehn sechzehn siebzehn achtzehn neunzehn".split(
    " ",
  );
const DE_TENS = "- - zwanzig dreissig vierzig funfzig sechzig siebzig achtzig neunzig".split(" ");

function spellGerman(n: number): string[] {
  if (n < 20) return n === 5 ? ["funf", "fuenf"] : [DE_UNITS[n]!];
  if (n < 100) {
    const tens = DE_TENS[Math.floor(n / 10)]!;
    const unit = n % 10;
    if (unit === 0) return [tens];
    const word = `${unit === 1 ? "ein" : DE_UNITS[unit]}und${tens}`;
    return [word, word.replace("funf", "fuenf")];
  }
  return [];
}

/** Every spelled form of a whole number from 0 to 999 (foreign forms up to 99); none otherwise. */
export function spellNumber(n: number): string[] {
  if (!Number.isInteger(n) || Math.abs(n) > 999) return [];
  const magnitude = Math.abs(n);
  const forms = [...spellEnglish(magnitude), ...spellSpanish(magnitude), ...spellFrench(magnitude), ...spellGerman(magnitude)];
  const unique = [...new Set(forms)];
  return n < 0 ? unique.flatMap((form) => [`minus ${form}`, `negative ${form}`]) : unique;
}

/** Which of the forms are English (weaker evidence: "five" is ordinary prose, "cinco" is not). */
export function isEnglishForm(form: string): boolean {
  return form
    .split(" ")
    .every((word) => EN_UNITS.includes(word) || EN_TENS.includes(word) || ["hundred", "and", "minus", "negative"].includes(word));
}
