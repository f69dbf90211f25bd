/**
 * A scan of Markdown into the units a passage may not cut: a fenced code block, a table, or one line.
 * Lines are the atom because citations point at lines. Blank lines separate blocks and belong to none.
 */
export interface MarkdownBlock {
  /** 0-based, inclusive indexes into the lines that were scanned. */
  start: number;
  end: number;
  kind: "heading" | "fence" | "table" | "line";
  /** Headings in force at this block, outermost first; a heading block includes itself. */
  headingPath: string[];
  /** A blank line precedes the block: the place a reader expects a break. */
  afterBlank: boolean;
}

const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const TABLE_ROW = /^ {0,3}\|/;

export function splitLines(text: string): string[] {
  return text.split("\n").map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
}

/**
 * `scopes` are line ranges (structure blocks such as an exercise) whose headings name only their own lines:
 * after a scope, the headings in force before it apply again.
 */
export function scanMarkdownBlocks(lines: readonly string[], scopes: ReadonlyArray<{ start: number; end: number }> = []): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let headings: { level: number; title: string }[] = [];
  let afterBlank = false;
  let i = 0;
  const opening = [...scopes].sort((a, b) => a.start - b.start);
  let nextScope = 0;
  const open: Array<{ end: number; saved: typeof headings }> = [];
  const enterAndLeaveScopes = () => {
    for (let top = open.at(-1); top && top.end < i; top = open.at(-1)) headings = open.pop()!.saved;
    for (; nextScope < opening.length && opening[nextScope]!.start <= i; nextScope++)
      open.push({ end: opening[nextScope]!.end, saved: [...headings] });
  };
  const push = (start: number, end: number, kind: MarkdownBlock["kind"]) => {
    blocks.push({ start, end, kind, headingPath: headings.map((h) => h.title), afterBlank });
    afterBlank = false;
  };
  while (i < lines.length) {
    enterAndLeaveScopes();
    const line = lines[i]!;
    if (line.trim() === "") {
      afterBlank = true;
      i++;
      continue;
    }
    const fence = FENCE_OPEN.exec(line);
    if (fence) {
      const end = findFenceEnd(lines, i, fence[1]!);
      push(i, end, "fence");
      i = end + 1;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      while (headings.length > 0 && headings[headings.length - 1]!.level >= level) headings.pop();
      headings.push({ level, title: heading[2]!.trim() });
      push(i, i, "heading");
      i++;
      continue;
    }
    if (TABLE_ROW.test(line)) {
      let end = i;
      while (end + 1 < lines.length && TABLE_ROW.test(lines[end + 1]!)) end++;
      push(i, end, "table");
      i = end + 1;
      continue;
    }
    push(i, i, "line");
    i++;
  }
  return blocks;
}

/** The closing fence uses the same character, at least as many times; an unclosed fence runs to the end. */
function findFenceEnd(lines: readonly string[], open: number, marker: string): number {
  const closing = new RegExp(`^ {0,3}${marker[0] === "`" ? "`" : "~"}{${marker.length},}[ \\t]*$`);
  for (let j = open + 1; j < lines.length; j++) {
    if (closing.test(lines[j]!)) return j;
  }
  return lines.length - 1;
}
