import { afterEach, describe, expect, it } from "vitest";
import type { Logger } from "../../src/logger.js";
import { startSlackAdapter, type SlackAdapter } from "../../src/adapters/slack/start-slack-adapter.js";
import { startFakeSlack, type FakeSlack } from "./fake-slack.js";
import { ScriptedHandler, streamedAnswer } from "./scripted-handler.js";
import { BOT_TOKEN } from "./slack-harness.js";

const APP_TOKEN = "xapp-1-test-app-token";
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

let fake: FakeSlack | undefined;
let adapter: SlackAdapter | undefined;
afterEach(async () => {
  await adapter?.stop();
  await fake?.stop();
  adapter = undefined;
  fake = undefined;
});

describe("Slack adapter over Socket Mode", () => {
  it("connects with the app token at SLACK_API_URL, acknowledges envelopes and answers over the Web API", async () => {
    fake = await startFakeSlack();
    const handler = new ScriptedHandler(streamedAnswer);
    adapter = await startSlackAdapter(
      { botToken: BOT_TOKEN, appToken: APP_TOKEN, apiUrl: fake.apiUrl, streamEditIntervalMs: 0 },
      handler,
      quiet,
    );
    expect(adapter.mode).toBe("socket");
    await fake.socketConnected();
    expect(fake.callsTo("apps.connections.open")[0]?.authorization).toBe(`Bearer ${APP_TOKEN}`);

    const event = { type: "message", channel: "D1", channel_type: "im", user: "U1", text: "what is a loop?", ts: "1.1" };
    const ack = await fake.sendOverSocket("events_api", {
      team_id: "T1",
      api_app_id: "A1",
      type: "event_callback",
      event_id: "Ev1",
      event,
    });
    expect(ack.envelope_id).toBe("env-1");
    // The final message carries the sources as blocks, whether it is an edit of the stream or its first post.
    await fake.waitFor((calls) => calls.some((call) => call.method.startsWith("chat.") && Array.isArray(call.body.blocks)));
    expect(handler.turns.map((turn) => turn.text)).toEqual(["what is a loop?"]);
    expect(fake.callsTo("chat.postMessage")[0]?.authorization).toBe(`Bearer ${BOT_TOKEN}`);

    const commandAck = await fake.sendOverSocket("slash_commands", {
      team_id: "T1",
      channel_id: "C1",
      channel_name: "general",
      user_id: "U1",
      user_name: "ada",
      command: "/tutor",
      text: "hint",
      trigger_id: "tr1",
      response_url: "https://hooks.invalid/1",
      api_app_id: "A1",
    });
    expect(commandAck.envelope_id).toBe("env-2");
    await fake.waitFor(() => handler.turns.length === 2);
    expect(handler.turns[1]?.text).toBe("/hint");
  });
});
