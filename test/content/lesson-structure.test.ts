import { describe, expect, it } from "vitest";
import { chunkLesson } from "../../src/retrieval/chunker.js";
import { readLessonStructure, studentText } from "../../src/retrieval/content/lesson-structure.js";
import { makeLesson } from "../retrieval/lesson-fixture.js";

const roles = (body: string) => readLessonStructure(body).blocks.map((block) => `${block.role}:${block.name}`);

describe("structure blocks in the four markups", () => {
  it("Pandoc divs, bare or with attributes: a challenge, its hint and solution, closed by any line of colons", () => {
    const body = [
      '::: {.challenge title="Sum it"}',
      "Add up `[1, 2, 3]`.",
      "",
      "::: hint",
      "Use `sum`.",
      ":::",
      "",
      "::::: solution",
      "## Solution",
      "`sum([1, 2, 3])` gives 6.",
      ":::::::::",
      "::::::::::::",
      "After the challenge.",
    ].join("\n");
    const structure = readLessonStructure(body);
    expect(roles(body)).toEqual(["exercise:challenge", "hint:hint", "solution:solution"]);
    expect(structure.exercises).toEqual([
      expect.objectContaining({
        title: "Sum it",
        prompt: "**Sum it**\nAdd up `[1, 2, 3]`.",
        hints: ["Use `sum`."],
        solution: "`sum([1, 2, 3])` gives 6.",
        start: 0,
        end: 11,
      }),
    ]);
    expect(structure.studentLines).toEqual([
      "**Sum it**",
      "Add up `[1, 2, 3]`.",
      "",
      null,
      "Use `sum`.",
      null,
      "",
      null,
      null,
      null,
      null,
      null,
      "After the challenge.",
    ]);
  });

  it("MyST directives in backtick and colon fences; a solution finds its exercise by label; option lines are hidden", () => {
    const body = [
      "```{exercise} Doubling",
      ":label: ex-double",
      "",
      "What is `2 * 21`?",
      "```",
      "",
      "Some text between.",
      "",
      ":::{solution} ex-double",
      ":class: dropdown",
      "It is 42.",
      ":::",
    ].join("\n");
    const structure = readLessonStructure(body);
    expect(structure.exercises).toEqual([
      expect.objectContaining({ title: "Doubling", prompt: "**Doubling**\n\nWhat is `2 * 21`?", solution: "It is 42." }),
    ]);
    expect(studentText(structure)).not.toMatch(/:label:|:class:|```\{|:::|42/);
  });

  it("MkDocs admonitions: bodies dedented, nested blocks found by indentation, a success titled Solution is teacher-only", () => {
    const body = [
      '??? question "Exercise 1"',
      "    What does `len('abc')` give?",
      "",
      '    ??? success "Solution"',
      "        It gives 3.",
      "",
      "Back to the lesson.",
    ].join("\n");
    const structure = readLessonStructure(body);
    expect(roles(body)).toEqual(["exercise:question", "solution:success"]);
    expect(structure.exercises[0]).toMatchObject({
      title: "Exercise 1",
      prompt: "**Exercise 1**\nWhat does `len('abc')` give?",
      solution: "It gives 3.",
    });
    expect(structure.studentLines).toEqual(["**Exercise 1**", "What does `len('abc')` give?", "", null, null, "", "Back to the lesson."]);
  });

  it("HTML <details>: a summary that says solution, in the course's language, makes the block teacher-only; other details stay", () => {
    for (const summary of ["Solution", "Answer", "Lösung", "Réponse", "Solución", "答案", "Решение"]) {
      const body = ["How many legs has a spider?", "", `<details><summary>${summary}</summary>`, "", "Eight legs.", "", "</details>"].join(
        "\n",
      );
      const structure = readLessonStructure(body);
      expect(
        structure.vaulted.map((text) => text.text),
        summary,
      ).toEqual(["Eight legs."]);
      expect(studentText(structure), summary).toBe("How many legs has a spider?\n");
      // Without an exercise block, the text before the solution is the exercise.
      expect(structure.exercises[0], summary).toMatchObject({ prompt: "How many legs has a spider?", solution: "Eight legs." });
    }
    const aside = readLessonStructure("<details>\n<summary>Why?</summary>\nBecause.\n</details>");
    expect(aside.vaulted).toEqual([]);
    expect(aside.studentLines).toEqual([null, "**Why?**", "Because.", null]);
  });

  it("instructor notes are teacher-only; unknown blocks are taught, listed, and lose their markers", () => {
    const body = "::: instructor\nWatch the clock here.\n:::\n\n::: discussion-circle\nTalk it over.\n:::";
    const structure = readLessonStructure(body);
    expect(structure.vaulted).toEqual([expect.objectContaining({ role: "instructor", text: "Watch the clock here." })]);
    expect(structure.unclassified).toEqual(["discussion-circle"]);
    expect(studentText(structure).trim()).toBe("Talk it over.");
  });

  it("markers inside a code block are code, not structure", () => {
    const body = "```markdown\n::: solution\nnot a solution\n:::\n```";
    const structure = readLessonStructure(body);
    expect(structure.blocks).toEqual([]);
    expect(studentText(structure)).toBe(body);
  });
});

describe("passages of a structured lesson", () => {
  const body = [
    "## Loops", // 6
    "",
    "A loop repeats.",
    "",
    "::: challenge", // 10
    "## Count down",
    "Print 3, 2, 1.",
    "::: solution",
    "for i in (3, 2, 1): print(i)",
    ":::",
    ":::",
    "",
    "More about loops.", // 18
  ].join("\n");
  const passages = chunkLesson("c", makeLesson("lessons/loops.md", body, { frontMatterLines: 5 }));

  it("never hold a marker or a solution, never span one, and cite exact source lines", () => {
    expect(passages.map((passage) => passage.text).join("\n")).not.toMatch(/:::|print\(i\)/);
    for (const passage of passages) expect(passage.startLine > 15 || passage.endLine < 13).toBe(true);
    const countDown = passages.find((passage) => passage.text.includes("Print 3, 2, 1."))!;
    expect([countDown.startLine, countDown.endLine]).toEqual([11, 12]);
  });

  it("a heading inside an exercise names only the exercise: the text after it is back under the section", () => {
    expect(passages.find((passage) => passage.text.includes("Print 3"))!.headingPath).toEqual(["Count down"]);
    expect(passages.find((passage) => passage.text.includes("More about loops."))!.headingPath).toEqual(["Loops"]);
  });
});
