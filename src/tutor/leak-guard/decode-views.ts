/**
 * Other readings of a reply: what a student gets by decoding a token (base64, hex, binary, octal) or by
 * transforming the whole text (rot13, reversed, the first letters of its lines, letters spelled one by
 * one). The guard checks each reading as it checks the plain text.
 */

export interface TextView {
  /** `token`: one decoded candidate substring, evidence on its own; `text`: the whole reply read another way. */
  kind: "token" | "text";
  how: string;
  text: string;
}

const PRINTABLE = /^[\p{L}\p{N}\p{P}\p{Zs}\p{S}\n\t]+$/u;

function printable(text: string): string | undefined {
  return text.trim() !== "" && PRINTABLE.test(text) ? text : undefined;
}

function decodeBase64(token: string): string | undefined {
  if (token.length < 4 || token.length % 4 !== 0 || !/[\d=+/]|[a-z].*[A-Z]|[A-Z].*[a-z]/.test(token)) return undefined;
  const bytes = Buffer.from(token, "base64");
  if (bytes.toString("base64") !== token) return undefined;
  const text = bytes.toString("utf8");
  return text.includes("\uFFFD") ? undefined : printable(text);
}

function decodeBytes(values: number[]): string | undefined {
  return values.every((value) => value >= 0x20 && value < 0x7f) ? printable(String.fromCharCode(...values)) : undefined;
}

export function rot13(text: string): string {
  return text.replace(/[a-z]/gi, (char) => {
    const base = char <= "Z" ? 65 : 97;
    return String.fromCharCode(((char.charCodeAt(0) - base + 13) % 26) + base);
  });
}

/** Between two spelled characters: spaces, dashes, commas; a dot only before a space or a letter ("2.8" is a decimal). */
const SPELLING_GAP = String.raw`(?:[\s\-,_*|/·]{1,3}|\.(?=[\s\p{L}])\s{0,2})`;
const SPELLED_RUN = new RegExp(String.raw`(?<![\p{L}\p{N}])[\p{L}\p{N}](?:${SPELLING_GAP}[\p{L}\p{N}](?![\p{L}\p{N}]))+`, "gu");

/** Runs of single letters or digits spelled one by one ("f-i-v-e", "2 8", "t.r.u.e") joined up. */
export function joinSpelledRuns(text: string): string {
  return text.replace(SPELLED_RUN, (run) => run.replace(/[^\p{L}\p{N}]/gu, ""));
}

/** First letters of the lines (with three or more lines) and of the sentences: acrostics. */
function acrostics(text: string): string[] {
  const lines = text.split("\n").map((line) => line.replace(/^[\s>*_#\-\d.)`"']+/, "")).filter((line) => /\p{L}/u.test(line));
  const sentences = text.split(/(?<=[.!?])\s+/).map((sentence) => sentence.replace(/^[\s>*_#\-`"']+/, ""));
  const initials = (parts: string[]) => parts.map((part) => /\p{L}|\p{N}/u.exec(part)?.[0] ?? "").join("");
  return [lines.length >= 3 ? initials(lines) : "", sentences.length >= 3 ? initials(sentences) : ""].filter(Boolean);
}

/** Every decoded token and transformed reading of `text` (plain folded text in, views out). */
export function decodeViews(text: string): TextView[] {
  const views: TextView[] = [];
  const lower = text.toLowerCase();
  const add = (kind: TextView["kind"], how: string, decoded: string | undefined) => {
    if (decoded !== undefined && decoded !== "") views.push({ kind, how, text: decoded });
  };
  for (const [token] of text.matchAll(/(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{2,}={0,2}(?![A-Za-z0-9+/=])/g)) add("token", "base64", decodeBase64(token));
  for (const [, digits] of text.matchAll(/\b0x([0-9a-f]+)\b/gi)) add("token", "hex", String(parseInt(digits!, 16)));
  for (const [, digits] of text.matchAll(/\b0b([01]+)\b/gi)) add("token", "binary", String(parseInt(digits!, 2)));
  for (const [, digits] of text.matchAll(/\b0o([0-7]+)\b/gi)) add("token", "octal", String(parseInt(digits!, 8)));
  // Hex bytes: "3238", "32 38", "0x32 0x38" read as characters.
  for (const [run] of text.matchAll(/\b(?:[0-9a-f]{2}[\s:]?){2,}\b/gi)) {
    const pairs = run.replace(/[\s:]/g, "").match(/../g) ?? [];
    add("token", "hex-bytes", decodeBytes(pairs.map((pair) => parseInt(pair, 16))));
  }
  // Bytes written in binary: "00110010 00111000".
  for (const [run] of text.matchAll(/\b[01]{8}(?:\s+[01]{8})*\b/g)) add("token", "binary-bytes", decodeBytes(run.split(/\s+/).map((byte) => parseInt(byte, 2))));
  if (/\b(?:binary|base[\s-]?2|bits?)\b/.test(lower)) {
    for (const [digits] of text.matchAll(/\b[01]{2,}\b/g)) add("token", "binary", String(parseInt(digits, 2)));
  }
  if (/\b(?:hex|hexadecimal|base[\s-]?16)\b/.test(lower)) {
    for (const [digits] of text.matchAll(/\b[0-9a-f]+\b/gi)) add("token", "hex", String(parseInt(digits, 16)));
  }
  if (/\b(?:octal|base[\s-]?8)\b/.test(lower)) {
    for (const [digits] of text.matchAll(/\b[0-7]+\b/g)) add("token", "octal", String(parseInt(digits, 8)));
  }
  add("text", "rot13", rot13(text));
  add("text", "reversed", [...text].reverse().join(""));
  const joined = joinSpelledRuns(text);
  if (joined !== text) add("text", "spelled", joined);
  for (const initials of acrostics(text)) add("token", "acrostic", initials);
  return views;
}
