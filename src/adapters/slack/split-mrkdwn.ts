/**
 * Splits mrkdwn into pieces of at most `limit` characters (a section block holds 3,000), at line breaks
 * when it can; a piece that ends inside a code block closes it and the next one reopens it, so every
 * piece renders on its own.
 */
export function splitMrkdwn(text: string, limit: number): string[] {
  const fenceCost = "\n```".length;
  const width = limit - 2 * fenceCost;
  if (width < 1) throw new RangeError(`limit ${limit} is too small to split mrkdwn`);
  const pieces: string[] = [];
  let current = "";
  let inFence = false;
  const flush = () => {
    if (current === "" || current === "```") return;
    pieces.push(inFence ? `${current}\n\`\`\`` : current);
    current = inFence ? "```" : "";
  };
  for (const line of text.split("\n")) {
    for (const part of cutLine(line, width)) {
      // A closing fence always fits: the width keeps room for it.
      const closesOpenFence = inFence && part === "```";
      if (current !== "" && current.length + 1 + part.length > width && !closesOpenFence) flush();
      current = current === "" ? part : `${current}\n${part}`;
    }
    if (line === "```") inFence = !inFence;
  }
  if (current !== "" && current !== "```") pieces.push(current);
  return pieces;
}

function cutLine(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const parts: string[] = [];
  for (let start = 0; start < line.length; start += width) parts.push(line.slice(start, start + width));
  return parts;
}
