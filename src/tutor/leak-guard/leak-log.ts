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
export interface LeakLog {
  record(entry: LeakRecord): void;
  list(filter?: { courseId?: string; studentId?: string }): LeakRecord[];
}

/** The default log: the newest `capacity` records, in memory, gone on restart. */
export class InMemoryLeakLog implements LeakLog {
  private readonly entries: LeakRecord[] = [];

  constructor(private readonly capacity = 1000) {}

  record(entry: LeakRecord): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  list(filter: { courseId?: string; studentId?: string } = {}): LeakRecord[] {
    return this.entries.filter((entry) => (!filter.courseId || entry.courseId === filter.courseId) && (!filter.studentId || entry.studentId === filter.studentId));
  }
}

const logs = new WeakMap<object, LeakLog>();

/**
 * The leak log that belongs to a tutor, keyed by an object it owns for its whole life (its profile
 * store): flows and the teacher view reach the same log without a new field on the tutor's services.
 */
export function leakLogFor(owner: object): LeakLog {
  let log = logs.get(owner);
  if (!log) {
    log = new InMemoryLeakLog();
    logs.set(owner, log);
  }
  return log;
}
