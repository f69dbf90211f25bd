import { describe, expect, it } from "vitest";
import { normalizeAnswer, summarizeClass as summarizeRecords } from "../../src/tutor/mastery/class-summary.js";
import { parseOverride } from "../../src/tutor/mastery/parse-override.js";
import type { Attempt, SkillMastery } from "../../src/tutor/store/profile-store.js";
import { classRecordsInMemory } from "../support/class-records-in-memory.js";

/** The summary of records given in memory (the store's SQL is checked against the same reference in test/store). */
const summarizeClass = (mastery: Parameters<typeof classRecordsInMemory>[0], attempts: readonly Attempt[]) =>
  summarizeRecords(classRecordsInMemory(mastery, attempts));

let clock = 0;
const attempt = (studentId: string, skillId: string, correct: boolean, answer = correct ? "B" : "A", itemId = `${skillId}-1`): Attempt => ({
  courseId: "c",
  studentId,
  skillId,
  itemId,
  correct,
  answer,
  hintsUsed: 0,
  at: clock++,
});
const record = (studentId: string, skillId: string, pKnown: number, attempts = 3): SkillMastery & { studentId: string } => ({
  studentId,
  skillId,
  pKnown,
  attempts,
  correct: 1,
  updatedAt: 0,
});

describe("summarizeClass", () => {
  it("ranks skills by how much the class struggles", () => {
    const summary = summarizeClass(
      [record("a", "loops", 0.3), record("b", "loops", 0.5), record("a", "types", 0.97), record("b", "types", 0.9)],
      [attempt("a", "loops", false), attempt("b", "loops", true), attempt("a", "types", true)],
    );
    expect(summary.students).toBe(2);
    expect(summary.struggles.map((s) => s.skillId)).toEqual(["loops", "types"]);
    expect(summary.struggles[0]).toMatchObject({ students: 2, masteredShare: 0, missRate: 0.5 });
    expect(summary.struggles[0]!.meanPKnown).toBeCloseTo(0.4);
    expect(summary.struggles[1]!.masteredShare).toBe(0.5);
  });

  it("finds students with many attempts and no progress, not those who are slow but improving", () => {
    const stuck = [true, false, false, false, false, true, false].map((c) => attempt("stuck", "loops", c));
    const improving = [false, false, false, false, true, true, true].map((c) => attempt("improving", "loops", c));
    const few = [false, false].map((c) => attempt("few", "loops", c));
    const summary = summarizeClass(
      [record("stuck", "loops", 0.25, 7), record("improving", "loops", 0.8, 7), record("few", "loops", 0.1, 2)],
      [...stuck, ...improving, ...few],
    );
    expect(summary.stuck).toEqual([{ studentId: "stuck", skillId: "loops", attempts: 7, pKnown: 0.25, recentRight: 1 }]);
  });

  it("reports the most common wrong answer per item, ignoring case, spacing and give-ups", () => {
    const summary = summarizeClass(
      [],
      [
        attempt("a", "loops", false, "range(1, 10)", "q1"),
        attempt("b", "loops", false, "RANGE(1,  10).", "q1"),
        attempt("c", "loops", false, "range(10)", "q1"),
        attempt("d", "loops", false, "(gave up)", "q1"),
        attempt("e", "loops", false, "(gave up)", "q1"),
        attempt("a", "types", false, "int", "q2"),
      ],
    );
    expect(summary.wrongAnswers).toEqual([{ itemId: "q1", answer: "range(1, 10)", count: 2, wrong: 3 }]);
    expect(normalizeAnswer("  A. ")).toBe("a");
  });
});

describe("parseOverride", () => {
  it("reads student, skill, percent and reason", () => {
    expect(parseOverride("discord:user:1 loops 85% passed the lab test")).toEqual({
      ok: true,
      request: { student: "discord:user:1", skill: "loops", value: 0.85, reason: "passed the lab test" },
    });
  });

  it("refuses a missing reason, a bad percentage and missing arguments", () => {
    expect(parseOverride("s loops 85")).toEqual({ ok: false, problem: "no-reason" });
    expect(parseOverride("s loops 150 x")).toEqual({ ok: false, problem: "not-a-percentage", amount: "150" });
    expect(parseOverride("s loops ninety x")).toEqual({ ok: false, problem: "not-a-percentage", amount: "ninety" });
    expect(parseOverride("")).toEqual({ ok: false, problem: "incomplete" });
  });
});
