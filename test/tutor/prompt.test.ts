import { describe, expect, it } from "vitest";
import type { Passage } from "../../src/retrieval/passage.js";
import { buildTutorPrompt } from "../../src/tutor/prompt.js";

const passage = (n: number): Passage => ({
  id: `lessons/05-loops.md#${n}`,
  courseId: "python-basics",
  file: "lessons/05-loops.md",
  lessonTitle: "Loops",
  headingPath: ["Loops", `Section ${n}`],
  skills: ["for-loops"],
  text: `  Passage number ${n} text.\n`,
  startLine: n * 10,
  endLine: n * 10 + 5,
});

const input = {
  courseTitle: "Python Basics",
  language: "en",
  question: "How does a for loop work?",
  passages: [passage(1), passage(2)],
  style: "direct" as const,
  questionKind: "concept" as const,
  level: "novice" as const,
  memory: [
    { role: "user" as const, content: "What is a list?", at: 1 },
    { role: "assistant" as const, content: "A list holds values in order [1].", at: 2 },
  ],
};

describe("buildTutorPrompt", () => {
  it("numbers the passages with their citations, in the system message", () => {
    const [system] = buildTutorPrompt(input);
    expect(system?.role).toBe("system");
    expect(system?.content).toContain('course "Python Basics"');
    expect(system?.content).toContain("[1] Loops › Section 1 (lessons/05-loops.md:10-15)\nPassage number 1 text.");
    expect(system?.content).toContain("[2] Loops › Section 2 (lessons/05-loops.md:20-25)\nPassage number 2 text.");
    expect(system?.content.indexOf("[1] Loops")).toBeLessThan(system!.content.indexOf("[2] Loops"));
  });

  it.each([
    ["novice", "step by step"],
    ["developing", "most common mistake"],
    ["proficient", "concisely"],
  ] as const)("gives the %s level instruction only", (level, phrase) => {
    const system = buildTutorPrompt({ ...input, level })[0]!.content;
    expect(system).toContain(phrase);
    for (const other of ["step by step", "most common mistake", "concisely"].filter((p) => p !== phrase))
      expect(system).not.toContain(other);
  });

  it("memory comes between the system message and the question, in order", () => {
    const messages = buildTutorPrompt(input);
    expect(messages.slice(1)).toEqual([
      { role: "user", content: "What is a list?" },
      { role: "assistant", content: "A list holds values in order [1]." },
      { role: "user", content: "How does a for loop work?" },
    ]);
  });

  it("says so when no passage matches", () => {
    expect(buildTutorPrompt({ ...input, passages: [] })[0]!.content).toContain("(no passage of the course matches this question)");
  });

  it("tells the model to answer in the course's language, or in the student's when they write in another", () => {
    const chinese = buildTutorPrompt({ ...input, language: "zh-CN" })[0]!.content;
    expect(chinese).toContain("Write in Chinese (China) (zh-CN), the language of the course");
    expect(chinese).toContain("If the student writes in a different language, answer in the student's language");
    expect(buildTutorPrompt(input)[0]!.content).toContain("Write in English (en)");
  });
});
