import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCourseFile } from "../../src/retrieval/content/load-course.js";
import { parseYaml } from "../../src/retrieval/content/parse-content-file.js";
import { QuizFileSchema, type MultipleChoiceItem, type NumericItem, type ShortAnswerItem } from "../../src/retrieval/content/schema.js";
import { gradeByOverlap, gradeExactly, readChoice, readNumber } from "../../src/tutor/grading.js";
import { tokenizerFor } from "../../src/retrieval/text-terms.js";

const ENGLISH = tokenizerFor("en");
import { routeText } from "../../src/tutor/router.js";
import { sanitizeText } from "../../src/tutor/sanitize.js";

/** Fixed seed: the same cases every run, so a failure is reproducible and the suite deterministic. */
const RUNS = { numRuns: 300, seed: 20_260_601 };

/** Text that looks like course files often enough to get past the first line of the parsers. */
const yamlish = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc
    .array(
      fc.constantFrom(
        "items:",
        "  - id: a",
        "    type: numeric",
        "    answer: 3",
        "id: x",
        "title: T",
        "skills:",
        "  - id: s",
        "&a [1, 2]",
        "*a",
        "---",
        ": :",
        "- - -",
        "\t",
        "'",
        '"',
        "{",
        "[",
        "#",
        "key: value",
      ),
      { maxLength: 30 },
    )
    .map((lines) => lines.join("\n")),
);
const markdownish = fc
  .tuple(fc.constantFrom("", "---\n", "---\ntitle: T\nskills: [a]\n---\n", "---\n---\n"), fc.string({ maxLength: 300 }))
  .map(([head, body]) => head + body);
const unicodeText = fc.string({ unit: "binary", maxLength: 200 });

const item = { id: "q", skill: "s", prompt: "p", explanation: "e", hints: ["h"], difficulty: "beginner" as const };
const multipleChoice: MultipleChoiceItem = { ...item, type: "multiple_choice", choices: ["one", "two", "three"], answer: "B" };
const numeric: NumericItem = { ...item, type: "numeric", answer: 2.5, tolerance: 0 };
const shortAnswer: ShortAnswerItem = { ...item, type: "short_answer", answer: "a loop repeats code", rubric: "mentions repetition" };

/** Unicode's own classes (control, format), not a copy of the sanitizer's list: newline and tab aside. */
const INVISIBLE_OR_CONTROL = /(?![\n\t])[\p{Cc}\p{Cf}]/u;
/** Format characters sanitize.ts does not remove yet (reported; see the known-gap test below). */
const KNOWN_GAP =
  /[\u0600-\u0605\u061C\u06DD\u070F\u0890\u0891\u08E2\u180E\u206A-\u206F\uFFF9-\uFFFB\u{110BD}\u{110CD}\u{13430}-\u{1343F}\u{1BCA0}-\u{1BCA3}\u{1D173}-\u{1D17A}\u{E0001}\u{E0020}-\u{E007F}]/gu;

describe("content parsers never throw: a file is either parsed or refused with located problems", () => {
  it("parseCourseFile on any text, for every kind of course path", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("course.yaml", "quizzes/a.yaml", "lessons/a.md", "teacher/n.md", "notes.txt"),
        fc.oneof(yamlish, markdownish, unicodeText),
        (relativePath, text) => {
          const parsed = parseCourseFile(relativePath, `c/${relativePath}`, text);
          if (parsed.kind !== "invalid") return;
          expect(parsed.problems.length).toBeGreaterThan(0);
          for (const problem of parsed.problems) {
            expect(problem.file).toBe(`c/${relativePath}`);
            expect(Number.isInteger(problem.line) && problem.line >= 0).toBe(true);
            expect(problem.message.length).toBeGreaterThan(0);
          }
        },
      ),
      RUNS,
    );
  });

  it("parseYaml with the quiz schema on any text", () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        const parsed = parseYaml("q.yaml", text, QuizFileSchema);
        expect(parsed.ok || parsed.problems.every((problem) => problem.file === "q.yaml" && problem.line >= 0)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe("commands: routeText is total", () => {
  it("returns a known intent for any text, with or without a pending item", () => {
    const kinds = new Set([
      "ask",
      "quiz",
      "answer",
      "hint",
      "give-up",
      "progress",
      "why",
      "export",
      "forget",
      "course",
      "content",
      "class-view",
      "override",
      "review",
      "help",
      "empty",
    ]);
    const text = fc.oneof(
      unicodeText,
      fc
        .tuple(fc.constantFrom("/", "/quiz ", "/answer ", "/forget-me ", "/content ", "why ", "quiz me on "), fc.string({ maxLength: 60 }))
        .map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(
        text,
        fc.constantFrom(undefined, { type: "multiple_choice" as const }, { type: "numeric" as const }, { type: "short_answer" as const }),
        (input, pending) => {
          const intent = routeText(input, pending);
          expect(kinds.has(intent.kind)).toBe(true);
          if (intent.kind === "ask") expect(intent.question.trim().length).toBeGreaterThan(0);
        },
      ),
      RUNS,
    );
  });
});

describe("answers: reading and grading never throw", () => {
  const answers = fc.oneof(
    unicodeText,
    fc.stringMatching(/^-?[\d,._ ]{0,12}(e-?\d{1,3})?$/),
    fc.constantFrom("b", "(B)", "answer: c", "two", "1e999", "-0", ".5", "1,000.5", "3,5"),
  );

  it("readNumber gives a finite number or nothing", () => {
    fc.assert(
      fc.property(answers, (answer) => {
        const value = readNumber(answer);
        expect(value === undefined || Number.isFinite(value)).toBe(true);
      }),
      RUNS,
    );
  });

  it("readChoice gives one of the item's letters or nothing", () => {
    fc.assert(
      fc.property(answers, (answer) => {
        expect([undefined, "A", "B", "C"]).toContain(readChoice(answer, multipleChoice));
      }),
      RUNS,
    );
  });

  it("gradeExactly and gradeByOverlap return a grade or nothing", () => {
    fc.assert(
      fc.property(answers, (answer) => {
        for (const quizItem of [multipleChoice, numeric]) {
          const grade = gradeExactly(answer, quizItem);
          if (grade) expect(grade).toEqual({ correct: expect.any(Boolean), method: "exact" });
        }
        const overlap = gradeByOverlap(answer, shortAnswer, ENGLISH);
        expect(overlap.method).toBe("approximate");
      }),
      RUNS,
    );
  });
});

describe("sanitizeText", () => {
  const withInvisibles = fc
    .array(
      fc.oneof(
        fc.string({ maxLength: 5 }),
        fc.constantFrom("\u200B", "\u202E", "\uFEFF", "\u0000", "\u0007", "\r\n", "\r", "\u00AD", "\u2066", "مرحبا", "\t", "\n"),
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join(""));

  it("is idempotent and removes every invisible and control character (keeping newlines and tabs)", () => {
    fc.assert(
      fc.property(fc.oneof(withInvisibles, unicodeText), (text) => {
        const once = sanitizeText(text);
        expect(sanitizeText(once)).toBe(once);
        expect(INVISIBLE_OR_CONTROL.test(once.replace(KNOWN_GAP, ""))).toBe(false);
      }),
      RUNS,
    );
  });

  // Tag characters (U+E0000–E007F) among them can smuggle invisible instructions to a model.
  it("removes the rarer invisible format characters too", () => {
    for (const hidden of ["\u061C", "\u180E", "\u206A", "\u{E0041}", "\uFFF9"]) expect(sanitizeText(`a${hidden}b`)).toBe("ab");
  });
});
