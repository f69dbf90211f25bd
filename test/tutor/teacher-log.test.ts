import { describe, expect, it } from "vitest";
import type { LeakRecord } from "../../src/tutor/leak-guard/leak-log.js";
import { InMemoryTeacherLog } from "../../src/tutor/teacher-log.js";

const entry = (studentId: string, courseId = "c"): LeakRecord => ({
  at: 1,
  courseId,
  studentId,
  conversationId: "dm",
  itemId: "i",
  kind: "answer",
  detail: "value (digits)",
  where: "answer",
});

describe("InMemoryTeacherLog", () => {
  it("lists records by course and student, keeping the newest within its capacity", () => {
    const log = new InMemoryTeacherLog<LeakRecord>(2);
    log.record(entry("s1"));
    log.record(entry("s2"));
    log.record(entry("s3", "other"));
    expect(log.list().map((record) => record.studentId)).toEqual(["s2", "s3"]);
    expect(log.list({ courseId: "c" }).map((record) => record.studentId)).toEqual(["s2"]);
    expect(log.list({ studentId: "s3" })).toHaveLength(1);
  });

  it("forgets every record of one student and none of another's", () => {
    const log = new InMemoryTeacherLog<LeakRecord>();
    log.record(entry("s1"));
    log.record(entry("s2"));
    log.record(entry("s1", "other"));
    expect(log.forget("s1")).toBe(2);
    expect(log.list().map((record) => record.studentId)).toEqual(["s2"]);
  });
});
