/** A record kept for a course's teachers about one student. */
export interface StudentRecord {
  courseId: string;
  studentId: string;
}

/** Where records for the teacher view are kept (stopped leaks, overruled grades). */
export interface TeacherLog<T extends StudentRecord> {
  record(entry: T): void;
  list(filter?: { courseId?: string; studentId?: string }): T[];
  /** "Forget me": drops every record naming the student. */
  forget(studentId: string): number;
}

/** The default log: the newest `capacity` records, in memory, gone on restart. */
export class InMemoryTeacherLog<T extends StudentRecord> implements TeacherLog<T> {
  private readonly entries: T[] = [];

  constructor(private readonly capacity = 1000) {}

  record(entry: T): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  forget(studentId: string): number {
    const before = this.entries.length;
    for (let index = this.entries.length - 1; index >= 0; index--)
      if (this.entries[index]!.studentId === studentId) this.entries.splice(index, 1);
    return before - this.entries.length;
  }

  list(filter: { courseId?: string; studentId?: string } = {}): T[] {
    return this.entries.filter(
      (entry) => (!filter.courseId || entry.courseId === filter.courseId) && (!filter.studentId || entry.studentId === filter.studentId),
    );
  }
}
