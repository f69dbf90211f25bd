import { describe, expect, it } from "vitest";
import { describeDue, listDueReviews, nextUpcomingReview } from "../../src/tutor/reviews/due-reviews.js";
import { composeReturnReminder, RETURN_GAP_MS } from "../../src/tutor/reviews/return-reminder.js";
import type { ReviewCard } from "../../src/tutor/reviews/review-card.js";
import { DAY_MS, recallProbability, scheduleReview } from "../../src/tutor/reviews/schedule-review.js";
import type { Course } from "../../src/retrieval/content/schema.js";
import { messagesFor } from "../../src/tutor/i18n/messages.js";

const T0 = Date.UTC(2026, 0, 5, 9);
const answer = (card: ReviewCard | undefined, correct: boolean, at: number, pKnownAfter = correct ? 0.97 : 0.6) =>
  scheduleReview(card, { skillId: "loops", correct, pKnownAfter, at });

const en = messagesFor("en");
const zh = messagesFor("zh-CN");

describe("scheduleReview", () => {
  it("keeps no schedule until the skill is first mastered", () => {
    expect(answer(undefined, true, T0, 0.9)).toBeUndefined();
    expect(answer(undefined, false, T0, 0.3)).toBeUndefined();
  });

  it("schedules the first review days after mastery, and each successful review further out", () => {
    const first = answer(undefined, true, T0)!;
    expect(first).toMatchObject({ skillId: "loops", reps: 1, lapses: 0, lastReview: T0 });
    expect(first.due).toBeGreaterThanOrEqual(T0 + DAY_MS);
    const second = answer(first, true, first.due)!;
    const third = answer(second, true, second.due)!;
    const gaps = [first.due - T0, second.due - first.due, third.due - second.due];
    expect(gaps[1]).toBeGreaterThan(gaps[0]!);
    expect(gaps[2]).toBeGreaterThan(gaps[1]!);
    expect(third.stability).toBeGreaterThan(first.stability);
  });

  it("brings a forgotten skill back soon: a wrong answer is a lapse", () => {
    const mastered = answer(answer(undefined, true, T0)!, true, T0 + 5 * DAY_MS)!;
    const lapsed = answer(mastered, false, mastered.due)!;
    expect(lapsed.lapses).toBe(1);
    expect(lapsed.stability).toBeLessThan(mastered.stability);
    expect(lapsed.due - mastered.due).toBeLessThan(mastered.due - T0 - 5 * DAY_MS);
    expect(lapsed.due - mastered.due).toBeLessThanOrEqual(2 * DAY_MS);
  });

  it("is reproducible: the same answers give the same schedule", () => {
    expect(answer(answer(undefined, true, T0), true, T0 + 9 * DAY_MS)).toEqual(answer(answer(undefined, true, T0), true, T0 + 9 * DAY_MS));
  });

  it("estimates recall near the requested 90% when a review falls due, lower after", () => {
    const card = answer(answer(undefined, true, T0)!, true, T0 + 4 * DAY_MS)!;
    expect(recallProbability(card, card.lastReview)).toBeCloseTo(1, 2);
    expect(recallProbability(card, card.due)).toBeGreaterThan(0.85);
    expect(recallProbability(card, card.due)).toBeLessThan(0.95);
    expect(recallProbability(card, card.due + 30 * DAY_MS)).toBeLessThan(recallProbability(card, card.due));
  });
});

describe("listDueReviews", () => {
  const card = (skillId: string, due: number): ReviewCard => ({
    skillId,
    due,
    stability: 3,
    difficulty: 5,
    reps: 2,
    lapses: 0,
    state: 2,
    scheduledDays: 3,
    lastReview: due - 3 * DAY_MS,
  });

  it("lists only due cards, most overdue first", () => {
    const now = T0 + 10 * DAY_MS;
    const due = listDueReviews([card("late", now - DAY_MS), card("later", now - 4 * DAY_MS), card("future", now + DAY_MS)], now);
    expect(due.map((review) => [review.skillId, review.overdueDays])).toEqual([
      ["later", 4],
      ["late", 1],
    ]);
    expect(due[0]!.recall).toBeLessThan(due[1]!.recall);
    expect(nextUpcomingReview([card("a", now + 3 * DAY_MS), card("b", now + DAY_MS)], now)?.skillId).toBe("b");
    expect(describeDue(now - 2 * DAY_MS, now, en)).toBe("2 days ago");
    expect(describeDue(now + DAY_MS, now, en)).toBe("tomorrow");
    expect(describeDue(now + 3 * DAY_MS, now, zh)).toBe("3天后");
    expect(describeDue(now, now, zh)).toBe("今天");
  });
});

describe("composeReturnReminder", () => {
  const course = { manifest: { skills: [{ id: "loops", name: "Loops" }] } } as unknown as Course;
  const due = [{ skillId: "loops", due: T0, overdueDays: 2, recall: 0.8 }];

  it("greets a returning student with reviews due, and stays quiet otherwise", () => {
    const now = T0 + 2 * DAY_MS;
    expect(composeReturnReminder(course, due, now - RETURN_GAP_MS - 1, now, en)).toBe(
      "Welcome back! One skill is due for review: Loops. Type `/review` for a quick question.",
    );
    expect(composeReturnReminder(course, due, now - 60_000, now, en)).toBeUndefined();
    expect(composeReturnReminder(course, [], now - RETURN_GAP_MS - 1, now, en)).toBeUndefined();
    expect(composeReturnReminder(course, due, undefined, now, en)).toBeUndefined();
  });

  it("names at most three skills and counts the rest, in the course's language", () => {
    const now = T0 + 2 * DAY_MS;
    const many = ["a", "b", "c", "d", "e"].map((skillId) => ({ skillId, due: T0, overdueDays: 2, recall: 0.8 }));
    expect(composeReturnReminder(course, many, 0, now, en)).toBe(
      "Welcome back! 5 skills are due for review: a, b, c, and 2 more. Type `/review` for a quick question.",
    );
    expect(composeReturnReminder(course, many, 0, now, zh)).toContain("a、b、c和另外 2 项");
  });
});
