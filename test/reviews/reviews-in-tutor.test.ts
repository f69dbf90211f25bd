import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../src/tutor/reviews/schedule-review.js";
import { messagesOf, noticesOf, onlyMessage } from "../tutor/turns.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";
import { COURSE, idOf, pendingItem, quizAndAnswer, say } from "../mastery/tutor-quiz-helpers.js";

describe("spaced review through the real tutor", () => {
  let fixture: TutorFixture;
  const cards = (student: string) => fixture.store.getReviewCards(COURSE, idOf(student));
  /** Moves a card's due date into the past, as if the student had been away. */
  const makeOverdue = async (student: string, skillId: string, days: number) => {
    const card = (await cards(student)).find((c) => c.skillId === skillId)!;
    await fixture.store.saveReviewCard(COURSE, idOf(student), {
      ...card,
      due: Date.now() - days * DAY_MS,
      lastReview: Date.now() - (days + 3) * DAY_MS,
    });
  };

  beforeAll(async () => {
    fixture = await createTutorFixture();
    // Three right answers in a row master values-and-types with the default parameters (20% → 98%).
    for (let i = 0; i < 3; i++) await quizAndAnswer(fixture, "ada", "values-and-types", true);
    for (let i = 0; i < 3; i++) await quizAndAnswer(fixture, "ada", "variables", true);
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("starts a review card when a skill is mastered, due days later, stored per course, student and skill", async () => {
    expect((await cards("ada")).map((card) => card.skillId).sort()).toEqual(["values-and-types", "variables"]);
    for (const card of await cards("ada")) expect(card.due).toBeGreaterThan(Date.now() + DAY_MS / 2);
    expect(await cards("nobody")).toEqual([]);
    const review = noticesOf(await say(fixture, "ada", "/review"));
    expect(review[0]!.text).toMatch(
      /^Nothing is due for review right now\. The next one is (Values and types|Variables and assignment), (tomorrow|in \d+ days)\./,
    );
  });

  it("/review picks the most overdue skill, and a right answer pushes its next review out", async () => {
    await makeOverdue("ada", "variables", 1);
    await makeOverdue("ada", "values-and-types", 4);
    const events = await say(fixture, "ada", "/review");
    const [lead, question] = messagesOf(events);
    expect(lead!.text).toContain("**Review: Values and types** — due 4 days ago");
    expect(lead!.text).toContain("(1 more due after this one)");
    expect(question!.text).toContain("**Question** · Values and types");
    const item = await pendingItem(fixture, "ada");
    expect(item.skill).toBe("values-and-types");

    const before = (await cards("ada")).find((c) => c.skillId === "values-and-types")!;
    await say(fixture, "ada", item.type === "multiple_choice" ? item.answer : String(item.answer));
    const after = (await cards("ada")).find((c) => c.skillId === "values-and-types")!;
    expect(after.reps).toBe(before.reps + 1);
    expect(after.due).toBeGreaterThan(Date.now() + DAY_MS / 2);
  });

  it("/progress lists the reviews due, marks the skill, and suggests the review as the next step", async () => {
    const progress = onlyMessage(await say(fixture, "ada", "/progress"));
    expect(progress.text).toContain("**Reviews due:** Variables and assignment (due yesterday)");
    expect(progress.text).toMatch(/Variables and assignment ✅ — 3\/3 right, recent ✓✓✓ 🔁 review due/);
    expect(progress.text).toContain("**Next step:** review Variables and assignment before it fades — `/review`.");
    expect(progress.actions).toContainEqual({ label: "Review", command: "/review" });
  });

  it("a plain /quiz keeps teaching new material and offers the due reviews as a button", async () => {
    const [question] = messagesOf(await say(fixture, "ada", "/quiz"));
    expect(question!.text).not.toContain("Review:");
    expect(question!.actions).toContainEqual({ label: "Review (1 due)", command: "/review", style: "secondary" });
    await say(fixture, "ada", "/giveup");
    const [onSkill] = messagesOf(await say(fixture, "ada", "/quiz arithmetic"));
    expect(onSkill!.actions.some((action) => action.command === "/review")).toBe(false);
    await say(fixture, "ada", "/giveup");
  });

  it("/why tells how likely the student still remembers the skill", async () => {
    const why = onlyMessage(await say(fixture, "ada", "/why variables")).text;
    expect(why).toMatch(/I estimate a \d+% chance you still remember it today, and a review is due \(yesterday\)/);
  });

  it("exports the review cards with the student's data and forgets them with it", async () => {
    expect((await fixture.store.exportStudent(idOf("ada"))).reviews?.map((card) => card.skillId).sort()).toEqual([
      "values-and-types",
      "variables",
    ]);
    await fixture.store.forgetStudent(idOf("ada"));
    expect(await cards("ada")).toEqual([]);
    expect((await fixture.store.exportStudent(idOf("ada"))).reviews).toBeUndefined();
  });
});
