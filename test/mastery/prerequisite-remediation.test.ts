import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onlyMessage } from "../tutor/turns.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";
import { COURSE, idOf, quizAndAnswer } from "./tutor-quiz-helpers.js";

/** Arithmetic needs variables, which needs values-and-types (the sample course's graph). */
describe("a student failing a skill whose prerequisites are weak (real tutor)", () => {
  let fixture: TutorFixture;
  beforeAll(async () => {
    fixture = await createTutorFixture();
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("is sent back to the direct prerequisite and told why", async () => {
    const reply = onlyMessage(await quizAndAnswer(fixture, "newcomer", "arithmetic", false));
    expect(reply.text).toContain("❌ Not quite.");
    expect(reply.text).toContain("This question builds on **Variables and assignment**, which you have not mastered yet");
    expect(reply.actions).toContainEqual({ label: "Practise Variables and assignment", command: "/quiz variables" });
  });

  it("is sent further down when the deeper prerequisite is the weaker one", async () => {
    await fixture.store.setOverride(COURSE, idOf("shaky"), "variables", 0.7, "did some of it in class", idOf("teacher"));
    await fixture.store.setOverride(COURSE, idOf("shaky"), "values-and-types", 0.1, "missed the first lesson", idOf("teacher"));
    const reply = onlyMessage(await quizAndAnswer(fixture, "shaky", "arithmetic", false));
    expect(reply.text).toContain("builds on **Values and types**");
    expect(reply.actions.map((action) => action.command)).toContain("/quiz values-and-types");
  });

  it("is not sent back when the prerequisites are mastered", async () => {
    await fixture.store.setOverride(COURSE, idOf("solid"), "variables", 0.97, "strong on the basics", idOf("teacher"));
    const reply = onlyMessage(await quizAndAnswer(fixture, "solid", "arithmetic", false));
    expect(reply.text).not.toContain("builds on");
    expect(reply.actions.map((action) => action.command)).toEqual(["/hint", "/giveup"]);
  });
});
