import { beforeAll, describe, expect, it } from "vitest";
import type { Course, QuizItemDoc, TeachingStyle } from "../../src/retrieval/content/schema.js";
import type { ActiveItem } from "../../src/tutor/flow-context.js";
import type { HintSource } from "../../src/tutor/store/profile-store.js";
import { findMisconception } from "../../src/tutor/grading.js";
import type { ExplanationLevel } from "../../src/tutor/learner-state.js";
import { describePendingItem } from "../../src/tutor/pedagogy/item-state.js";
import { classifyQuestion, findQuestionSkill } from "../../src/tutor/pedagogy/read-question.js";
import { buildTutorPrompt, REPLY_WORD_BUDGET, type TutorPromptInput } from "../../src/tutor/prompt.js";
import { renderSolution } from "../../src/tutor/quiz-text.js";
import { loadSampleCourse } from "../leak-guard/course.js";

let course: Course;
const docOf = (id: string): QuizItemDoc => {
  const doc = course.items.find(({ item }) => item.id === id);
  if (!doc) throw new Error(`no item ${id}`);
  return doc;
};
// The guard's hints are shown to the model like asked-for ones: the student has seen them either way.
const active = (id: string, hints: HintSource[], wrongAnswers: string[]): ActiveItem => ({
  doc: docOf(id),
  hints,
  wrongAttempts: wrongAnswers.length,
  wrongAnswers,
  giveUpOffered: false,
});

const base = (over: Partial<TutorPromptInput> = {}): TutorPromptInput => ({
  courseTitle: "Python Basics",
  language: "en",
  question: "How do I count the items in a list?",
  passages: [],
  style: "socratic",
  questionKind: "problem",
  level: "novice",
  memory: [],
  ...over,
});
const systemOf = (input: TutorPromptInput) => buildTutorPrompt(input)[0]!.content;

/** The item's teacher-only text: the explanation, and for short answers the model answer and rubric. */
function secretsOf(doc: QuizItemDoc): string[] {
  const { item } = doc;
  return [item.explanation.trim(), ...(item.type === "short_answer" ? [item.answer, item.rubric] : [])];
}

/** The key stated as a key: "answer: C", "the answer is 9", "C) str (correct)". */
function statesKey(system: string, doc: QuizItemDoc): boolean {
  const key = doc.item.type === "multiple_choice" ? doc.item.answer : String(doc.item.answer);
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return (
    new RegExp(`answer\\W+(?:is\\W+)?${escaped}\\b|${escaped}\\W+(?:is\\W+)?(?:right|correct)`, "i").test(system) ||
    system.includes(`${renderSolution(doc.item)} (`)
  );
}

beforeAll(async () => {
  course = await loadSampleCourse();
});

describe("the prompt for each style, level and item state", () => {
  const styles: TeachingStyle[] = ["socratic", "direct"];
  const levels: ExplanationLevel[] = ["novice", "developing", "proficient"];
  const states: Array<[string, () => ActiveItem | undefined]> = [
    ["no item pending", () => undefined],
    ["an item just asked", () => active("type-of-quoted-number", [], [])],
    ["after a hint and a known misconception", () => active("type-of-quoted-number", ["guard"], ["B"])],
    ["after all hints and two wrong numbers", () => active("int-conversion-cuts-decimals", ["asked", "guard", "asked"], ["10", "8"])],
  ];

  for (const style of styles)
    for (const level of levels)
      for (const [state, make] of states) {
        it(`${style}, ${level}, ${state}`, () => {
          const pending = make();
          const system = systemOf(base({ style, level, pendingItem: pending && describePendingItem(pending) }));
          expect(system).toContain(`Keep the reply under ${REPLY_WORD_BUDGET[level]} words`);
          if (style === "socratic") expect(system).toContain("ask for their idea or first step");
          else expect(system).not.toContain("ask for their idea or first step");
          if (!pending) {
            expect(system).not.toContain("quiz question");
            return;
          }
          const { item } = pending.doc;
          expect(system).toContain(item.prompt.trim());
          expect(system).toContain("Any worked example must be different from this question");
          item.hints.forEach((hint, index) =>
            index < pending.hints.length ? expect(system).toContain(`${index + 1}. ${hint}`) : expect(system).not.toContain(hint),
          );
          for (const answer of pending.wrongAnswers) expect(system).toContain(`- "${answer}"`);
          for (const misconception of item.misconceptions ?? []) {
            const matched = pending.wrongAnswers.some((answer) => findMisconception(answer, item) === misconception);
            if (matched) expect(system).toContain(misconception.note);
            else expect(system).not.toContain(misconception.note);
          }
          for (const secret of secretsOf(pending.doc)) expect(system).not.toContain(secret);
          expect(statesKey(system, pending.doc)).toBe(false);
          if (pending.hints.length >= item.hints.length) expect(system).toContain("All hints are used");
          else expect(system).toContain("suggest the hint command (/hint)");
        });
      }
});

describe("socratic moves by kind of question", () => {
  it("a problem asks for the student's attempt first; a concept is explained briefly, then checked", () => {
    expect(systemOf(base({ questionKind: "problem" }))).toContain("do not solve it or explain the method");
    const concept = systemOf(base({ questionKind: "concept" }));
    expect(concept).toContain("Explain it briefly");
    expect(concept).not.toContain("do not solve it");
  });

  it("direct keeps the old explain-first instructions for every level", () => {
    expect(systemOf(base({ style: "direct", level: "novice" }))).toContain("include one small worked example");
    expect(systemOf(base({ style: "direct", level: "developing" }))).toContain("most common mistake");
    expect(systemOf(base({ style: "direct", level: "proficient" }))).toContain("offer one short challenge");
  });

  it("names the skill the answer is pitched at", () => {
    expect(systemOf(base({ pitchedAt: { name: "Lists", description: "Create lists." } }))).toContain(
      'about the skill "Lists" (Create lists.)',
    );
  });

  it.each([
    ["What is a variable?", false, "concept"],
    ["What does `print(7 // 2)` show?", false, "problem"],
    ["How do I reverse a string?", false, "problem"],
    ["My loop doesn't work, help", false, "problem"],
    ["Explain dictionaries", false, "concept"],
    ["What is a string?", true, "problem"],
  ] as const)("%s (item pending: %s) is a %s", (question, itemPending, kind) => {
    expect(classifyQuestion(question, { itemPending })).toBe(kind);
  });

  it("a reply that is neither continues the previous question's kind", () => {
    expect(classifyQuestion("I think I need a loop?", { itemPending: false, previousQuestion: "How do I add up a list?" })).toBe("problem");
    expect(classifyQuestion("I think I need a loop?", { itemPending: false, previousQuestion: "What is a list?" })).toBe("concept");
    expect(classifyQuestion("What is a loop, then?", { itemPending: false, previousQuestion: "How do I add up a list?" })).toBe("concept");
  });
});

describe("the skill a question is about", () => {
  it.each([
    ["what is a variable?", "variables"],
    ["how do I catch an error with try and except?", "error-handling"],
    ["what does a list comprehension look like?", "list-comprehensions"],
    ["how do dictionaries store key-value pairs?", "dictionaries"],
    ["what is the difference between a local and a global variable?", "scope"],
  ])("%s → %s", (question, skill) => {
    expect(findQuestionSkill(course, question, [])).toBe(skill);
  });

  it("passages on another skill do not outvote the skill the question names", () => {
    const scopePassage = {
      passage: {
        id: "p",
        courseId: "python-basics",
        file: "lessons/08-scope.md",
        lessonTitle: "Scope",
        headingPath: [],
        skills: ["scope"],
        text: "",
        startLine: 1,
        endLine: 2,
      },
      score: 1,
    };
    expect(findQuestionSkill(course, "what is a variable?", [scopePassage, scopePassage, scopePassage])).toBe("variables");
  });

  it("a question that names no skill follows the passages, then the pending item", () => {
    const listPassage = {
      passage: {
        id: "p",
        courseId: "python-basics",
        file: "lessons/06-lists.md",
        lessonTitle: "Lists",
        headingPath: [],
        skills: ["lists"],
        text: "",
        startLine: 1,
        endLine: 2,
      },
      score: 1,
    };
    expect(findQuestionSkill(course, "I am confused", [listPassage])).toBe("lists");
    expect(findQuestionSkill(course, "I am confused", [], "for-loops")).toBe("for-loops");
    expect(findQuestionSkill(course, "I am confused", [])).toBeUndefined();
  });
});

describe("matching a wrong answer to the teacher's misconceptions", () => {
  it("reads answers the way they are graded: a choice by letter or text, a number in any form", () => {
    const choice = docOf("type-of-quoted-number").item;
    expect(findMisconception("b", choice)?.note).toContain("ignores the quotes");
    expect(findMisconception("float", choice)?.note).toContain("ignores the quotes");
    expect(findMisconception("D", choice)).toBeUndefined();
    const numeric = docOf("floor-division-result").item;
    expect(findMisconception("5,75", numeric)?.note).toContain("ordinary division");
    expect(findMisconception("6", numeric)?.note).toContain("nearest whole number");
    expect(findMisconception("7", numeric)).toBeUndefined();
  });
});
