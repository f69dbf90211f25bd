import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NOT_TUTORING_RECHECK_MS, TutoringThreads } from "../../src/adapters/tutoring-threads.js";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";
import { ScriptedHandler } from "./scripted-handler.js";
import { startSlackHarness } from "./slack-harness.js";

const mention = (ts: string) => ({ type: "app_mention", channel: "C1", user: "U1", text: "<@UBOT> what is a loop?", ts, event_ts: ts });
const followUp = (ts: string, threadTs: string) => ({
  type: "message",
  channel: "C1",
  channel_type: "channel",
  user: "U1",
  text: "and a while loop?",
  ts,
  event_ts: ts,
  thread_ts: threadTs,
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tutor-threads-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("threads the tutor answers in survive a restart", () => {
  it("Slack: a follow-up without a mention, in a thread answered before the restart, is answered after it", async () => {
    const file = path.join(dir, "tutor.db");
    const before = new SqliteProfileStore(file);
    const handler = new ScriptedHandler(() => [{ type: "message", text: "Answer", sources: [], actions: [], audience: "conversation" }]);
    const first = await startSlackHarness(handler, { adapter: { threads: before } });
    await first.sendEvent(mention("5.5"), "Ev1");
    await first.close();
    await before.close();

    const after = new SqliteProfileStore(file);
    const second = await startSlackHarness(handler, { adapter: { threads: after } });
    try {
      await second.sendEvent(followUp("6.6", "5.5"), "Ev2");
      await second.sendEvent(followUp("7.7", "4.4"), "Ev3");
      expect(handler.turns.map((turn) => [turn.text, turn.conversationId])).toEqual([
        ["what is a loop?", "slack:thread:C1:5.5"],
        ["and a while loop?", "slack:thread:C1:5.5"],
      ]);
    } finally {
      await second.close();
      await after.close();
    }
  });

  it("the cache in front of the store answers from the store once, then from memory, and is bounded", async () => {
    const store = new SqliteProfileStore(path.join(dir, "tutor.db"));
    try {
      let reads = 0;
      const counting = {
        rememberThread: store.rememberThread.bind(store),
        isTutoringThread: async (key: string) => (reads++, await store.isTutoringThread(key)),
      };
      await new TutoringThreads(store).add("discord:thread:1");
      const threads = new TutoringThreads(counting);
      const answers: boolean[] = [];
      for (const key of ["discord:thread:1", "discord:thread:1", "discord:thread:2", "discord:thread:2"])
        answers.push(await threads.has(key));
      expect(answers).toEqual([true, true, false, false]);
      expect(reads).toBe(2);
      await threads.add("discord:thread:2");
      expect(await threads.has("discord:thread:2")).toBe(true);
      expect(await store.isTutoringThread("discord:thread:2")).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("a thread another process started tutoring in is recognised within NOT_TUTORING_RECHECK_MS", async () => {
    const file = path.join(dir, "tutor.db");
    const [mine, theirs] = [new SqliteProfileStore(file), new SqliteProfileStore(file)];
    try {
      let now = 1000;
      const threads = new TutoringThreads(mine, () => now);
      expect(await threads.has("slack:thread:C1:5.5")).toBe(false);
      await new TutoringThreads(theirs).add("slack:thread:C1:5.5");
      // Believed from memory for a moment, then asked again.
      now += NOT_TUTORING_RECHECK_MS - 1;
      expect(await threads.has("slack:thread:C1:5.5")).toBe(false);
      now += 1;
      expect(await threads.has("slack:thread:C1:5.5")).toBe(true);
    } finally {
      await mine.close();
      await theirs.close();
    }
  });
});
