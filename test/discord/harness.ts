import { startDiscordAdapter, type DiscordAdapter } from "../../src/adapters/discord/discord-adapter.js";
import type { DiscordAdapterOptions } from "../../src/adapters/discord/options.js";
import type { Logger } from "../../src/logger.js";
import type { ReplyEvent, Turn, TurnHandler } from "../../src/tutor/turn.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";
import { FakeDiscord, GUILD_ID, TEACHER_ROLE, waitFor } from "./fake-discord.js";

export interface Harness {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  logs: string[];
  close(): Promise<void>;
}

export const TEST_TOKEN = "test-bot-token.secret";

/** The real discord.js client, through the adapter, against a fresh fake Discord. */
export async function startHarness(handler: TurnHandler, options: Partial<DiscordAdapterOptions> = {}): Promise<Harness> {
  const fake = await FakeDiscord.start();
  const logs: string[] = [];
  const logger: Logger = { debug: () => {}, info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) };
  const adapter = await startDiscordAdapter(
    { token: TEST_TOKEN, apiUrl: fake.apiUrl, streamEditIntervalMs: 20, logger, ...options },
    handler,
  );
  return {
    fake,
    adapter,
    logs,
    close: async () => {
      await adapter.stop(2000);
      await fake.stop();
    },
  };
}

/**
 * The real tutor on a copy of the sample course, whose teachers are the members of the fake server's
 * teacher role, behind the real adapter.
 */
export async function startCourseHarness(): Promise<{ tutor: TutorFixture; harness: Harness; close(): Promise<void> }> {
  const tutor = await createTutorFixture({
    copyContent: true,
    teachers: { "python-basics": [`discord:role:${GUILD_ID}/${TEACHER_ROLE.id}`] },
  });
  const harness = await startHarness(tutor.handler, { teachers: tutor.app.teachers });
  return {
    tutor,
    harness,
    close: async () => {
      await harness.close();
      await tutor.close();
    },
  };
}

/** The text of the first non-empty reply to an interaction (its deferred reply or a follow-up). */
export function interactionReply(fake: FakeDiscord, token: string, what: string): Promise<string> {
  return waitFor(
    () => fake.webhookCalls(token).find((r) => r.method !== "DELETE" && String(r.body?.content ?? "") !== ""),
    what,
    10_000,
  ).then((r) => String(r.body.content));
}

/** A TurnHandler that replies from a script and remembers the turns it was given. */
export function scriptedHandler(script: (turn: Turn) => AsyncIterable<ReplyEvent>): TurnHandler & { turns: Turn[] } {
  const turns: Turn[] = [];
  return {
    turns,
    languageFor: async () => "en",
    handle(turn) {
      turns.push(turn);
      return script(turn);
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Streams `text` in `pieces` deltas `gapMs` apart, then the final message with `sources`. */
export async function* streamAnswer(
  text: string,
  options: { pieces?: number; gapMs?: number; sources?: string[] } = {},
): AsyncIterable<ReplyEvent> {
  const pieces = options.pieces ?? 5;
  const size = Math.ceil(text.length / pieces);
  yield { type: "typing" };
  for (let start = 0; start < text.length; start += size) {
    yield { type: "delta", text: text.slice(start, start + size) };
    await sleep(options.gapMs ?? 30);
  }
  yield {
    type: "message",
    text,
    sources: (options.sources ?? []).map((label) => ({ label, file: "lessons/03-loops.md", startLine: 1, endLine: 5 })),
    actions: [],
    audience: "conversation",
  };
}
