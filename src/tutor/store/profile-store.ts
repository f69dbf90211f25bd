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

/** A graded first try and everything it changes: written together by ProfileStore.recordGradedAnswer. */
export interface GradedAnswer {
  attempt: Attempt;
  /** The skill's p(known) after the answer. */
  pKnownAfter: number;
  /** The class scopes the answer was given in: the student becomes a member of the class in each (what `/class` and `/override` reach). */
  classScopes: readonly string[];
  /** The skill's review schedule after the answer (scheduleReview); undefined leaves the skill's schedule as it was. */
  reviewCard: ReviewCard | undefined;
  /** The conversation the item was asked in, and its pending item after the answer: undefined when the item is done with. */
  conversationId: string;
  pendingAfter: PendingItem | undefined;
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
   */
  recordGradedAnswer(graded: GradedAnswer): Promise<void>;
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
