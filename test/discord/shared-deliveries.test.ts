import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startDiscordAdapter, type DiscordAdapter } from "../../src/adapters/discord/discord-adapter.js";
import { silentLogger } from "../../src/logger.js";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";
import type { ReplyEvent } from "../../src/tutor/turn.js";
import { FakeDiscord, waitFor } from "./fake-discord.js";
import { scriptedHandler, TEST_TOKEN } from "./harness.js";

let dir: string;
let fake: FakeDiscord;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "discord-replay-"));
  fake = await FakeDiscord.start();
});
afterEach(async () => {
  await fake.stop();
  await rm(dir, { recursive: true, force: true });
});

const answer = async function* (): AsyncIterable<ReplyEvent> {
  yield { type: "message", text: "ok", sources: [], actions: [], audience: "conversation" };
};

/** The real adapter with its own connection to the shared profile database, as one bot process. */
async function startInstance(handler: ReturnType<typeof scriptedHandler>): Promise<{ adapter: DiscordAdapter; stop(): Promise<void> }> {
  const store = new SqliteProfileStore(path.join(dir, "tutor.db"));
  const adapter = await startDiscordAdapter(
    { token: TEST_TOKEN, apiUrl: fake.apiUrl, streamEditIntervalMs: 20, logger: silentLogger, threads: store, claims: store },
    handler,
  );
  return {
    adapter,
    async stop() {
      await adapter.stop(2000);
      await store.close();
    },
  };
}

describe("Discord instances sharing the profile store", () => {
  it("a message replayed to another instance (the session taken over after a restart) is not answered again", async () => {
    const firstHandler = scriptedHandler(answer);
    const first = await startInstance(firstHandler);
    const dm = fake.dmChannelId({ id: "3001", name: "ana" });
    fake.userMessage("what is a loop?", { dm: true });
    await waitFor(() => fake.posts(dm).length === 1, "the first instance's answer");
    await first.stop();

    const secondHandler = scriptedHandler(answer);
    const second = await startInstance(secondHandler);
    try {
      fake.redeliverLatest("MESSAGE_CREATE");
      fake.userMessage("and a while loop?", { dm: true });
      await waitFor(() => fake.posts(dm).length === 2, "the second instance's answer to the new message");
      expect(firstHandler.turns.map((turn) => turn.text)).toEqual(["what is a loop?"]);
      expect(secondHandler.turns.map((turn) => turn.text)).toEqual(["and a while loop?"]);
    } finally {
      await second.stop();
    }
    expect(fake.posts(dm)).toHaveLength(2);
  });
});
