import { describe, expect, it } from "vitest";
import type { Course, QuizItem, QuizItemDoc } from "../../src/retrieval/content/schema.js";
import { resolveSkill, selectNextItem } from "../../src/tutor/item-selection.js";
import { messagesFor } from "../../src/tutor/i18n/messages.js";
import { describeChoice } from "../../src/tutor/quiz-text.js";
import { buildLearnerState, explanationLevel, readySkills, weakestPrerequisite } from "../../src/tutor/learner-state.js";
import type { SkillMastery } from "../../src/tutor/store/profile-store.js";

const numericItem = (id: string, skill: string, difficulty: QuizItem["difficulty"] = "beginner"): QuizItemDoc => ({
  file: "quizzes/q.yaml",
  line: 1,
  item: { id, skill, type: "numeric", prompt: "?", explanation: "e", hints: ["h"], difficulty, answer: 1, tolerance: 0 },
});

/** basics → loops → nested-loops, and reading (a second root without items). */
const course: Course = {
  dir: "/nowhere",
  manifest: {
    id: "c",
    title: "C",
    description: "",
    language: "en",
    skills: [
      { id: "basics", name: "Basics", description: "d", prerequisites: [] },
      { id: "loops", name: "For loops", description: "d", prerequisites: ["basics"] },
      { id: "nested-loops", name: "Nested loops", description: "d", prerequisites: ["loops"] },
      { id: "reading", name: "Reading", description: "d", prerequisites: [] },
    ],
  },
  lessons: [],
  teacherNotes: [],
  items: [
    numericItem("basics-hard", "basics", "advanced"),
    numericItem("basics-easy", "basics"),
    numericItem("basics-mid", "basics", "intermediate"),
    numericItem("loops-1", "loops"),
    numericItem("nested-1", "nested-loops"),
  ],
};

const stateWith = (pKnown: Record<string, number>) =>
  buildLearnerState(
    course,
    Object.entries(pKnown).map(([skillId, p]): SkillMastery => ({ skillId, pKnown: p, attempts: 1, correct: 1, updatedAt: 0 })),
    new Map(),
  );

describe("selectNextItem", () => {
  it("a new student gets a root skill's easiest item", () => {
    const choice = selectNextItem(course, stateWith({}), []);
    expect(choice?.item.item.id).toBe("basics-easy");
    expect(choice?.reason).toBe("ready");
  });

  it("offers a skill only when its prerequisites are mastered", () => {
    expect(selectNextItem(course, stateWith({ basics: 0.94 }), [])?.item.item.skill).toBe("basics");
    expect(selectNextItem(course, stateWith({ basics: 0.95 }), [])?.item.item.id).toBe("loops-1");
    expect(selectNextItem(course, stateWith({ basics: 0.99, loops: 0.96 }), [])?.item.item.id).toBe("nested-1");
  });

  it("gives a weak student an easy item and a strong one a hard item", () => {
    expect(selectNextItem(course, stateWith({ basics: 0.2 }), [])?.item.item.id).toBe("basics-easy");
    expect(selectNextItem(course, stateWith({ basics: 0.9 }), [])?.item.item.id).toBe("basics-hard");
  });

  it("avoids recent items, the most recent last", () => {
    expect(selectNextItem(course, stateWith({}), ["basics-easy"])?.item.item.id).toBe("basics-mid");
    // Most recent first: every basics item was seen; the one seen longest ago comes back.
    expect(selectNextItem(course, stateWith({}), ["basics-easy", "basics-mid", "basics-hard"])?.item.item.id).toBe("basics-hard");
  });

  it("a requested skill is honoured even before its prerequisites", () => {
    const choice = selectNextItem(course, stateWith({}), [], "nested-loops");
    expect(choice?.item.item.id).toBe("nested-1");
    expect(describeChoice(choice!, "Nested loops", messagesFor("en"))).toBe("Practice on Nested loops, as you asked.");
    expect(selectNextItem(course, stateWith({}), [], "reading")).toBeUndefined();
  });

  it("everything mastered: a review of the skill known least well", () => {
    const choice = selectNextItem(course, stateWith({ basics: 0.99, loops: 0.96, "nested-loops": 0.97, reading: 0.2 }), []);
    expect(choice?.item.item.id).toBe("loops-1");
    expect(choice?.reason).toBe("all-mastered");
    expect(describeChoice(choice!, "For loops", messagesFor("en"))).toBe("You have mastered every skill; here is a review of For loops.");
  });

  it("a course without items offers nothing", () => {
    expect(selectNextItem({ ...course, items: [] }, stateWith({}), [])).toBeUndefined();
  });
});

describe("learner state", () => {
  it("unpractised skills start at the prior; a teacher's override wins", () => {
    const state = buildLearnerState(
      course,
      [{ skillId: "loops", pKnown: 0.3, attempts: 2, correct: 1, updatedAt: 0, override: { value: 0.97, reason: "r", by: "t", at: 0 } }],
      new Map([["basics", { prior: 0.4, learn: 0.1, guess: 0.2, slip: 0.1, forget: 0 }]]),
    );
    expect(Object.fromEntries(state.pKnown)).toEqual({ basics: 0.4, loops: 0.97, "nested-loops": 0.2, reading: 0.2 });
  });

  it("readySkills and weakestPrerequisite follow the graph", () => {
    expect(readySkills(course, stateWith({}))).toEqual(["basics", "reading"]);
    expect(weakestPrerequisite(course, stateWith({ basics: 0.3, loops: 0.6 }), "nested-loops")).toBe("basics");
    expect(weakestPrerequisite(course, stateWith({ basics: 0.99, loops: 0.6 }), "nested-loops")).toBe("loops");
    expect(weakestPrerequisite(course, stateWith({ basics: 0.99, loops: 0.99 }), "nested-loops")).toBeUndefined();
  });

  it.each<[number, string]>([
    [0.49, "novice"],
    [0.5, "developing"],
    [0.84, "developing"],
    [0.85, "proficient"],
  ])("explanationLevel at p = %d is %s", (p, level) => {
    expect(explanationLevel(stateWith({ basics: p }), ["basics"])).toBe(level);
  });

  it("explanationLevel averages the skills a question touches; none known is novice", () => {
    expect(explanationLevel(stateWith({ basics: 0.9, loops: 0.2 }), ["basics", "loops"])).toBe("developing");
    expect(explanationLevel(stateWith({ basics: 0.9 }), [])).toBe("novice");
    expect(explanationLevel(stateWith({ basics: 0.9 }), ["unknown-skill"])).toBe("novice");
  });

  it("resolveSkill understands ids, names and parts of names", () => {
    expect(resolveSkill(course, "nested-loops")).toBe("nested-loops");
    expect(resolveSkill(course, "For Loops")).toBe("loops");
    expect(resolveSkill(course, "nested")).toBe("nested-loops");
    expect(resolveSkill(course, "recursion")).toBeUndefined();
  });
});
