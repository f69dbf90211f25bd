import type { TeacherLog } from "../teacher-log.js";
import type { LeakKind } from "./leak.js";

/** One stopped leak, for the teacher: who, where, which item, what kind. Never the leaked text. */
export interface LeakRecord {
  at: number;
  courseId: string;
  studentId: string;
  conversationId: string;
  /** The pending item, when there was one. */
  itemId?: string;
  kind: LeakKind;
  detail: string;
  /** Which reply was stopped: a streamed answer, the passages shown without a model, or grader feedback. */
  where: "answer" | "passages" | "grader-feedback";
}

/** Where stopped leaks are kept for the teacher view. */
export type LeakLog = TeacherLog<LeakRecord>;
