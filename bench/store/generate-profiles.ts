import Database from "better-sqlite3";
import { DEFAULT_BKT_PARAMS, MASTERY_THRESHOLD, updateKnowledge } from "../../src/tutor/mastery/bkt.js";
import { normalizeAnswer } from "../../src/tutor/mastery/class-summary.js";
import { createPrng } from "../../src/tutor/mastery/prng.js";
import { scheduleReview } from "../../src/tutor/reviews/schedule-review.js";
import { GAVE_UP_ANSWER } from "../../src/tutor/store/profile-store.js";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";

export const COURSE_ID = "bench-course";
export const SKILLS = 20;
const ITEMS_PER_SKILL = 5;
/** Attempts per (student, skill) on average: 1,000,000 attempts are 10,000 students × 20 skills. */
const MEAN_ATTEMPTS_PER_SKILL = 5;
/** The whole course in one class scope (a school's server): the harshest `/class` there is. */
export const SCHOOL_SCOPE = "bench:class:school";
/** A class of ordinary size: a teacher's own channel. */
export const ROOM_SCOPE = "bench:class:room-1";
export const ROOM_SIZE = 30;
const BATCH = 50_000;
const START_AT = Date.UTC(2026, 0, 5);

export interface GeneratedProfiles {
  students: string[];
  skills: string[];
  items: string[][];
  attempts: number;
}

/** Wrong short answers a class gives again and again, typed with different case, spacing and full stops. */
const MISCONCEPTIONS = ["range(1, 10)", "RANGE(1,  10).", "it prints 10", "It prints 10.", "a list", "none", "None!"];

/**
 * A temp database with `attempts` attempts, made with the real store's schema (the store creates it and its
 * indexes) and filled in bulk: students answer their skills' items round by round (so one student's attempts
 * are spread over the log, as in a term), each pair of student and skill a little BKT simulation with its own
 * learning rate (a tenth of the pairs barely learn: the stuck ones). Mastery, review cards and class
 * memberships agree with the attempts, as the tutor would have written them.
 */
export async function generateProfiles(file: string, attempts: number, seed = 7): Promise<GeneratedProfiles> {
  await new SqliteProfileStore(file).close();
  const db = new Database(file);
  // Indexes are built once after the rows are in (the store makes them again when it opens): much faster than row by row.
  const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").pluck().all() as string[];
  for (const name of indexes) db.exec(`DROP INDEX ${name}`);
  db.pragma("synchronous = OFF");

  const random = createPrng(seed);
  const studentCount = Math.max(1, Math.round(attempts / (SKILLS * MEAN_ATTEMPTS_PER_SKILL)));
  const students = Array.from({ length: studentCount }, (_, i) => `bench:user:${i}`);
  const skills = Array.from({ length: SKILLS }, (_, i) => `skill-${String(i).padStart(2, "0")}`);
  const items = skills.map((skill) => Array.from({ length: ITEMS_PER_SKILL }, (_, i) => `${skill}-item-${i}`));

  // Attempts per pair: uneven (weights 0.2–1.8), summing to exactly `attempts`.
  const pairs = studentCount * SKILLS;
  const weights = Float64Array.from({ length: pairs }, () => 0.2 + 1.6 * random());
  const total = weights.reduce((sum, w) => sum + w, 0);
  const counts = Int32Array.from(weights, (w) => Math.floor((w / total) * attempts));
  for (let left = attempts - counts.reduce((sum, n) => sum + n, 0), pair = 0; left > 0; left--, pair = (pair + 7919) % pairs)
    counts[pair]!++;
  const learn = Float64Array.from({ length: pairs }, () => (random() < 0.1 ? 0.005 : 0.05 + 0.3 * random()));
  const known = Uint8Array.from({ length: pairs }, () => (random() < DEFAULT_BKT_PARAMS.prior ? 1 : 0));
  const pKnown = new Float64Array(pairs).fill(DEFAULT_BKT_PARAMS.prior);
  const rightCount = new Int32Array(pairs);
  const recentOutcomes = new Uint8Array(pairs);
  const lastAt = new Float64Array(pairs);

  const insert = db.prepare(
    "INSERT INTO attempts (course_id, student_id, skill_id, item_id, correct, answer, answer_key, hints_used, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const maxCount = counts.reduce((most, n) => Math.max(most, n), 0);
  let written = 0;
  let pending = 0;
  db.exec("BEGIN");
  for (let round = 0; round < maxCount; round++) {
    for (let pair = 0; pair < pairs; pair++) {
      if (counts[pair]! <= round) continue;
      const student = students[Math.floor(pair / SKILLS)]!;
      const skill = pair % SKILLS;
      const itemIndex = Math.floor(random() * ITEMS_PER_SKILL);
      const correct = known[pair] ? random() > DEFAULT_BKT_PARAMS.slip : random() < DEFAULT_BKT_PARAMS.guess;
      const hints = !correct && random() < 0.15 ? 1 : 0;
      const answer = correct ? "B" : wrongAnswer(itemIndex, random);
      const at = START_AT + written * 1000;
      insert.run(
        COURSE_ID,
        student,
        skills[skill]!,
        items[skill]![itemIndex]!,
        correct ? 1 : 0,
        answer,
        answer === GAVE_UP_ANSWER ? null : normalizeAnswer(answer),
        hints,
        at,
      );
      const evidence = correct && hints === 0;
      pKnown[pair] = updateKnowledge(pKnown[pair]!, evidence, DEFAULT_BKT_PARAMS);
      if (evidence) rightCount[pair]!++;
      recentOutcomes[pair] = (recentOutcomes[pair]! << 1) | (evidence ? 1 : 0);
      if (!known[pair] && random() < learn[pair]!) known[pair] = 1;
      lastAt[pair] = at;
      written++;
      if (++pending === BATCH) {
        db.exec("COMMIT; BEGIN");
        pending = 0;
      }
    }
  }
  db.exec("COMMIT");

  const mastery = db.prepare(
    "INSERT INTO mastery (course_id, student_id, skill_id, p_known, attempts, correct, updated_at, recent_outcomes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const card = db.prepare("INSERT INTO review_cards (course_id, student_id, skill_id, card, due) VALUES (?, ?, ?, ?, ?)");
  const member = db.prepare("INSERT INTO class_members (course_id, scope, student_id) VALUES (?, ?, ?)");
  db.transaction(() => {
    for (let pair = 0; pair < pairs; pair++) {
      if (counts[pair] === 0) continue;
      const student = students[Math.floor(pair / SKILLS)]!;
      const skill = skills[pair % SKILLS]!;
      mastery.run(COURSE_ID, student, skill, pKnown[pair]!, counts[pair]!, rightCount[pair]!, lastAt[pair]!, recentOutcomes[pair]!);
      if (pKnown[pair]! >= MASTERY_THRESHOLD) {
        const review = scheduleReview(undefined, { skillId: skill, correct: true, pKnownAfter: pKnown[pair]!, at: lastAt[pair]! })!;
        card.run(COURSE_ID, student, skill, JSON.stringify(review), review.due);
      }
    }
    for (const [index, student] of students.entries()) {
      member.run(COURSE_ID, SCHOOL_SCOPE, student);
      if (index < ROOM_SIZE) member.run(COURSE_ID, ROOM_SCOPE, student);
    }
  })();
  db.close();
  // Opening the store builds its indexes again.
  await new SqliteProfileStore(file).close();
  return { students, skills, items, attempts: written };
}

/** Even items are multiple choice (a wrong letter), odd ones short answer: a common misconception, a give-up or something of one's own. */
function wrongAnswer(itemIndex: number, random: () => number): string {
  if (itemIndex % 2 === 0) return "ACD"[Math.floor(random() * 3)]!;
  const roll = random();
  if (roll < 0.05) return GAVE_UP_ANSWER;
  if (roll < 0.75) return MISCONCEPTIONS[Math.floor(random() * MISCONCEPTIONS.length)]!;
  return `my guess ${Math.floor(random() * 100_000)}`;
}
