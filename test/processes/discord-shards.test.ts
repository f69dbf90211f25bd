import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord, BOT, CHANNEL_ID, GUILD_ID, SECOND_CHANNEL_ID, SECOND_GUILD_ID, shardOf } from "../discord/fake-discord.js";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama.js";
import { SAMPLE_CONTENT_DIR } from "../support/tutor-fixture.js";
import { waitFor } from "../support/wait-for.js";

const TSX = import.meta.resolve("tsx");
const LAUNCHER = path.resolve(import.meta.dirname, "../../src/adapters/discord/start-sharded.ts");

/** Threads the bot started from a message in `channelId` (a mention is answered in a thread of its own). */
const threadsFrom = (fake: FakeDiscord, channelId: string, messageId: string) =>
  fake.requests.filter((r) => r.method === "POST" && r.path === `/channels/${channelId}/messages/${messageId}/threads`);

describe("npm run start:sharded against a gateway that recommends 2 shards", () => {
  let fake: FakeDiscord;
  let ollama: FakeOllama;
  let root: string;
  let launcher: ChildProcess;
  let output = "";
  beforeAll(async () => {
    fake = await FakeDiscord.start({ shards: 2 });
    ollama = await startFakeOllama();
    root = await mkdtemp(path.join(os.tmpdir(), "discord-shards-"));
    await writeFile(path.join(root, "empty.yaml"), "");
    launcher = spawn(process.execPath, ["--import", TSX, LAUNCHER], {
      env: {
        ...process.env,
        DISCORD_TOKEN: "test-bot-token.secret",
        DISCORD_API_URL: fake.apiUrl,
        TUTOR_CONFIG: path.join(root, "empty.yaml"),
        TUTOR_CONTENT_DIR: SAMPLE_CONTENT_DIR,
        TUTOR_DATA_DIR: path.join(root, "data"),
        OLLAMA_HOST: ollama.url,
        TUTOR_STREAM_EDIT_MS: "20",
      },
    });
    launcher.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    launcher.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes("all 2 shard(s) connected"), `both shards to connect (output so far:\n${output})`, 150_000, 100);
  }, 160_000);
  afterAll(async () => {
    if (launcher.exitCode === null) {
      const exited = new Promise((resolve) => launcher.once("exit", resolve));
      launcher.kill("SIGTERM");
      await exited;
    }
    await fake.stop();
    await ollama.stop();
    await rm(root, { recursive: true, force: true });
  }, 60_000);

  it("starts one process per shard, and each identifies with its shard id and the count", () => {
    expect(fake.identifiedShards).toEqual(
      expect.arrayContaining([
        [0, 2],
        [1, 2],
      ]),
    );
    expect(fake.identifiedShards).toHaveLength(2);
    expect(output).toMatch(/shard 0: process \d+/);
    expect(output).toMatch(/shard 1: process \d+/);
  });

  it("a server's messages are answered by its shard's process alone, once", { timeout: 120_000 }, async () => {
    expect(shardOf(GUILD_ID, 2)).toBe(0);
    expect(shardOf(SECOND_GUILD_ID, 2)).toBe(1);
    const pidOf = (shard: number) => Number(new RegExp(`shard ${shard}: process (\\d+)`).exec(output)![1]);
    const mention = `<@${BOT.id}> what is a variable?`;

    // With shard 1's process paused, the first server is answered and the second is not: no other process takes its events.
    process.kill(pidOf(1), "SIGSTOP");
    let resumed = false;
    try {
      const first = fake.userMessage(mention, { channelId: CHANNEL_ID, mentionsBot: true });
      const second = fake.userMessage(mention, { channelId: SECOND_CHANNEL_ID, mentionsBot: true });
      await waitFor(() => threadsFrom(fake, CHANNEL_ID, first).length > 0, "the first server's answer", 60_000, 50);
      await waitFor(
        () => fake.posts(first).length > 0 || fake.edits(first).length > 0,
        "the answer in the first server's thread",
        60_000,
        50,
      );
      expect(threadsFrom(fake, SECOND_CHANNEL_ID, second)).toHaveLength(0);

      process.kill(pidOf(1), "SIGCONT");
      resumed = true;
      await waitFor(
        () => threadsFrom(fake, SECOND_CHANNEL_ID, second).length > 0,
        "the second server's answer once shard 1 runs again",
        60_000,
        50,
      );
      await waitFor(
        () => fake.posts(second).length > 0 || fake.edits(second).length > 0,
        "the answer in the second server's thread",
        60_000,
        50,
      );
      expect(threadsFrom(fake, CHANNEL_ID, first)).toHaveLength(1);
      expect(threadsFrom(fake, SECOND_CHANNEL_ID, second)).toHaveLength(1);
    } finally {
      if (!resumed) process.kill(pidOf(1), "SIGCONT");
    }
  });
});
