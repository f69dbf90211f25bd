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
  /** "Forget me": drops every record naming the student. */
  forget(studentId: string): number;
}

/** The default log: the newest `capacity` records, in memory, gone on restart. */
export class InMemoryLeakLog implements LeakLog {
  private readonly entries: LeakRecord[] = [];

  constructor(private readonly capacity = 1000) {}

  record(entry: LeakRecord): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  forget(studentId: string): number {
    const before = this.entries.length;
    for (let index = this.entries.length - 1; index >= 0; index--) if (this.entries[index]!.studentId === studentId) this.entries.splice(index, 1);
    return before - this.entries.length;
  }

  list(filter: { courseId?: string; studentId?: string } = {}): LeakRecord[] {
    return this.entries.filter((entry) => (!filter.courseId || entry.courseId === filter.courseId) && (!filter.studentId || entry.studentId === filter.studentId));
  }
}
