import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DISCORD_MESSAGE_LIMIT, splitMessage } from "../../src/adapters/discord/split-message.js";

const fenceCount = (part: string) => part.split("\n").filter((line) => /^\s*```/.test(line)).length;

describe("splitMessage", () => {
  it("leaves a short message unchanged", () => {
    const text = "Hello.\n\nA list:\n- one\n- two\n\n```py\nprint(1)\n```";
    expect(splitMessage(text)).toEqual([text]);
  });

  it("splits between paragraphs, never inside one that fits", () => {
    const paragraph = (letter: string) => letter.repeat(900);
    const parts = splitMessage([paragraph("a"), paragraph("b"), paragraph("c")].join("\n\n"));
    expect(parts).toEqual([`${paragraph("a")}\n\n${paragraph("b")}`, paragraph("c")]);
  });

  it("closes a too-long code block and reopens it with the same language", () => {
    const code = Array.from({ length: 120 }, (_, i) => `    total += values[${i}]  # running sum of the values`).join("\n");
    const text = `Here is the loop:\n\n\`\`\`python\n${code}\n\`\`\`\n\nThat is all.`;
    const parts = splitMessage(text);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMIT);
      expect(fenceCount(part) % 2).toBe(0);
    }
    const codeParts = parts.filter((part) => part.includes("total +="));
    for (const part of codeParts) expect(part).toMatch(/```python\n( {4}total[^\n]*\n)+```/);
    // No code line is lost or cut.
    const lines = parts
      .join("\n")
      .split("\n")
      .filter((line) => line.includes("total +="));
    expect(lines).toEqual(code.split("\n"));
  });

  it("keeps a code block that fits in one part whole, moving it to the next part", () => {
    const prose = "p".repeat(1500);
    const block = `\`\`\`js\n${"x".repeat(800)}\n\`\`\``;
    expect(splitMessage(`${prose}\n\n${block}`)).toEqual([prose, block]);
  });

  it("cuts a single overlong line at a space", () => {
    const words = Array.from({ length: 600 }, (_, i) => `word${i}`).join(" ");
    const parts = splitMessage(words);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join(" ")).toBe(words);
  });

  it("never exceeds the limit and never leaves a fence open, for any mix of prose and code", () => {
    const line = fc.string({ minLength: 0, maxLength: 300 }).map((s) => s.replace(/[`\n]/g, "x"));
    const block = fc.oneof(
      fc.array(line, { minLength: 1, maxLength: 12 }).map((lines) => lines.join("\n")),
      fc.array(line, { minLength: 1, maxLength: 30 }).map((lines) => `\`\`\`ts\n${lines.join("\n")}\n\`\`\``),
    );
    fc.assert(
      fc.property(fc.array(block, { maxLength: 12 }), (blocks) => {
        const text = blocks.join("\n\n");
        const parts = splitMessage(text);
        for (const part of parts) {
          expect(part.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMIT);
          expect(fenceCount(part) % 2).toBe(0);
        }
        expect(parts.join("").replace(/\s|`|ts/g, "")).toBe(text.replace(/\s|`|ts/g, ""));
      }),
      { numRuns: 150 },
    );
  });
});
