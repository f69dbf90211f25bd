/**
 * Other readings of a reply: what a student gets by decoding a token (base64, hex, binary, octal) or by
 * transforming the text (rot13, reversed, letters spelled one by one). The guard checks each reading as
 * it checks the plain text. (The first letters of lines and sentences are read by `Initials`, as they
 * span the whole reply.)
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

/** Maps each UTF-16 code unit through `map`, building the string in chunks (a stream checks many windows: no per-character callback strings). */
function mapCodes(text: string, map: (code: number) => number): string {
  let out = "";
  const chunk: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    chunk.push(map(text.charCodeAt(index)));
    if (chunk.length === 4096) {
      out += String.fromCharCode(...chunk);
      chunk.length = 0;
    }
  }
  return out + String.fromCharCode(...chunk);
}

export function rot13(text: string): string {
  return mapCodes(text, (code) => {
    if (code >= 65 && code <= 90) return ((code - 65 + 13) % 26) + 65;
    if (code >= 97 && code <= 122) return ((code - 97 + 13) % 26) + 97;
    return code;
  });
}

/** The text backwards, by code point (a surrogate pair stays one character). */
function reversed(text: string): string {
  return Array.from(text).reverse().join("");
}

/** Between two spelled characters: spaces, dashes, commas; a dot only before a space or a letter ("2.8" is a decimal). */
const SPELLING_GAP = String.raw`(?:[\s\-,_*|/·]{1,3}|\.(?=[\s\p{L}])\s{0,2})`;
const SPELLED_RUN = new RegExp(String.raw`(?<![\p{L}\p{N}])[\p{L}\p{N}](?:${SPELLING_GAP}[\p{L}\p{N}](?![\p{L}\p{N}]))+`, "gu");

/** Runs of single letters or digits spelled one by one ("f-i-v-e", "2 8", "t.r.u.e") joined up. */
export function joinSpelledRuns(text: string): string {
  return text.replace(SPELLED_RUN, (run) => run.replace(/[^\p{L}\p{N}]/gu, ""));
}

/** Number bases a reply may name, which make its bare digits worth reading in that base. */
export type NamedBase = "binary" | "hex" | "octal";

const BASE_NAMES: Array<[NamedBase, RegExp]> = [
  ["binary", /\b(?:binary|base[\s-]?2|bits?)\b/],
  ["hex", /\b(?:hex|hexadecimal|base[\s-]?16)\b/],
  ["octal", /\b(?:octal|base[\s-]?8)\b/],
];

/** The bases `text` names. */
export function namedBases(text: string): Set<NamedBase> {
  const lower = text.toLowerCase();
  return new Set(BASE_NAMES.filter(([, pattern]) => pattern.test(lower)).map(([base]) => base));
}

/**
 * Every decoded token and transformed reading of `text` (plain folded text in, views out). `bases` are
 * the number bases the whole reply names, when `text` is only part of it.
 */
export function decodeViews(text: string, bases: ReadonlySet<NamedBase> = namedBases(text)): TextView[] {
  const views: TextView[] = [];
  const add = (kind: TextView["kind"], how: string, decoded: string | undefined) => {
    if (decoded !== undefined && decoded !== "") views.push({ kind, how, text: decoded });
  };
  for (const [token] of text.matchAll(/(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{2,}={0,2}(?![A-Za-z0-9+/=])/g))
    add("token", "base64", decodeBase64(token));
  for (const [, digits] of text.matchAll(/\b0x([0-9a-f]+)\b/gi)) add("token", "hex", String(parseInt(digits!, 16)));
  for (const [, digits] of text.matchAll(/\b0b([01]+)\b/gi)) add("token", "binary", String(parseInt(digits!, 2)));
  for (const [, digits] of text.matchAll(/\b0o([0-7]+)\b/gi)) add("token", "octal", String(parseInt(digits!, 8)));
  // Hex bytes: "3238", "32 38", "0x32 0x38" read as characters.
  for (const [run] of text.matchAll(/\b(?:[0-9a-f]{2}[\s:]?){2,}\b/gi)) {
    const pairs = run.replace(/[\s:]/g, "").match(/../g) ?? [];
    add("token", "hex-bytes", decodeBytes(pairs.map((pair) => parseInt(pair, 16))));
  }
  // Bytes written in binary: "00110010 00111000".
  for (const [run] of text.matchAll(/\b[01]{8}(?:\s+[01]{8})*\b/g))
    add("token", "binary-bytes", decodeBytes(run.split(/\s+/).map((byte) => parseInt(byte, 2))));
  if (bases.has("binary")) {
    for (const [digits] of text.matchAll(/\b[01]{2,}\b/g)) add("token", "binary", String(parseInt(digits, 2)));
  }
  if (bases.has("hex")) {
    for (const [digits] of text.matchAll(/\b[0-9a-f]+\b/gi)) add("token", "hex", String(parseInt(digits, 16)));
  }
  if (bases.has("octal")) {
    for (const [digits] of text.matchAll(/\b[0-7]+\b/g)) add("token", "octal", String(parseInt(digits, 8)));
  }
  add("text", "rot13", rot13(text));
  add("text", "reversed", reversed(text));
  const joined = joinSpelledRuns(text);
  if (joined !== text) add("text", "spelled", joined);
  return views;
}
