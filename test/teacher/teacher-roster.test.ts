import { describe, expect, it } from "vitest";
import { createTeacherChannelNotifier } from "../../src/adapters/teacher-channels.js";
import type { Logger } from "../../src/logger.js";
import { TeacherRoster } from "../../src/tutor/teachers.js";
import { noticesOf } from "../tutor/turns.js";
import { createTutorFixture } from "../support/tutor-fixture.js";
import { say } from "../mastery/tutor-quiz-helpers.js";

const capture = () => {
  const lines: string[] = [];
  const log: Logger = { debug: () => {}, info: () => {}, warn: (message) => lines.push(message), error: (message) => lines.push(message) };
  return { lines, log };
};

describe("TeacherRoster", () => {
  const roster = new TeacherRoster({ algebra: ["discord:user:1", "discord:role:10/20", "terminal"], physics: ["slack:group:S1"] });

  it("matches a person by id or by a group, per course", () => {
    expect(roster.teaches("algebra", { id: "discord:user:1", groups: [] })).toBe(true);
    expect(roster.teaches("algebra", { id: "discord:user:2", groups: ["discord:role:10/20"] })).toBe(true);
    // The same role id in another server is another role.
    expect(roster.teaches("algebra", { id: "discord:user:2", groups: ["discord:role:11/20"] })).toBe(false);
    expect(roster.teaches("physics", { id: "discord:user:1", groups: [] })).toBe(false);
    expect(roster.teaches("history", { id: "terminal:user:local", groups: ["terminal"] })).toBe(false);
    expect(roster.coursesOf({ id: "slack:user:U1", groups: ["slack:group:S1", "terminal"] })).toEqual(["algebra", "physics"]);
    expect(roster.entriesOfKind("discord:role:")).toEqual(["discord:role:10/20"]);
  });
});

describe("a course with no teachers", () => {
  it("is changed by nobody, and the log says so at start-up and on a refusal, with how to name one", async () => {
    const { lines, log } = capture();
    const fixture = await createTutorFixture({ log });
    try {
      expect(lines.filter((line) => line.startsWith("course python-basics has no teachers"))).toHaveLength(1);
      expect(lines[0]).toContain("teachers: { python-basics: [discord:user:<id>");
      expect(noticesOf(await say(fixture, "ms-lee", "/content list"))[0]?.text).toContain("That command is for teachers of this course");
      expect(lines.filter((line) => line.startsWith("course python-basics has no teachers"))).toHaveLength(2);
    } finally {
      await fixture.close();
    }
  });
});

describe("teacher-channel notices", () => {
  it("reach a person only when they are a configured teacher of the course; a channel always", async () => {
    const posted: string[] = [];
    const poster = { postNotice: async (scope: string) => (posted.push(scope), true) };
    const { lines, log } = capture();
    const roster = new TeacherRoster({ algebra: ["discord:user:1"] });
    const fallback = { notify: async () => {} };
    const channels = { algebra: "discord:user:1", physics: "discord:user:2", chemistry: "slack:channel:C9" };
    const notifier = createTeacherChannelNotifier(channels, [poster], fallback, log, roster);
    for (const course of ["algebra", "physics", "chemistry"]) await notifier.notify(course, "lessons/01.md:3 is broken");
    expect(posted).toEqual(["discord:user:1", "slack:channel:C9"]);
    expect(lines).toEqual([expect.stringContaining("teacherChannels: discord:user:2 is not named under teachers of physics")]);
  });
});
