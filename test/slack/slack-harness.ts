import type { Logger } from "../../src/logger.js";
import type { TurnHandler } from "../../src/tutor/turn.js";
import { startSlackAdapter, type SlackAdapter } from "../../src/adapters/slack/start-slack-adapter.js";
import type { SlackAdapterOptions } from "../../src/adapters/slack/slack-adapter-options.js";
import { startFakeSlack, type FakeSlack, type FakeSlackOptions, type SlackCall } from "./fake-slack.js";
import { commandBody, eventBody, interactivityBody, postSigned, SIGNING_SECRET, type SendOptions } from "./slack-requests.js";

export const BOT_TOKEN = "xoxb-test-secret-token";

type Block = { text?: { text: string } };
/** A posted message's text and its blocks' text, one per line. */
export const allText = (call: SlackCall) =>
  [String(call.body.text), ...((call.body.blocks ?? []) as Block[]).map((block) => block.text?.text ?? "")].join("\n");
/** Slack escapes `&`, `<`, `>` in what the app posts; undone here so assertions read like the tutor's text. */
export const unescape = (text: string) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

export interface SlackHarness {
  fake: FakeSlack;
  adapter: SlackAdapter;
  url: string;
  logs: string[];
  sendEvent(event: Record<string, unknown>, eventId: string, options?: SendOptions): Promise<{ status: number; text: string }>;
  sendCommand(fields: Parameters<typeof commandBody>[0], options?: SendOptions): Promise<{ status: number; text: string }>;
  sendInteraction(payload: Record<string, unknown>, options?: SendOptions): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

/** The real adapter (bolt's HTTP receiver on 127.0.0.1) against the fake Web API, with every log line kept. */
export async function startSlackHarness(
  handler: TurnHandler,
  /** `sharedFake`: a fake Web API another harness also uses (a second worker); it is left running by close(). */
  options: { fake?: FakeSlackOptions; sharedFake?: FakeSlack; adapter?: Partial<SlackAdapterOptions> } = {},
): Promise<SlackHarness> {
  const fake = options.sharedFake ?? (await startFakeSlack({ botToken: BOT_TOKEN, ...options.fake }));
  const logs: string[] = [];
  const logger = createCapturingLogger(logs);
  const adapter = await startSlackAdapter(
    {
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      mode: "http",
      port: 0,
      host: "127.0.0.1",
      apiUrl: fake.apiUrl,
      streamEditIntervalMs: 0,
      processBeforeResponse: true,
      ...options.adapter,
    },
    handler,
    logger,
  );
  const url = `http://127.0.0.1:${adapter.port}/slack/events`;
  return {
    fake,
    adapter,
    url,
    logs,
    sendEvent: (event, eventId, sendOptions) => postSigned(url, eventBody(event, eventId), "application/json", sendOptions),
    sendCommand: (fields, sendOptions) => postSigned(url, commandBody(fields), "application/x-www-form-urlencoded", sendOptions),
    sendInteraction: (payload, sendOptions) =>
      postSigned(url, interactivityBody(payload), "application/x-www-form-urlencoded", sendOptions),
    async close() {
      await adapter.stop();
      if (!options.sharedFake) await fake.stop();
    },
  };
}

function createCapturingLogger(lines: string[]): Logger {
  const write = (label: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${label} ${message}${fields === undefined ? "" : ` ${JSON.stringify(fields)}`}`);
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}
