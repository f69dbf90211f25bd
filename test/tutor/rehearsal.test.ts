import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CourseCatalog } from "../../src/retrieval/course-library.js";
import { messagesFor } from "../../src/tutor/i18n/messages.js";
import { rehearseTurns, type RehearsedTurn } from "../../src/tutor/rehearsal.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";

const kinds = (turn: RehearsedTurn) => turn.replies.map((event) => event.type);
const en = messagesFor("en");

describe("the start-up rehearsal (src/tutor/rehearsal.ts)", () => {
  let fixture: TutorFixture;
  beforeAll(async () => {
    fixture = await createTutorFixture();
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("runs every flow a class starts with on the real course: questions in line, a quiz item, its answer graded, the progress chart", async () => {
    const turns = await rehearseTurns(fixture.app.library);

    const said = (text: string) => turns.filter((turn) => turn.text === text);
    const questions = said("How does the first lesson begin?");
    expect(questions).toHaveLength(3);
    for (const question of questions) {
      expect(kinds(question)).toContain("delta");
      expect(question.replies.at(-1)).toMatchObject({ type: "message", text: expect.stringContaining("step by step") });
    }
    const quizzes = said("/quiz");
    expect(quizzes).toHaveLength(3);
    for (const quiz of quizzes) {
      const message = quiz.replies.find((event) => event.type === "message");
      expect(message?.type === "message" && message.actions.some((action) => action.command.startsWith("/answer"))).toBe(true);
    }
    const answers = turns.filter((turn) => turn.text.startsWith("/answer"));
    expect(answers).toHaveLength(3);
    for (const answer of answers) expect(kinds(answer)).toContain("message");
    for (const progress of said("/progress")) expect(kinds(progress)).toContain("file");
    expect(
      turns.flatMap((turn) => turn.replies).filter((event) => event.type === "notice" && event.text === en.t("error.internal")),
    ).toEqual([]);

    // The rehearsal's students live in its own store in memory: the school's has never heard of them.
    expect(await fixture.store.listAttempts({ studentId: "rehearsal:student:0" })).toEqual([]);
  });

  it("never fails a start: a course that cannot be searched ends the questions with a notice, and the rehearsal with the rest", async () => {
    const library = fixture.app.library;
    const failingSearch: CourseCatalog = {
      courses: () => library.courses(),
      course: (courseId) => library.course(courseId),
      search: () => Promise.reject(new Error("the index is gone")),
    };

    const turns = await rehearseTurns(failingSearch);

    const question = turns.find((turn) => turn.text === "How does the first lesson begin?");
    expect(question?.replies.at(-1)).toMatchObject({ type: "notice", text: en.t("error.internal") });
    expect(turns.filter((turn) => turn.text === "/progress").every((turn) => kinds(turn).includes("file"))).toBe(true);
  });
});
