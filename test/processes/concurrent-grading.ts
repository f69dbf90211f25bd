import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_BKT_PARAMS } from "../../src/tutor/mastery/bkt.js";
import type { ReviewCard } from "../../src/tutor/reviews/review-card.js";
import { skillUpdate } from "../../src/tutor/skill-update.js";
import type { ProfileStore } from "../../src/tutor/store/profile-store.js";
import { TINY_FILES, writeTinyCourse } from "../content/tiny-course.js";

const TSX = import.meta.resolve("tsx");
const CHILD = path.join(import.meta.dirname, "grading-process.ts");

/** A store the grading processes share, and how each of them (and the test) opens it. */
export interface SharedStore {
  /** A module exporting `openStore(target: string): Promise<ProfileStore>` (see open-sqlite-store.ts). */
  opener: string;
  /** A new, empty store for one test, as the target `openStore` takes; `root` is the test's temp folder. */
  create(root: string): Promise<string>;
  /** Drops what `create` made outside `root`, if anything. */
  drop?(target: string): Promise<void>;
}

const COURSE = "tiny";
const SKILL = "alpha";
const STUDENT = "test:user:ada";
const ROUNDS = 50;

interface GradingRun {
  conversationId: string;
  /** Rounds answered wrongly; the others are answered right. */
  wrongRounds: number[];
}

/** Starts one grading process (grading-process.ts), waits for it to be ready; `go()` starts its rounds and resolves with its replies. */
async function startGrading(store: SharedStore, target: string, root: string, run: GradingRun): Promise<{ go(): Promise<string[]> }> {
  const child = spawn(process.execPath, ["--import", TSX, CHILD], {
    env: {
      ...process.env,
      GRADING_STORE_OPENER: store.opener,
      GRADING_STORE_TARGET: target,
      GRADING_STORE_DELAY_MS: "2",
      GRADING_CONTENT_DIR: path.join(root, "content"),
      GRADING_DATA_DIR: path.join(root, run.conversationId.replaceAll(":", "-")),
      GRADING_COURSE: COURSE,
      GRADING_SKILL: SKILL,
      GRADING_STUDENT: STUDENT,
      GRADING_CONVERSATION: run.conversationId,
      GRADING_ROUNDS: String(ROUNDS),
      GRADING_WRONG_ROUNDS: run.wrongRounds.join(","),
    },
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  if ((await lines.next()).value !== "ready") throw new Error(`the grading process did not start: ${stderr}`);
  return {
    async go() {
      child.stdin.end("go\n");
      const result = await lines.next();
      const code = await exited;
      if (result.done || code !== 0) throw new Error(`the grading process failed (exit ${code}): ${stderr}`);
      return JSON.parse(String(result.value)) as string[];
    },
  };
}

/**
 * Two tutor processes grade the same student's answers on the same skill at once, one in a DM and one in a
 * thread, through the real Tutor and the store `store` opens. Parameterised by the store so that every
 * ProfileStore runs it (SQLite here; a database server with its own opener).
 */
export function describeConcurrentGrading(name: string, store: SharedStore): void {
  describe(`${name}: two processes grading one student's answers on one skill at once`, () => {
    let root: string;
    let target: string;
    beforeEach(async () => {
      root = await mkdtemp(path.join(os.tmpdir(), "concurrent-grading-"));
      await writeTinyCourse(path.join(root, "content"), TINY_FILES);
      target = await store.create(root);
    });
    afterEach(async () => {
      await store.drop?.(target);
      await rm(root, { recursive: true, force: true });
    });

    it("lose no answer: the stored p(known) and review card are every answer applied one after the other", async () => {
      const runs: GradingRun[] = [
        {
          conversationId: "test:dm:ada",
          wrongRounds: Array.from({ length: ROUNDS }, (_, round) => round).filter((round) => round % 4 === 0),
        },
        {
          conversationId: "test:thread:1",
          wrongRounds: Array.from({ length: ROUNDS }, (_, round) => round).filter((round) => round % 5 === 2),
        },
      ];
      const processes = await Promise.all(runs.map((run) => startGrading(store, target, root, run)));
      const replies = await Promise.all(processes.map((process) => process.go()));

      // Every answer was graded and told so: right ones as right, wrong ones as wrong.
      for (const [index, run] of runs.entries()) {
        expect(replies[index]).toHaveLength(ROUNDS);
        expect(replies[index]!.map((reply) => reply.includes("✅"))).toEqual(
          Array.from({ length: ROUNDS }, (_, round) => !run.wrongRounds.includes(round)),
        );
      }

      const { openStore } = (await import(store.opener)) as { openStore(target: string): Promise<ProfileStore> };
      const profiles = await openStore(target);
      try {
        const attempts = await profiles.listAttempts({ courseId: COURSE, studentId: STUDENT });
        const wrong = runs.reduce((sum, run) => sum + run.wrongRounds.length, 0);
        expect(attempts).toHaveLength(2 * ROUNDS);
        expect(attempts.filter((attempt) => !attempt.correct)).toHaveLength(wrong);
        // The log's order is the order the answers were applied in: folding the pure updates over it gives what must be stored.
        let pKnown = DEFAULT_BKT_PARAMS.prior;
        let card: ReviewCard | undefined;
        for (const attempt of attempts) {
          const update = skillUpdate(attempt, DEFAULT_BKT_PARAMS);
          pKnown = update.pKnownAfter(pKnown);
          card = update.reviewCard(card, pKnown) ?? card;
        }
        const [mastery] = await profiles.getMastery(COURSE, STUDENT);
        expect(mastery).toMatchObject({ skillId: SKILL, pKnown, attempts: 2 * ROUNDS, correct: 2 * ROUNDS - wrong });
        expect(card).toBeDefined();
        expect(await profiles.getReviewCards(COURSE, STUDENT)).toEqual([card]);
      } finally {
        await profiles.close();
      }
    }, 120_000);
  });
}
