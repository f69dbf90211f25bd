import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";
import { startFakeSlack, type FakeSlack } from "./fake-slack.js";
import { ScriptedHandler } from "./scripted-handler.js";
import { BOT_TOKEN, startSlackHarness, type SlackHarness } from "./slack-harness.js";

const dm = (text: string, ts: string) => ({ type: "message", channel: "D1", channel_type: "im", user: "U1", text, ts, event_ts: ts });
const mention = (ts: string) => ({ type: "app_mention", channel: "C1", user: "U1", text: "<@UBOT> what is a loop?", ts, event_ts: ts });
const channelMessage = (ts: string) => ({ ...mention(ts), type: "message", channel_type: "channel" });
const RETRY = { headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } };

let dir: string;
let fake: FakeSlack;
const running: Array<{ harness: SlackHarness; store: SqliteProfileStore }> = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "slack-workers-"));
  fake = await startFakeSlack({ botToken: BOT_TOKEN });
});
afterEach(async () => {
  for (const { harness, store } of running.splice(0)) {
    await harness.close();
    await store.close();
  }
  await fake.stop();
  await rm(dir, { recursive: true, force: true });
});

/** One Slack worker: the real adapter with its own connection to the shared profile database, on the shared fake Web API. */
async function startWorker(handler: ScriptedHandler): Promise<SlackHarness> {
  const store = new SqliteProfileStore(path.join(dir, "tutor.db"));
  const harness = await startSlackHarness(handler, { sharedFake: fake, adapter: { threads: store, claims: store } });
  running.push({ harness, store });
  return harness;
}

const answer = () => [{ type: "message" as const, text: "Once", sources: [], actions: [], audience: "conversation" as const }];

describe("Slack workers sharing the profile store answer each delivery once", () => {
  it("a retry (same event_id, x-slack-retry-num) that reaches the other worker is not answered again", async () => {
    const [first, second] = [new ScriptedHandler(answer), new ScriptedHandler(answer)];
    const [one, two] = [await startWorker(first), await startWorker(second)];
    expect((await one.sendEvent(dm("hello", "1.1"), "Ev1")).status).toBe(200);
    expect((await two.sendEvent(dm("hello", "1.1"), "Ev1", RETRY)).status).toBe(200);
    expect(first.turns.map((turn) => turn.text)).toEqual(["hello"]);
    expect(second.turns).toEqual([]);
    expect(fake.callsTo("chat.postMessage")).toHaveLength(1);
    // The second worker answers what is new to both.
    await two.sendEvent(dm("next", "1.2"), "Ev2");
    expect(second.turns.map((turn) => turn.text)).toEqual(["next"]);
  });

  it("a mention delivered as app_mention to one worker and as message to the other is answered once", async () => {
    const [first, second] = [new ScriptedHandler(answer), new ScriptedHandler(answer)];
    const [one, two] = [await startWorker(first), await startWorker(second)];
    await Promise.all([one.sendEvent(mention("2.2"), "Ev3"), two.sendEvent(channelMessage("2.2"), "Ev4")]);
    expect([...first.turns, ...second.turns].map((turn) => turn.id)).toEqual(["slack:T1:message:C1:2.2"]);
    expect(fake.callsTo("chat.postMessage")).toHaveLength(1);
  });

  it("a retry after a worker restarted is not answered again", async () => {
    const handler = new ScriptedHandler(answer);
    const before = await startWorker(handler);
    await before.sendEvent(dm("hello", "3.3"), "Ev5");
    const { store } = running.shift()!;
    await before.close();
    await store.close();
    const after = await startWorker(handler);
    await after.sendEvent(dm("hello", "3.3"), "Ev5", RETRY);
    expect(handler.turns.map((turn) => turn.text)).toEqual(["hello"]);
    expect(fake.callsTo("chat.postMessage")).toHaveLength(1);
  });
});
