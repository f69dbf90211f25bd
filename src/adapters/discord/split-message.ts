/** Discord refuses messages longer than this many characters. */
export const DISCORD_MESSAGE_LIMIT = 2000;

interface Block {
  /** The newlines that separated this block from the previous one, kept so unsplit text is unchanged. */
  separator: string;
  text: string;
  /** The opening fence line (e.g. "```python") when the block is a fenced code block. */
  fence?: string;
}

const FENCE = /^\s*(`{3,}|~{3,})/;

/**
 * Splits text into parts of at most `limit` characters, breaking between paragraphs and code blocks.
 * A code block too long for one part is closed at a line boundary and reopened, with the same
 * language, at the top of the next part, so every part renders as valid Markdown.
 */
export function splitMessage(text: string, limit = DISCORD_MESSAGE_LIMIT): string[] {
  const parts: string[] = [];
  let current = "";
  for (const block of parseBlocks(text)) {
    const joined = current === "" ? block.text : current + block.separator + block.text;
    if (joined.length <= limit) {
      current = joined;
      continue;
    }
    if (current.trim() !== "") parts.push(current);
    const pieces = block.text.length <= limit ? [block.text] : splitBlock(block, limit);
    parts.push(...pieces.slice(0, -1));
    current = pieces.at(-1) ?? "";
  }
  if (current.trim() !== "") parts.push(current);
  return parts;
}

function parseBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split("\n");
  let separator = "";
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? "";
    if (line.trim() === "") {
      separator += "\n";
      index += 1;
      continue;
    }
    const start = index;
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1] ?? "```";
      index += 1;
      while (index < lines.length && !(lines[index] ?? "").trim().startsWith(marker)) index += 1;
      index = Math.min(index + 1, lines.length);
    } else {
      while (index < lines.length && (lines[index] ?? "").trim() !== "" && !FENCE.test(lines[index] ?? "")) index += 1;
    }
    blocks.push({
      separator: blocks.length === 0 ? "" : `${separator}\n`,
      text: lines.slice(start, index).join("\n"),
      fence: fence ? line.trim() : undefined,
    });
    separator = "";
  }
  return blocks;
}

function splitBlock(block: Block, limit: number): string[] {
  if (block.fence === undefined) return packLines(block.text.split("\n"), limit);
  const lines = block.text.split("\n");
  const closing = closingFence(block.fence);
  const closed = lines.length > 1 && (lines.at(-1) ?? "").trim().startsWith(closing);
  const body = lines.slice(1, closed ? -1 : undefined);
  // Room for the reopened fence line and the closing fence, each on its own line.
  const budget = limit - block.fence.length - closing.length - 2;
  return packLines(body, budget).map((piece) => `${block.fence}\n${piece}\n${closing}`);
}

/** Packs lines into pieces of at most `limit` characters; a single overlong line is cut at a space if it can be. */
function packLines(lines: string[], limit: number): string[] {
  const pieces: string[] = [];
  let current: string | undefined;
  for (const line of lines.flatMap((l) => cutLine(l, limit))) {
    if (current !== undefined && current.length + 1 + line.length <= limit) {
      current += `\n${line}`;
    } else {
      if (current !== undefined) pieces.push(current);
      current = line;
    }
  }
  if (current !== undefined) pieces.push(current);
  return pieces;
}

function cutLine(line: string, limit: number): string[] {
  const cuts: string[] = [];
  let rest = line;
  while (rest.length > limit) {
    const space = rest.lastIndexOf(" ", limit);
    const atSpace = space > limit / 2;
    const at = atSpace ? space : limit;
    cuts.push(rest.slice(0, at));
    rest = rest.slice(atSpace ? at + 1 : at);
  }
  cuts.push(rest);
  return cuts;
}

function closingFence(openingLine: string): string {
  return FENCE.exec(openingLine)?.[1] ?? "```";
}
