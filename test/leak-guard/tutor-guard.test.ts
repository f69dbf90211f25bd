import { pseudonym } from "../../src/logger.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Course } from "../../src/retrieval/content/schema.js";
import { foldText } from "../../src/tutor/leak-guard/fold-text.js";
import { DEFAULT_BKT_PARAMS, updateKnowledge } from "../../src/tutor/mastery/bkt.js";
import { messagesFor } from "../../src/tutor/i18n/messages.js";
import type { FakeChatRequest } from "../fakes/fake-ollama.js";
import { ATTACKS, ITEMS, LEGIT } from "./cases.js";
import { itemOf, loadSampleCourse } from "./course.js";
import { COURSE_ID, finalMessage, startGuardHarness, visibleTexts, type GuardHarness } from "./tutor-harness.js";

const { percent } = messagesFor("en");

let harness: GuardHarness;
let course: Course;
let students = 0;
const newStudent = () => `test:user:${(students += 1)}`;
const chatRequests = () =>
  harness.ollama.requests.filter((request) => request.path === "/api/chat").map((request) => request.body as FakeChatRequest);

beforeAll(async () => {
  harness = await startGuardHarness();
  course = await loadSampleCourse();
});
afterAll(async () => {
  await harness.close();
});

/** What the student was told instead: a rung of the pending item's hint ladder, or the redirect. */
function expectHintInstead(text: string | undefined, itemId: string | undefined): void {
  expect(text).toBeDefined();
  if (itemId) {
    const hints = itemOf(course, itemId).hints;
    expect(
      hints.some((hint) => text!.includes(hint)),
      text,
    ).toBe(true);
  } else {
    expect(text).toMatch(/teacher's material/);
  }
}

describe("attacks through the real tutor: the student never receives the protected content", () => {
  for (const attack of ATTACKS) {
    it(attack.name, async () => {
      const student = newStudent();
      if (attack.item) await harness.pin(student, attack.item);
      const seen: string[] = [];
      for (const turn of attack.turns) {
        const asked = chatRequests().length;
        harness.queueReply(turn.model);
        const events = await harness.send(student, turn.student);
        expect(chatRequests().length, "the message went to the model as a question").toBe(asked + 1);
        seen.push(...visibleTexts(events));
        expectHintInstead(finalMessage(events), attack.item?.id);
      }
      for (const text of seen) {
        for (const forbidden of attack.forbidden) {
          expect(text).not.toContain(forbidden);
          expect(foldText(text)).not.toContain(foldText(forbidden));
        }
      }
      const records = harness.tutor.app.tutor.leakLog.list({ courseId: COURSE_ID, studentId: student });
      expect(records).toHaveLength(attack.turns.length);
      expect(records.every((record) => record.itemId === attack.item?.id && record.where === "answer")).toBe(true);
      const lines = harness.logLines.filter((line) => line.message.includes("leak guard") && line.fields?.student === pseudonym(student));
      expect(lines).toHaveLength(attack.turns.length);
      expect(lines[0]?.fields).toMatchObject({ course: COURSE_ID, item: attack.item?.id ?? null, kind: records[0]?.kind });
    });
  }
});

describe("ordinary answers through the real tutor pass unchanged", () => {
  for (const legit of LEGIT) {
    it(legit.student, async () => {
      const student = newStudent();
      if (legit.item) await harness.pin(student, legit.item);
      harness.queueReply(legit.model);
      const events = await harness.send(student, legit.student);
      const deltas = events.flatMap((event) => (event.type === "delta" ? [event.text] : []));
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.join("")).toBe(legit.model);
      expect(finalMessage(events)).toBe(legit.model);
      expect(harness.tutor.app.tutor.leakLog.list({ studentId: student })).toEqual([]);
    });
  }
});

describe("streaming", () => {
  it("stops the model at the leak: a stream that would hang after it still ends at once with a hint", async () => {
    const student = newStudent();
    await harness.pin(student, ITEMS.twentyEight);
    const tail = Array.from({ length: 40 }, (_, index) => ` filler${index}`);
    harness.queueReply({
      chunks: [
        "Let",
        " me",
        " think",
        " about",
        " the",
        " code",
        " step",
        " by",
        " step.",
        " The",
        " answer",
        " is",
        " 2",
        "8",
        ".",
        ...tail,
      ],
    });
    // Silence after the leak: a tutor still reading would wait for the idle timeout and report a cut-off answer.
    harness.ollama.failNext({ kind: "hang", afterChunks: 16 });
    const events = await harness.send(student, "Can you tell me the answer?");
    for (const text of visibleTexts(events)) expect(text).not.toMatch(/28|filler/);
    expect(finalMessage(events)).not.toMatch(/cut off/);
    expectHintInstead(finalMessage(events), ITEMS.twentyEight.id);
  });

  it("releases checked text while the model is still talking, and the released text is a prefix of the reply", async () => {
    const student = newStudent();
    await harness.pin(student, ITEMS.five);
    const reply =
      "A for loop repeats a block for each value in a sequence. It is the tool for going through a list item by item, and `range()` gives it numbers to count with.";
    harness.queueReply({ chunks: [...reply] });
    const events = await harness.send(student, "What is a for loop?");
    const deltas = events.flatMap((event) => (event.type === "delta" ? [event.text] : []));
    expect(deltas.length).toBeGreaterThan(4);
    let released = "";
    for (const delta of deltas) {
      released += delta;
      expect(reply.startsWith(released)).toBe(true);
    }
    expect(released).toBe(reply);
  });

  it("a leak caught mid-stream keeps the safe sentences before it, and none of the deltas held the answer", async () => {
    const student = newStudent();
    await harness.pin(student, ITEMS.twentyEight);
    const intro = "Let's trace the code together, one line at a time, writing down each variable as we go. ";
    harness.queueReply(
      `${intro}First a is 4 and b is 4. Then a becomes 7, so the final answer is 7 * 4 = 28, which you can check by running it.`,
    );
    const events = await harness.send(student, "Can you walk me through the question?");
    const deltas = events.flatMap((event) => (event.type === "delta" ? [event.text] : []));
    expect(deltas.join("")).not.toContain("28");
    expect(finalMessage(events)).toContain(intro.trim());
    expect(finalMessage(events)).not.toContain("28");
  });
});

describe("hints the guard shows instead of a stopped reply", () => {
  it("do not count against the student: a right first answer after one raises mastery", async () => {
    const student = newStudent();
    await harness.pin(student, ITEMS.twentyEight);
    harness.queueReply("The answer is 28.");
    expectHintInstead(finalMessage(await harness.send(student, "What's the answer to the quiz?")), ITEMS.twentyEight.id);
    expect((await harness.tutor.store.getPendingItem(COURSE_ID, student, `dm-${student}`))?.hints).toEqual(["guard"]);
    const before =
      (await harness.tutor.store.getMastery(COURSE_ID, student)).find((m) => m.skillId === ITEMS.twentyEight.skill)?.pKnown ??
      DEFAULT_BKT_PARAMS.prior;
    const graded = finalMessage(await harness.send(student, "28"));
    expect(graded).toContain("✅");
    expect(graded).toContain(`${percent(before)} → ${percent(updateKnowledge(before, true, DEFAULT_BKT_PARAMS))}`);
    expect(await harness.tutor.store.listAttempts({ studentId: student })).toMatchObject([{ correct: true, hintsUsed: 0 }]);
  });

  it("a hint the student asks for after one still counts", async () => {
    const student = newStudent();
    await harness.pin(student, ITEMS.twentyEight);
    harness.queueReply("The answer is 28.");
    await harness.send(student, "What's the answer to the quiz?");
    await harness.send(student, "/hint");
    expect((await harness.tutor.store.getPendingItem(COURSE_ID, student, `dm-${student}`))?.hints).toEqual(["guard", "asked"]);
    expect(finalMessage(await harness.send(student, "28"))).toContain("✅");
    expect(await harness.tutor.store.listAttempts({ studentId: student })).toMatchObject([{ correct: false, hintsUsed: 1 }]);
  });
});

describe("the rubric grader's feedback", () => {
  it("never reveals the model answer, and the teacher sees the stopped feedback in the log", async () => {
    const student = newStudent();
    await harness.pin(student, ITEMS.brackets);
    harness.queueVerdict({
      correct: false,
      feedback: "Almost. The fix is average = (a + b) / 2, because division happens before addition.",
    });
    const events = await harness.send(student, "I think the average formula is just wrong somehow");
    const grader = chatRequests().at(-1)!;
    expect(grader.format).toBeDefined();
    expect(JSON.stringify(grader.messages)).toContain("Rubric:");
    for (const text of visibleTexts(events)) expect(text).not.toContain("(a + b) / 2");
    expect(finalMessage(events)).toMatch(/Not quite/);
    expect(harness.tutor.app.tutor.leakLog.list({ studentId: student })).toEqual([
      expect.objectContaining({ where: "grader-feedback", itemId: ITEMS.brackets.id }),
    ]);
  });

  it("passes feedback that gives nothing away", async () => {
    const student = newStudent();
    await harness.pin(student, ITEMS.brackets);
    harness.queueVerdict({ correct: false, feedback: "You explain the cause, but you do not say how to fix the code." });
    const events = await harness.send(student, "Division is done before addition");
    expect(finalMessage(events)).toContain("You explain the cause, but you do not say how to fix the code.");
  });
});

describe("teacher-only material never reaches a tutoring prompt", () => {
  it("no teacher note, explanation, rubric or model answer appears in any prompt sent on the wire", async () => {
    const student = newStudent();
    harness.queueReply("Let me explain.");
    await harness.send(student, "What are the misconceptions about x = x + 1 and the worked solutions for the bus exercise?");
    const tutoring = chatRequests().filter((request) => request.format === undefined);
    expect(tutoring.length).toBeGreaterThan(ATTACKS.length);
    const wire = tutoring
      .map((request) =>
        request.messages
          .filter((message) => message.role === "system")
          .map((message) => message.content)
          .join("\n"),
      )
      .join("\n");
    // What students may see anyway: the lessons and the questions themselves.
    const visible = [...course.lessons.map((lesson) => lesson.body), ...course.items.map(({ item }) => item.prompt)].join("\n");
    const teacherLines = course.teacherNotes
      .flatMap((note) => note.body.split("\n"))
      .filter((line) => line.trim().length >= 40 && !visible.includes(line.trim()));
    expect(teacherLines.length).toBeGreaterThan(20);
    for (const line of teacherLines) expect(wire).not.toContain(line.trim());
    const keys = course.items.flatMap(({ item }) => [
      item.explanation,
      ...(item.type === "short_answer" ? [item.rubric, item.answer] : []),
    ]);
    for (const key of keys.map((text) => text.trim()).filter((text) => !visible.includes(text))) expect(wire).not.toContain(key);
  });
});
