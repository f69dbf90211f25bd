import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pseudonym, type Logger } from "../../src/logger.js";
import { messagesOf, noticesOf, onlyMessage } from "../tutor/turns.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";
import { COURSE, idOf, pendingItem, quizAndAnswer, say } from "../mastery/tutor-quiz-helpers.js";

describe("teachers' class view and overrides (real tutor)", () => {
  let fixture: TutorFixture;
  const logged: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  const log: Logger = { debug: () => {}, info: (message, fields) => logged.push({ message, fields }), warn: () => {}, error: () => {} };
  const teacher = (text: string) => say(fixture, "ms-lee", text);
  /** Another school on the same course: its own class scope, its own teacher (named for the course too). */
  const otherSchool = { classScopes: ["test:class:2"] };

  beforeAll(async () => {
    fixture = await createTutorFixture({ log, teachers: { [COURSE]: [idOf("ms-lee"), idOf("mr-ng")] } });
    // bo keeps missing arithmetic (stuck); cy and dee give the same wrong answer to one item.
    for (let i = 0; i < 6; i++) await quizAndAnswer(fixture, "bo", "arithmetic", false);
    for (const student of ["cy", "dee"]) {
      await say(fixture, student, "/quiz values-and-types");
      const item = await pendingItem(fixture, student);
      await say(fixture, student, item.type === "multiple_choice" ? (item.answer === "D" ? "C" : "D") : "12345");
    }
    await quizAndAnswer(fixture, "cy", "variables", true);
    // zed studies the same course at another school and keeps missing arithmetic too.
    for (let i = 0; i < 6; i++) await quizAndAnswer(fixture, "zed", "arithmetic", false, otherSchool);
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("refuses /class and /override to students, privately and clearly", async () => {
    for (const command of ["/class", `/override ${idOf("bo")} arithmetic 90 good`]) {
      const [notice, ...rest] = await say(fixture, "bo", command);
      expect(rest).toEqual([]);
      expect(notice).toEqual({ type: "notice", text: expect.stringContaining("That command is for teachers"), audience: "student" });
    }
    expect((await fixture.store.getMastery(COURSE, idOf("bo"))).find((m) => m.skillId === "arithmetic")?.override).toBeUndefined();
  });

  it("shows a teacher where the class struggles, who is stuck, and common wrong answers", async () => {
    const view = onlyMessage(await teacher("/class"));
    expect(view.audience).toBe("student");
    expect(view.text).toContain("**Class view — Python Basics** (3 students)");
    const struggles = view.text.slice(view.text.indexOf("**Where the class struggles**"), view.text.indexOf("**Stuck students**"));
    expect(struggles.split("\n")[1]).toMatch(/^• Arithmetic: mean \d+%, 0% mastered, 100% of first answers wrong \(1 student\)$/);
    expect(view.text).toMatch(new RegExp(`• \`${idOf("bo")}\` on Arithmetic: 6 answers, 0/5 right lately`));
    expect(view.text).not.toContain(`\`${idOf("cy")}\` on`);
    expect(view.text).toMatch(/• `[a-z-]+`: “[^”]+” — 2 of 2 wrong answers/);
  });

  it("lets a teacher override a student's mastery with a reason: logged, stored, and shown to the student as the teacher's", async () => {
    const [notice] = noticesOf(await teacher(`/override ${idOf("bo")} arithmetic 80% explained it well in class`));
    expect(notice).toMatchObject({
      audience: "student",
      text: expect.stringContaining(`Set Arithmetic for \`${idOf("bo")}\` to 80% (was `),
    });
    const stored = (await fixture.store.getMastery(COURSE, idOf("bo"))).find((m) => m.skillId === "arithmetic")!;
    expect(stored.override).toMatchObject({ value: 0.8, reason: "explained it well in class", by: idOf("ms-lee") });
    expect(logged).toContainEqual({
      message: "teacher override of mastery",
      fields: expect.objectContaining({
        student: pseudonym(idOf("bo")),
        skill: "arithmetic",
        value: 0.8,
        reason: "explained it well in class",
        by: pseudonym(idOf("ms-lee")),
      }),
    });

    const progress = onlyMessage(await say(fixture, "bo", "/progress")).text;
    expect(progress).toContain("80% Arithmetic — 0/6 right, recent ✗✗✗✗✗ (set by your teacher: explained it well in class)");
    expect(onlyMessage(await say(fixture, "bo", "/why arithmetic")).text).toContain(
      "Your teacher set this to 80%: “explained it well in class”.",
    );
  });

  it("accepts a bare platform id, and explains bad input without changing anything", async () => {
    expect(noticesOf(await teacher("/override cy variables 50 needs a refresher"))[0]!.text).toContain(`for \`${idOf("cy")}\` to 50%`);
    for (const [command, expected] of [
      ["/override nobody arithmetic 50 why", "No student “nobody” has used Python Basics in this class yet"],
      [`/override ${idOf("bo")} astrophysics 50 why`, "This course has no skill “astrophysics”"],
      [`/override ${idOf("bo")} arithmetic 50`, "Please give a reason"],
    ] as const) {
      const events = await teacher(command);
      expect(messagesOf(events)).toEqual([]);
      expect(noticesOf(events)[0]!.text).toContain(expected);
    }
    expect((await fixture.store.getMastery(COURSE, idOf("bo"))).find((m) => m.skillId === "arithmetic")?.override?.value).toBe(0.8);
  });

  it("two schools on one course: each teacher's /class and /override reach only their own class", async () => {
    expect((await fixture.store.listAttempts({ courseId: COURSE, studentId: idOf("zed") })).length).toBeGreaterThan(0);
    const mine = onlyMessage(await teacher("/class")).text;
    expect(mine).toContain("(3 students)");
    expect(mine).not.toContain(idOf("zed"));

    const theirs = onlyMessage(await say(fixture, "mr-ng", "/class", otherSchool)).text;
    expect(theirs).toContain("(1 student)");
    expect(theirs).toContain(`\`${idOf("zed")}\` on Arithmetic`);
    expect(theirs).not.toContain(idOf("bo"));

    const refused = noticesOf(await teacher(`/override ${idOf("zed")} arithmetic 90 seen in class`));
    expect(refused[0]!.text).toContain(`No student “${idOf("zed")}” has used Python Basics in this class yet`);
    expect((await fixture.store.getMastery(COURSE, idOf("zed"))).find((m) => m.skillId === "arithmetic")?.override).toBeUndefined();
  });

  it("a direct message belongs to no class: /class there asks for the class's place", async () => {
    const [notice] = noticesOf(await say(fixture, "ms-lee", "/class", { classScopes: [] }));
    expect(notice!.text).toMatch(/belongs to no class: use `\/class` in your class's server, workspace or channel/);
  });
});
