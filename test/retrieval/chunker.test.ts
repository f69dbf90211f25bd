import { describe, expect, it } from "vitest";
import { chunkLesson } from "../../src/retrieval/chunker.js";
import { makeLesson } from "./lesson-fixture.js";

const FRONT_MATTER = ["---", "title: Loops", "skills: [for-loops]", "---"];

const BODY = [
  "# Loops",
  "",
  "A loop repeats a block of code.",
  "",
  "## The for statement",
  "",
  "Use `for` to walk over a list.",
  "",
  "```python",
  "# not a heading: a comment inside a fence",
  "for x in [1, 2, 3]:",
  "    print(x)",
  "```",
  "",
  "### Ranges",
  "",
  "`range(3)` gives 0, 1 and 2.",
  "",
  "## While loops",
  "",
  "A while loop runs until its condition is false.",
].join("\n");

function sourceLines(body: string): string[] {
  return [...FRONT_MATTER, ...body.split("\n")];
}

describe("chunkLesson", () => {
  const passages = chunkLesson("python-basics", makeLesson("lessons/loops.md", BODY));

  it("records the heading path of each passage, ignoring # lines inside code fences", () => {
    expect(passages.map((p) => p.headingPath)).toEqual([
      ["Loops"],
      ["Loops", "The for statement"],
      ["Loops", "The for statement", "Ranges"],
      ["Loops", "While loops"],
    ]);
  });

  it("gives 1-based source lines whose text is exactly the passage", () => {
    const lines = sourceLines(BODY);
    for (const passage of passages) {
      expect(lines.slice(passage.startLine - 1, passage.endLine).join("\n")).toBe(passage.text);
      expect(passage.id).toBe(`lessons/loops.md#${passage.startLine}-${passage.endLine}`);
    }
    expect(passages[0]!.startLine).toBe(5);
  });

  it("keeps a code fence whole inside one passage", () => {
    const withFence = passages.filter((p) => p.text.includes("```python"));
    expect(withFence).toHaveLength(1);
    expect(withFence[0]!.text).toContain("    print(x)\n```");
  });

  it("copies course, title and skills onto every passage", () => {
    for (const passage of passages) {
      expect(passage).toMatchObject({ courseId: "python-basics", lessonTitle: "Loops", skills: ["for-loops"] });
    }
  });

  it("cuts between paragraphs, not between the lines of one", () => {
    const paragraph = (n: number) => Array.from({ length: 3 }, (_, i) => `Paragraph ${n}, wrapped line ${i} of it.`);
    const body = ["# Wrapped", "", ...paragraph(1), "", ...paragraph(2), "", ...paragraph(3)].join("\n");
    const cut = chunkLesson("c", makeLesson("lessons/wrapped.md", body), { maxChars: 200 });
    expect(cut.length).toBeGreaterThan(1);
    for (const passage of cut) {
      const lines = passage.text.split("\n").filter((line) => line.startsWith("Paragraph"));
      expect(lines.length % 3).toBe(0);
    }
  });

  it("keeps passages within the size limit and cuts long sections between lines, never mid-fence", () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} about iteration and counters, long enough to matter.`);
    const fence = ["```js", ...Array.from({ length: 8 }, (_, i) => `console.log(${i});`), "```"];
    const body = ["# Long", "", ...paragraphs.slice(0, 20), "", ...fence, "", ...paragraphs.slice(20)].join("\n");
    const long = chunkLesson("c", makeLesson("lessons/long.md", body), { maxChars: 300 });
    expect(long.length).toBeGreaterThan(5);
    const lines = sourceLines(body);
    for (const passage of long) {
      expect(passage.text.length).toBeLessThanOrEqual(300);
      expect(lines.slice(passage.startLine - 1, passage.endLine).join("\n")).toBe(passage.text);
      const fences = passage.text.split("\n").filter((line) => line.startsWith("```")).length;
      expect(fences % 2).toBe(0);
    }
    const covered = long.flatMap((p) => p.text.split("\n")).filter((line) => line.trim() !== "");
    expect(covered).toEqual(body.split("\n").filter((line) => line.trim() !== ""));
  });

  it("cuts a code fence between lines only when the fence alone exceeds the limit", () => {
    const fence = ["```", ...Array.from({ length: 30 }, (_, i) => `line_${i} = ${i} * 2`), "```"];
    const cut = chunkLesson("c", makeLesson("lessons/big.md", ["# Big", "", ...fence].join("\n")), { maxChars: 200 });
    expect(cut.length).toBeGreaterThan(2);
    for (const passage of cut) expect(passage.text.length).toBeLessThanOrEqual(200);
  });

  it("starts a new passage at each heading and carries a heading with the text under it", () => {
    const body = "# A\n## B\ntext of b\n## C\ntext of c";
    const result = chunkLesson("c", makeLesson("x.md", body, { frontMatterLines: 0 }));
    expect(result.map((p) => [p.text, p.headingPath, p.startLine, p.endLine])).toEqual([
      ["# A\n## B\ntext of b", ["A", "B"], 1, 3],
      ["## C\ntext of c", ["A", "C"], 4, 5],
    ]);
  });
});
