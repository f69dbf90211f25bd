import { DEFAULT_BKT_PARAMS } from "../../src/tutor/mastery/bkt.js";
import { skillUpdate } from "../../src/tutor/skill-update.js";
import type { ClassRecords } from "../../src/tutor/mastery/class-summary.js";
import { createPrng } from "../../src/tutor/mastery/prng.js";
import { GAVE_UP_ANSWER, type Attempt, type ProfileStore } from "../../src/tutor/store/profile-store.js";
import { classRecordsInMemory } from "./class-records-in-memory.js";

export const COURSE = "c1";
export const SCHOOL = "test:class:school";
export const ROOM = "test:class:room";
const SKILLS = ["loops", "lists", "types", "strings"];
/** Wrong answers that differ only in case, spacing or a full stop, and some that don't. */
const WRONG = ["range(1, 10)", "RANGE(1,  10).", "range(10)", "It prints 10", "it prints 10!", "None", "none", "Été", "ÉTÉ"];

/**
 * A class's term through the store's own writes: students (some weak, some stuck) answer items of several
 * skills, with hints, give-ups, repeated wrong answers and unique ones; teachers override some skills; the
 * school's server holds everyone, a room only some, and another course has its own students.
 */
export async function populateClassTerm(store: ProfileStore, seed: number): Promise<void> {
  const random = createPrng(seed);
  let at = 1_000;
  for (let s = 0; s < 24; s++) {
    const studentId = `test:user:${s}`;
    const scopes = s % 3 === 0 ? [SCHOOL, ROOM] : [SCHOOL];
    const learns = s % 5 === 0 ? 0.01 : 0.3;
    let known = new Set<string>();
    for (let n = 0; n < 12 + Math.floor(random() * 20); n++) {
      const skillId = SKILLS[Math.floor(random() * SKILLS.length)]!;
      const itemId = `${skillId}-${Math.floor(random() * 3)}`;
      const right = known.has(skillId) ? random() > 0.1 : random() < 0.2;
      const roll = random();
      const hintsUsed = !right && roll < 0.15 ? 1 : 0;
      const answer = right
        ? "B"
        : roll > 0.9
          ? GAVE_UP_ANSWER
          : roll > 0.75
            ? `my own ${Math.floor(random() * 5)}`
            : WRONG[Math.floor(random() * WRONG.length)]!;
      const correct = right && hintsUsed === 0;
      if (random() < learns) known = new Set([...known, skillId]);
      await recordAnswer(store, { courseId: COURSE, studentId, skillId, itemId, correct, answer, hintsUsed, at: at++ }, scopes);
    }
    if (s % 7 === 1) await store.setOverride(COURSE, studentId, "loops", 0.97, "passed the lab", "teacher");
    if (s % 7 === 2) await store.setOverride(COURSE, studentId, "never-answered", 0.4, "seen in class", "teacher");
  }
  // Another course, and a student of this course's school who answered only there.
  for (const studentId of ["test:user:0", "test:user:other"]) {
    const attempt: Attempt = {
      courseId: "c2",
      studentId,
      skillId: "loops",
      itemId: "loops-0",
      correct: false,
      answer: "range(10)",
      hintsUsed: 0,
      at: at++,
    };
    await recordAnswer(store, attempt, [SCHOOL]);
  }
}

/** A graded first try in class `scopes`, ending its item, with the default BKT parameters. */
export async function recordAnswer(store: ProfileStore, attempt: Attempt, scopes: readonly string[]): Promise<void> {
  await store.recordGradedAnswer({
    attempt,
    update: skillUpdate(attempt, DEFAULT_BKT_PARAMS),
    classScopes: scopes,
    conversationId: "dm",
    pendingAfter: undefined,
  });
}

/** The class's records the way `/class` loaded them before: every mastery record and attempt of the course, kept for members. */
export async function classRecordsInMemoryOf(store: ProfileStore, scope: string): Promise<ClassRecords> {
  const members = await store.listClassMembers(COURSE, scope);
  const perStudent = await Promise.all(
    members.map(async (studentId) => (await store.getMastery(COURSE, studentId)).map((m) => ({ ...m, studentId }))),
  );
  const mastery = perStudent.flat();
  const attempts = (await store.listAttempts({ courseId: COURSE })).filter((a) => members.includes(a.studentId));
  return classRecordsInMemory(mastery, attempts);
}

/** Records in one order, sums to 12 digits: the database and JavaScript add the same numbers in different orders. */
export function comparable(records: ClassRecords) {
  const round = (x: number) => Number(x.toPrecision(12));
  const byKey = <T>(list: T[], key: (t: T) => string) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
  return {
    students: records.students,
    skills: byKey(records.skills, (s) => s.skillId).map((s) => ({ ...s, pKnownSum: round(s.pKnownSum) })),
    stuck: byKey(records.stuck, (s) => `${s.studentId} ${s.skillId}`),
    wrongAnswers: byKey(records.wrongAnswers, (w) => `${w.itemId} ${w.key}`),
  };
}
