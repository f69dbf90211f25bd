import type { TeachingStyle } from "../../retrieval/content/schema.js";
import type { BktParams } from "../mastery/bkt.js";
import type { ClassRecords } from "../mastery/class-summary.js";
import type { ReviewCard } from "../reviews/review-card.js";

/** What the attempt log keeps as the answer when the student gave up and asked for the solution. */
export const GAVE_UP_ANSWER = "(gave up)";

/** One graded answer, as kept in the attempt log (the data the learner model is fitted on). */
export interface Attempt {
  courseId: string;
  studentId: string;
  skillId: string;
  itemId: string;
  correct: boolean;
  /** What the student answered, as typed or chosen. */
  answer: string;
  hintsUsed: number;
  /** Epoch milliseconds. */
  at: number;
}

export interface SkillMastery {
  skillId: string;
  pKnown: number;
  attempts: number;
  correct: number;
  updatedAt: number;
  /** Set when a teacher overrode the estimate. */
  override?: { value: number; reason: string; by: string; at: number };
}

/** Who brought a hint up: the student (`/hint`), or the leak guard in place of a stopped reply. */
export type HintSource = "asked" | "guard";

/** The quiz item a student is working on in one conversation. */
export interface PendingItem {
  itemId: string;
  /** The hints shown so far, in ladder order, each with who brought it up: only asked-for ones count against mastery. */
  hints: HintSource[];
  wrongAttempts: number;
  /** The student's latest wrong answers as typed, oldest first (at most MAX_WRONG_ANSWERS), for the tutor's prompt. */
  wrongAnswers: string[];
  /** The tutor asked "do you want to see the answer?" and waits for a yes. */
  giveUpOffered?: boolean;
  /** When the item was asked or last worked on (a hint, a try): it lapses after the pending-item TTL. */
  askedAt: number;
}

/** Wrong answers kept per pending item: enough to see a pattern, few enough for a short prompt. */
export const MAX_WRONG_ANSWERS = 5;

/** The skill and level a generated answer was pitched at, for `/why`. */
export interface AnswerPitch {
  question: string;
  skillId: string;
  pKnown: number;
  level: "novice" | "developing" | "proficient";
  at: number;
}

export interface MemoryEntry {
  role: "user" | "assistant";
  content: string;
  at: number;
}

/** Everything the tutor keeps about one student, in every course, for export. */
export interface StudentExport {
  studentId: string;
  mastery: Array<SkillMastery & { courseId: string }>;
  attempts: Attempt[];
  pendingItems: Array<PendingItem & { courseId: string; conversationId: string }>;
  memory: Array<MemoryEntry & { courseId: string; conversationId: string }>;
  /** Spaced-review schedules; absent when the student has none. */
  reviews?: Array<ReviewCard & { courseId: string }>;
  /** The class scopes the student worked in, per course; absent when none was recorded. */
  classes?: Array<{ courseId: string; scope: string }>;
  /** What the latest generated answer in each conversation was pitched at; absent when there is none. */
  answerPitches?: Array<AnswerPitch & { courseId: string; conversationId: string }>;
}

/**
 * How a graded answer moves its skill, as pure functions of the stored state: the store applies them inside the
 * answer's transaction to what it holds then, so that answers graded at once (in a DM and a thread, on different
 * processes) each build on the one before and none is lost.
 */
export interface SkillUpdate {
  /** p(known) of a skill the student has no record of yet (the skill's prior). */
  prior: number;
  /** p(known) after the answer from p(known) before it (a teacher's override, when there is one; else the estimate; else `prior`). */
  pKnownAfter: (pKnownBefore: number) => number;
  /** The skill's review card after the answer from the stored one (undefined: none); undefined leaves the schedule as it was. */
  reviewCard: (stored: ReviewCard | undefined, pKnownAfter: number) => ReviewCard | undefined;
}

/** A graded first try and everything it changes: written together by ProfileStore.recordGradedAnswer. */
export interface GradedAnswer {
  attempt: Attempt;
  /** How the answer moves the skill's p(known) and review card. */
  update: SkillUpdate;
  /** The class scopes the answer was given in: the student becomes a member of the class in each (what `/class` and `/override` reach). */
  classScopes: readonly string[];
  /** The conversation the item was asked in, and its pending item after the answer: undefined when the item is done with. */
  conversationId: string;
  pendingAfter: PendingItem | undefined;
}

/** What a graded answer did to its skill's p(known), as stored (for the student's mastery line). */
export interface MasteryChange {
  pKnownBefore: number;
  pKnownAfter: number;
}

/**
 * Durable per-student state. Profiles are per course (a class), never shared across courses.
 * Asynchronous so a network database can stand behind it; SqliteProfileStore is the embedded default.
 * Everything is written in transactions so an acknowledged attempt survives a crash.
 */
export interface ProfileStore {
  getMastery(courseId: string, studentId: string): Promise<SkillMastery[]>;
  /** Appends the attempt and sets the skill's new p(known) atomically. */
  recordAttempt(attempt: Attempt, pKnownAfter: number): Promise<void>;
  /**
   * Records a graded answer as ONE transaction: the attempt, the skill's new p(known) (ending any teacher override,
   * as recordAttempt), the class memberships, the review card and the conversation's pending item. Either all of
   * it is kept or none of it: a crash or a failed write part-way leaves the state from before the answer, with the
   * item still pending, so the student loses nothing by answering again.
   *
   * The new p(known) and review card are computed inside the transaction, by `graded.update`, from the skill's
   * record and card as stored at that moment, and the transaction holds the student's skill against every other
   * writer from that read to its commit (SQLite: a write lock taken at BEGIN; a server: a row or advisory lock):
   * graded answers of one student on one skill are applied one after the other, in whatever process, in the
   * order their attempts get in the log. Returns p(known) before and after, as stored.
   */
  recordGradedAnswer(graded: GradedAnswer): Promise<MasteryChange>;
  setOverride(courseId: string, studentId: string, skillId: string, value: number, reason: string, by: string): Promise<void>;
  /** Oldest first; with `latestPerSkill`, only that many of the newest attempts of each skill. */
  listAttempts(filter: { courseId?: string; studentId?: string; skillId?: string; latestPerSkill?: number }): Promise<Attempt[]>;
  /** When the student last answered in the course (epoch ms); undefined before their first answer. */
  lastAttemptAt(courseId: string, studentId: string): Promise<number | undefined>;
  /** The items of the student's latest `limit` attempts in the course, newest first. */
  recentItemIds(courseId: string, studentId: string, limit: number): Promise<string[]>;
  /**
   * The records of one class (the members of `scope`) in a course, summed up where they are stored, for the
   * teacher's `/class`: its cost grows with the class's records, its memory with what the teacher is shown.
   */
  classRecords(courseId: string, scope: string): Promise<ClassRecords>;

  /** The student's spaced-review cards in a course, one per skill that was mastered at least once. */
  getReviewCards(courseId: string, studentId: string): Promise<ReviewCard[]>;
  saveReviewCard(courseId: string, studentId: string, card: ReviewCard): Promise<void>;

  getPendingItem(courseId: string, studentId: string, conversationId: string): Promise<PendingItem | undefined>;
  setPendingItem(courseId: string, studentId: string, conversationId: string, pending: PendingItem | undefined): Promise<void>;

  getMemory(courseId: string, studentId: string, conversationId: string, limit: number): Promise<MemoryEntry[]>;
  /** Adds one entry or several (in one transaction), keeping the conversation's newest `keep`. */
  appendMemory(
    courseId: string,
    studentId: string,
    conversationId: string,
    entries: MemoryEntry | readonly MemoryEntry[],
    keep: number,
  ): Promise<void>;

  getSkillParams(courseId: string): Promise<Map<string, BktParams>>;
  saveSkillParams(courseId: string, params: Map<string, { params: BktParams; attemptsUsed: number }>): Promise<void>;

  /** The students who worked on the course in this class scope (recordGradedAnswer's classScopes): all a teacher there may see or change. */
  listClassMembers(courseId: string, scope: string): Promise<string[]>;
  /** The latest generated answer's pitch in one conversation, replaced by the next. */
  getAnswerPitch(courseId: string, studentId: string, conversationId: string): Promise<AnswerPitch | undefined>;
  setAnswerPitch(courseId: string, studentId: string, conversationId: string, pitch: AnswerPitch): Promise<void>;

  /** A teacher's teaching style for a class scope, overriding the course's; undefined clears it. */
  getTeachingStyle(scope: string): Promise<TeachingStyle | undefined>;
  setTeachingStyle(scope: string, style: TeachingStyle | undefined): Promise<void>;

  /** Course bound to a class scope (`discord:guild:1`), set by a teacher. */
  getBinding(scope: string): Promise<string | undefined>;
  setBinding(scope: string, courseId: string): Promise<void>;

  exportStudent(studentId: string): Promise<StudentExport>;
  /** Deletes everything kept about the student, in every course; returns how many records went. */
  forgetStudent(studentId: string): Promise<number>;
  close(): Promise<void>;
}
