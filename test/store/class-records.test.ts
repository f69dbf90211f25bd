import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_BKT_PARAMS } from "../../src/tutor/mastery/bkt.js";
import { summarizeClass, type ClassRecords } from "../../src/tutor/mastery/class-summary.js";
import { createPrng } from "../../src/tutor/mastery/prng.js";
import { GAVE_UP_ANSWER, type Attempt } from "../../src/tutor/store/profile-store.js";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";
import { skillUpdate } from "../../src/tutor/skill-update.js";
import { classRecordsInMemory } from "../support/class-records-in-memory.js";

let dir: string;
let file: string;
let store: SqliteProfileStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tutor-class-"));
  file = path.join(dir, "tutor.db");
  store = new SqliteProfileStore(file);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const COURSE = "c1";
const SCHOOL = "test:class:school";
const ROOM = "test:class:room";
const SKILLS = ["loops", "lists", "types", "strings"];
/** Wrong answers that differ only in case, spacing or a full stop, and some that don't. */
const WRONG = ["range(1, 10)", "RANGE(1,  10).", "range(10)", "It prints 10", "it prints 10!", "None", "none", "Été", "ÉTÉ"];

/**
 * A class's term through the store's own writes: students (some weak, some stuck) answer items of several
 * skills, with hints, give-ups, repeated wrong answers and unique ones; teachers override some skills; the
 * school's server holds everyone, a room only some, and another course has its own students.
 */
async function populate(seed: number): Promise<void> {
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
      const attempt: Attempt = { courseId: COURSE, studentId, skillId, itemId, correct, answer, hintsUsed, at: at++ };
      await store.recordGradedAnswer({
        attempt,
        update: skillUpdate(attempt, DEFAULT_BKT_PARAMS),
        classScopes: scopes,
        conversationId: "dm",
        pendingAfter: undefined,
      });
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
    await store.recordGradedAnswer({
      attempt,
      update: skillUpdate(attempt, DEFAULT_BKT_PARAMS),
      classScopes: [SCHOOL],
      conversationId: "dm",
      pendingAfter: undefined,
    });
  }
}

/** The class's records the way `/class` loaded them before: every mastery record and attempt of the course, kept for members. */
async function inMemory(scope: string): Promise<ClassRecords> {
  const members = await store.listClassMembers(COURSE, scope);
  const perStudent = await Promise.all(
    members.map(async (studentId) => (await store.getMastery(COURSE, studentId)).map((m) => ({ ...m, studentId }))),
  );
  const mastery = perStudent.flat();
  const attempts = (await store.listAttempts({ courseId: COURSE })).filter((a) => members.includes(a.studentId));
  return classRecordsInMemory(mastery, attempts);
}

/** Records in one order, sums to 12 digits: SQLite and JavaScript add the same numbers in different orders. */
function comparable(records: ClassRecords) {
  const round = (x: number) => Number(x.toPrecision(12));
  const byKey = <T>(list: T[], key: (t: T) => string) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
  return {
    students: records.students,
    skills: byKey(records.skills, (s) => s.skillId).map((s) => ({ ...s, pKnownSum: round(s.pKnownSum) })),
    stuck: byKey(records.stuck, (s) => `${s.studentId} ${s.skillId}`),
    wrongAnswers: byKey(records.wrongAnswers, (w) => `${w.itemId} ${w.key}`),
  };
}

describe("classRecords: /class summed up in SQL", () => {
  it("matches the in-memory computation over every attempt, for the whole course and for a smaller class", async () => {
    for (const seed of [1, 2]) {
      await populate(seed);
      for (const scope of [SCHOOL, ROOM]) {
        const records = await store.classRecords(COURSE, scope);
        expect(comparable(records)).toEqual(comparable(await inMemory(scope)));
        const sql = summarizeClass(records);
        const old = summarizeClass(await inMemory(scope));
        expect({ ...sql, struggles: sql.struggles.map((s) => s.skillId) }).toEqual({
          ...old,
          struggles: old.struggles.map((s) => s.skillId),
        });
        sql.struggles.forEach((struggle, i) => {
          expect(struggle.meanPKnown).toBeCloseTo(old.struggles[i]!.meanPKnown, 12);
          expect(struggle.missRate).toBe(old.struggles[i]!.missRate);
        });
      }
      // The data has all that the view shows: stuck students, repeated wrong answers (merged across case), overrides.
      const school = summarizeClass(await store.classRecords(COURSE, SCHOOL));
      expect(school.students).toBe(24);
      expect(school.stuck.length).toBeGreaterThan(0);
      expect(school.wrongAnswers.length).toBeGreaterThan(0);
      expect(school.struggles.map((s) => s.skillId)).toContain("never-answered");
      await store.forgetStudent("test:user:1");
      expect(comparable(await store.classRecords(COURSE, SCHOOL))).toEqual(comparable(await inMemory(SCHOOL)));
      await store.close();
      store = new SqliteProfileStore(path.join(dir, `tutor-${seed}.db`));
    }
  });

  it("an empty class, and a scope of another course, have no records", async () => {
    await populate(4);
    expect(await store.classRecords(COURSE, "test:class:nobody")).toEqual({ students: 0, skills: [], stuck: [], wrongAnswers: [] });
    expect(await store.classRecords("c2", ROOM)).toEqual({ students: 0, skills: [], stuck: [], wrongAnswers: [] });
  });

  it("fills the columns it needs in a database written before them, from its attempt log", async () => {
    await populate(5);
    const expected = comparable(await store.classRecords(COURSE, SCHOOL));
    await store.close();
    // The database as an older tutor left it: no answer_key, no recent_outcomes (nor the indexes on them).
    const db = new Database(file);
    for (const index of ["wrong_answers_by_item", "wrong_answers_by_student", "mastery_by_skill"]) db.exec(`DROP INDEX ${index}`);
    db.exec("ALTER TABLE attempts DROP COLUMN answer_key");
    db.exec("ALTER TABLE mastery DROP COLUMN recent_outcomes");
    db.close();
    store = new SqliteProfileStore(file);
    expect(comparable(await store.classRecords(COURSE, SCHOOL))).toEqual(expected);
    expect(comparable(await store.classRecords(COURSE, SCHOOL))).toEqual(comparable(await inMemory(SCHOOL)));
  });
});
