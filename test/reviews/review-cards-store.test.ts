import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ReviewCard } from "../../src/tutor/reviews/review-card.js";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";

let dir: string;
let file: string;
let store: SqliteProfileStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tutor-reviews-"));
  file = path.join(dir, "tutor.db");
  store = new SqliteProfileStore(file);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const card = (skillId: string, due: number): ReviewCard => ({
  skillId,
  due,
  stability: 4.2,
  difficulty: 5.1,
  reps: 2,
  lapses: 0,
  state: 2,
  scheduledDays: 4,
  lastReview: due - 4 * 86_400_000,
});

describe("review cards in SQLite", () => {
  it("keeps one card per course, student and skill, soonest due first, across reopening", async () => {
    await store.saveReviewCard("c1", "s1", card("loops", 3000));
    await store.saveReviewCard("c1", "s1", card("lists", 2000));
    await store.saveReviewCard("c1", "s1", { ...card("loops", 1000), reps: 3 });
    await store.saveReviewCard("c2", "s1", card("loops", 500));
    await store.saveReviewCard("c1", "s2", card("loops", 500));
    await store.close();
    store = new SqliteProfileStore(file);
    expect(await store.getReviewCards("c1", "s1")).toEqual([{ ...card("loops", 1000), reps: 3 }, card("lists", 2000)]);
    expect((await store.getReviewCards("c2", "s1")).map((c) => c.skillId)).toEqual(["loops"]);
  });
});
