import type { Logger } from "../logger.js";
import { DEFAULT_TEACHING_STYLE, type Course, type QuizItemDoc, type TeachingStyle } from "../retrieval/content/schema.js";
import type { CourseCatalog } from "../retrieval/course-library.js";
import { messagesFor, type Messages } from "./i18n/messages.js";
import { buildLearnerState, type LearnerState } from "./learner-state.js";
import type { BktParams } from "./mastery/bkt.js";
import type { ChatModel } from "./llm/chat-model.js";
import type { LeakLog } from "./leak-guard/leak-log.js";
import type { GradeDisputeRecord } from "./rubric-grading.js";
import type { TeacherLog } from "./teacher-log.js";
import type { FairLimiter } from "./llm/fair-limiter.js";
import type { ModelStatus } from "./model-status.js";
import { PlaceInLine } from "./llm/place-in-line.js";
import { skillUpdate } from "./skill-update.js";
import type { Attempt, HintSource, MasteryChange, PendingItem, ProfileStore } from "./store/profile-store.js";
import type { TeacherRoster } from "./teachers.js";
import type { ParsedTurn } from "./turn.js";
import type { YieldingLane } from "./yielding-lane.js";

/** The tutor's collaborators and settings, shared by every flow. */
export interface TutorServices {
  catalog: CourseCatalog;
  store: ProfileStore;
  model: ChatModel;
  /** Replies the leak guard stopped, for the teacher view. */
  leakLog: LeakLog;
  /** Short-answer grades the checks overruled, and answers that gave the grader instructions, for the teacher view. */
  gradeDisputes: TeacherLog<GradeDisputeRecord>;
  /** Bounds concurrent model requests; every call to `model` goes through it. */
  limiter: FairLimiter;
  /** Where students waiting for the model prepare their requests, one at a time between other work. */
  prepareLane: YieldingLane;
  modelStatus: ModelStatus;
  /** Who may change which course from chat. */
  teachers: TeacherRoster;
  log: Logger;
  clock: () => number;
  retrievalK: number;
  memoryMessages: number;
  /** Conversation memory given to the model, in characters (newest first). */
  memoryChars: number;
  /** Longest generated answer: the leak guard's work and the student's screen stay bounded. */
  maxReplyChars: number;
  /** A pending item untouched this long lapses: the next message is a fresh turn. */
  pendingItemTtlMs: number;
}

export interface ActiveItem {
  doc: QuizItemDoc;
  hints: HintSource[];
  wrongAttempts: number;
  wrongAnswers: string[];
  /** The tutor asked "do you want to see the answer?" on the last turn. */
  giveUpOffered: boolean;
}

/** The pending item's state without the offer to show the answer. */
export function withoutGiveUpOffer(active: ActiveItem): Omit<PendingItem, "askedAt"> {
  return { itemId: active.doc.item.id, hints: active.hints, wrongAttempts: active.wrongAttempts, wrongAnswers: active.wrongAnswers };
}

/** Hints the student asked for: those count against mastery, the guard's do not. */
export function hintsAsked(active: ActiveItem): number {
  return active.hints.filter((source) => source === "asked").length;
}

/** One turn, resolved: who, where, which course, and the state it reads and writes. */
export class FlowContext {
  readonly courseId: string;
  readonly studentId: string;
  readonly conversationId: string;
  /** The tutor's words in the course's language. */
  readonly messages: Messages;
  /** The pending item as read (once, however many ask at the same moment) or as last written this turn. */
  private pending: Promise<PendingItem | undefined> | undefined;
  /** This turn found the student's pending item lapsed and dropped it: they are told, once. */
  itemLapsed = false;
  /** Reads a flow made once this turn, by name (see `once`). */
  private readonly readsOnce = new Map<string, Promise<unknown>>();

  /** `arrivalPlace`: the place in the model's line the turn took as it arrived, for the first wait there. */
  constructor(
    readonly services: TutorServices,
    readonly turn: ParsedTurn,
    readonly course: Course,
    private arrivalPlace?: PlaceInLine,
  ) {
    this.courseId = course.manifest.id;
    this.studentId = turn.student.id;
    this.conversationId = turn.conversationId;
    this.messages = messagesFor(course.manifest.language);
  }

  /** A place in the model's line: the one taken on arrival the first time, else a new one. */
  placeInLine(): PlaceInLine {
    const place = this.arrivalPlace ?? new PlaceInLine(this.services.limiter, this.studentId);
    this.arrivalPlace = undefined;
    return place;
  }

  /** The student's mastery in the course as it stood when first read this turn: flows read it before they write. */
  learnerState(): Promise<LearnerState> {
    return this.once("learner-state", async () => {
      const { store } = this.services;
      const [mastery, params] = await Promise.all([store.getMastery(this.courseId, this.studentId), store.getSkillParams(this.courseId)]);
      return buildLearnerState(this.course, mastery, params);
    });
  }

  /**
   * The quiz item this student is working on in this conversation, if it still exists in the course.
   * Read from the store once per turn (routing, the leak guard and the flow all ask); the turn's lane
   * keeps other turns of this conversation out, and `setActiveItem` keeps it current.
   */
  async activeItem(): Promise<ActiveItem | undefined> {
    this.pending ??= this.readPendingItem();
    const pending = await this.pending;
    const doc = pending && this.course.items.find(({ item }) => item.id === pending.itemId);
    return doc && pending
      ? {
          doc,
          hints: pending.hints,
          wrongAttempts: pending.wrongAttempts,
          wrongAnswers: pending.wrongAnswers,
          giveUpOffered: pending.giveUpOffered ?? false,
        }
      : undefined;
  }

  /** The stored pending item; one untouched for longer than the TTL is dropped (no attempt, no mastery change). */
  private async readPendingItem(): Promise<PendingItem | undefined> {
    const { store, clock, pendingItemTtlMs } = this.services;
    const pending = await store.getPendingItem(this.courseId, this.studentId, this.conversationId);
    if (!pending || clock() - pending.askedAt < pendingItemTtlMs) return pending;
    await store.setPendingItem(this.courseId, this.studentId, this.conversationId, undefined);
    this.itemLapsed = true;
    return undefined;
  }

  async setActiveItem(pending: Omit<PendingItem, "askedAt"> | undefined): Promise<void> {
    const stored = this.toStored(pending);
    await this.services.store.setPendingItem(this.courseId, this.studentId, this.conversationId, stored);
    this.pending = Promise.resolve(stored);
  }

  private toStored(pending: Omit<PendingItem, "askedAt"> | undefined): PendingItem | undefined {
    return pending && { ...pending, askedAt: this.services.clock() };
  }

  /**
   * Shows the next rung of the pending item's hint ladder and records it as shown, with who brought it
   * up; undefined when the ladder is used up.
   */
  async takeNextHint(active: ActiveItem, source: HintSource): Promise<{ text: string; shown: number; total: number } | undefined> {
    const { hints, id } = active.doc.item;
    if (active.hints.length >= hints.length) return undefined;
    const shown = active.hints.length + 1;
    await this.setActiveItem({
      itemId: id,
      hints: [...active.hints, source],
      wrongAttempts: active.wrongAttempts,
      wrongAnswers: active.wrongAnswers,
    });
    return { text: this.messages.t("hint.rung", { shown, total: hints.length, hint: hints[shown - 1]! }), shown, total: hints.length };
  }

  /**
   * Records a graded first try with everything it changes, in one transaction (ProfileStore.recordGradedAnswer):
   * the attempt, the skill's new p(known) by BKT with `params`, the class the student answers in (what a teacher's
   * `/class` and `/override` reach), the review schedule, and the item's state after the answer (undefined: done
   * with). The store applies the update to the skill as it stands then, so an answer graded at the same moment
   * elsewhere (another conversation, another process) is not lost; returns p(known) before and after.
   */
  async recordGradedAnswer(
    attempt: Omit<Attempt, "courseId" | "studentId" | "at">,
    params: BktParams,
    pendingAfter: Omit<PendingItem, "askedAt"> | undefined,
  ): Promise<MasteryChange> {
    const { store, clock } = this.services;
    const at = clock();
    const pending = this.toStored(pendingAfter);
    const change = await store.recordGradedAnswer({
      attempt: { ...attempt, courseId: this.courseId, studentId: this.studentId, at },
      update: skillUpdate({ skillId: attempt.skillId, correct: attempt.correct, at }, params),
      classScopes: this.turn.classScopes,
      conversationId: this.conversationId,
      pendingAfter: pending,
    });
    this.pending = Promise.resolve(pending);
    return change;
  }

  /** A teacher's choice for this class wins over the course's; socratic when neither says. */
  async teachingStyle(): Promise<TeachingStyle> {
    const { store } = this.services;
    for (const scope of this.turn.classScopes) {
      const chosen = await store.getTeachingStyle(scope);
      if (chosen) return chosen;
    }
    return this.course.manifest.teachingStyle ?? DEFAULT_TEACHING_STYLE;
  }

  /**
   * `read`'s promise, made on the first call with `name` in this turn and shared by later ones: lets a flow's
   * reads start before the flow does (a question's, as it arrives). For reads nothing in the turn writes first.
   * A read started early that the turn never waits for (the words turned out to ask something else) is not an
   * unhandled rejection: whoever awaits it still gets its error.
   */
  once<T>(name: string, read: () => Promise<T>): Promise<T> {
    let made = this.readsOnce.get(name) as Promise<T> | undefined;
    if (!made) {
      made = read();
      made.catch(() => undefined);
      this.readsOnce.set(name, made);
    }
    return made;
  }

  /** Key for "tell once per conversation" notices. */
  get conversationKey(): string {
    return `${this.studentId}|${this.conversationId}`;
  }
}
