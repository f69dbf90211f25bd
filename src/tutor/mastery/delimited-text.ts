const CANDIDATE_DELIMITERS = [",", "\t", ";", "|"] as const;

/** The delimiter of a CSV/TSV file: the candidate that occurs most often in the header, outside quotes. */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(CANDIDATE_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best: string = ",";
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}

/** The first line of the text, up to the first line break outside quotes. */
export function readHeaderLine(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) return text.slice(0, i);
  }
  return text;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Where an unquoted run of a field ends: at the next delimiter or line break, or the end of the text. */
function fieldEnd(text: string, from: number, delimiterCode: number): number {
  let i = from;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === delimiterCode || code === LF || code === CR) break;
    i++;
  }
  return i;
}

/**
 * Calls onRecord for each record of RFC 4180 text: quoted fields may hold delimiters, line breaks and
 * doubled quotes; CRLF and LF both end a record; blank lines are skipped. The fields array is reused
 * between calls, so copy it to keep it. `line` is the 1-based line where the record starts.
 */
export function forEachRecord(text: string, delimiter: string, onRecord: (fields: string[], line: number) => void): void {
  const delimiterCode = delimiter.charCodeAt(0);
  const fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  const endRecord = () => {
    if (!(fields.length === 1 && fields[0] === "")) onRecord(fields, recordLine);
    fields.length = 0;
  };
  while (i < n) {
    let value: string;
    if (text.charCodeAt(i) === QUOTE) {
      let parts = "";
      let from = i + 1;
      i = from;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) throw new Error(`Unclosed quote in the record starting on line ${recordLine}.`);
        if (text.charCodeAt(close + 1) === QUOTE) {
          parts += text.slice(from, close + 1);
          i = from = close + 2;
          continue;
        }
        parts += text.slice(from, close);
        i = close + 1;
        break;
      }
      for (const char of parts) if (char === "\n") line++;
      value = parts;
      // Anything between the closing quote and the delimiter is kept, as spreadsheets do.
      const end = fieldEnd(text, i, delimiterCode);
      value += text.slice(i, end);
      i = end;
    } else {
      const end = fieldEnd(text, i, delimiterCode);
      value = text.slice(i, end);
      i = end;
    }
    fields.push(value);
    if (i >= n) break;
    const code = text.charCodeAt(i);
    if (code === delimiterCode) {
      i++;
      if (i >= n) fields.push("");
      continue;
    }
    // A line break ends the record.
    i += code === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    endRecord();
    line++;
    recordLine = line;
  }
  if (fields.length > 0) endRecord();
}
