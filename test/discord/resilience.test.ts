import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDiscordAdapter } from "../../src/adapters/discord/discord-adapter.js";
import { ConfigError } from "../../src/errors.js";
import type { ReplyEvent, Turn } from "../../src/tutor/turn.js";
import { BOT, CHANNEL_ID, FakeDiscord, STUDENT, waitFor } from "./fake-discord.js";
import { scriptedHandler, sleep, startHarness, streamAnswer, TEST_TOKEN, type Harness } from "./harness.js";

const LONG_CODE = Array.from({ length: 90 }, (_, i) => `    print("line ${i}: the quick brown fox jumps")`).join("\n");
const LONG_ANSWER = [
  "Here is a long walk through loops. ".repeat(30).trim(),
  `\`\`\`python\nfor i in range(3):\n${LONG_CODE}\n\`\`\``,
  "And that is why loops matter. ".repeat(30).trim(),
].join("\n\n");
const SLOW_ANSWER = "One. Two. Three. Four. Five. Six. Seven. Eight. Nine. Ten.";

async function* script(turn: Turn): AsyncIterable<ReplyEvent> {
  const text = turn.text.replace(/^\/ask /, "");
  if (text.startsWith("long")) yield* streamAnswer(LONG_ANSWER, { pieces: 8, gapMs: 10 });
  else if (text.startsWith("slow")) yield* streamAnswer(SLOW_ANSWER, { pieces: 10, gapMs: 40, sources: ["Loops"] });
  else if (text.startsWith("crash")) {
    yield { type: "delta", text: "Let me think" };
    throw new Error("tutor bug");
  } else yield* streamAnswer("ok", { pieces: 1 });
}

const fences = (text: string) => text.split("\n").filter((line) => line.startsWith("```")).length;

describe("Discord adapter resilience, over the wire", () => {
  const handler = scriptedHandler(script);
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(handler);
  });
  afterAll(async () => {
    await harness.close();
  });

  it("splits a 5,000-character answer with a code block into valid parts, never inside a fence", async () => {
    const { fake } = harness;
    expect(LONG_ANSWER.length).toBeGreaterThan(5000);
    const dm = fake.dmChannelId(STUDENT);
    fake.userMessage("long answer please", { dm: true });
    await waitFor(
      () =>
        fake.edits(dm).some((r) => String(r.body.content).includes("that is why loops matter.")) ||
        fake.posts(dm).some((r) => String(r.body.content).endsWith("loops matter.")),
      "the end of the answer",
    );
    await sleep(50);
    for (const request of [...fake.posts(dm), ...fake.edits(dm)]) expect(String(request.body.content).length).toBeLessThanOrEqual(2000);

    const ids = fake.posts(dm).map((_, index) => index);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const parts = fake.messagesIn(dm).map((m) => String(m.content));
    for (const part of parts) expect(fences(part) % 2).toBe(0);
    const codeParts = parts.filter((part) => part.includes('print("line'));
    expect(codeParts.length).toBeGreaterThanOrEqual(2);
    for (const part of codeParts) expect(part).toMatch(/```python\n[\s\S]*\n```/);
    const printed = parts
      .join("\n")
      .split("\n")
      .filter((line) => line.includes('print("line'));
    expect(printed).toEqual(LONG_CODE.split("\n"));
  });

  it("keeps a reply in flight across a gateway resume, without losing or doubling it", async () => {
    const { fake } = harness;
    const dm = fake.dmChannelId({ id: "3030", name: "cam" });
    const before = handler.turns.length;
    fake.userMessage("slow answer", { dm: true, user: { id: "3030", name: "cam" } });
    await waitFor(() => fake.posts(dm).length === 1, "the first part");
    // Mid-stream the gateway drops; after the resume the fake delivers the question again (discord.js
    // itself drops a message it has cached; the adapter's own dedupe covers the rest).
    fake.closeGateway(4000, { replayOnResume: ["MESSAGE_CREATE"] });
    const final = await waitFor(() => fake.edits(dm).find((r) => String(r.body.content).includes("Sources:")), "the final edit");
    await waitFor(() => fake.resumes === 1, "the resume");
    fake.userMessage("after the resume", { dm: true, user: { id: "3030", name: "cam" } });
    await waitFor(() => handler.turns.some((t) => t.text === "after the resume"), "a turn after the resume");

    expect(final.body.content).toBe(`${SLOW_ANSWER}\n\n**Sources:**\n- Loops`);
    expect(handler.turns.slice(before).map((t) => t.text)).toEqual(["slow answer", "after the resume"]);
    expect(fake.identifies).toBe(1);
    await waitFor(() => fake.posts(dm).length === 2, "the second answer");
    expect(fake.posts(dm).filter((r) => r.body.content !== "ok")).toHaveLength(1);
  });

  it("keeps a slash-command reply in flight across a resume; the interaction replayed after it is not answered twice", async () => {
    const { fake } = harness;
    const token = fake.command("ask", { question: "slow answer" }, { user: { id: "3050", name: "eve" } });
    await waitFor(() => fake.webhookCalls(token).some((r) => r.method === "PATCH"), "the first part");
    const resumesBefore = fake.resumes;
    fake.closeGateway(4000, { replayOnResume: ["INTERACTION_CREATE"] });
    const final = await waitFor(() => fake.webhookCalls(token).find((r) => String(r.body.content).includes("Sources:")), "the final edit");
    await waitFor(() => fake.resumes === resumesBefore + 1, "the resume");
    fake.command("ask", { question: "after" }, { user: { id: "3050", name: "eve" } });
    await waitFor(() => handler.turns.some((t) => t.text === "/ask after"), "a turn after the resume");

    expect(final.body.content).toBe(`${SLOW_ANSWER}\n\n**Sources:**\n- Loops`);
    expect(handler.turns.filter((t) => t.text === "/ask slow answer")).toHaveLength(1);
    expect(fake.requests.filter((r) => r.path.includes(`/${token}/callback`))).toHaveLength(1);
  });

  it("survives a tutor failure mid-stream: keeps what was shown, says sorry, answers the next message", async () => {
    const { fake } = harness;
    const dm = fake.dmChannelId({ id: "3040", name: "dee" });
    fake.userMessage("crash please", { dm: true, user: { id: "3040", name: "dee" } });
    await waitFor(() => fake.posts(dm).find((r) => String(r.body.content).startsWith("Sorry")), "the apology");
    expect(harness.logs.some((line) => line.includes("tutor bug"))).toBe(true);
    fake.userMessage("hello again", { dm: true, user: { id: "3040", name: "dee" } });
    await waitFor(() => fake.posts(dm).find((r) => r.body.content === "ok"), "the next answer");
  });

  it("names the permission to grant when Discord refuses, and answers in the channel instead of a thread", async () => {
    const { fake } = harness;
    fake.failNext({ method: "POST", path: /\/threads$/, status: 403, code: 50013, message: "Missing Permissions" });
    fake.userMessage(`<@${BOT.id}> anything`, { mentionsBot: true });
    await waitFor(() => fake.posts(CHANNEL_ID).length === 1, "the answer in the channel");
    expect(harness.logs.find((line) => line.includes("50013"))).toMatch(/grant the bot the "Create Public Threads" permission/);

    const threadMessage = fake.userMessage(`<@${BOT.id}> in a thread`, { mentionsBot: true });
    fake.failNext({
      method: "POST",
      path: new RegExp(`^/channels/${threadMessage}/messages$`),
      status: 403,
      code: 50013,
      message: "Missing Permissions",
    });
    await waitFor(() => harness.logs.find((line) => line.includes("Send Messages in Threads")), "the thread permission hint");
    expect(harness.logs.join("\n")).not.toContain(TEST_TOKEN);
  });
});

describe("Discord login failures", () => {
  it("4014 (disallowed intents) rejects with the fix: enable the Message Content intent", async () => {
    const fake = await FakeDiscord.start();
    fake.closeOnIdentify = 4014;
    const logs: string[] = [];
    const logger = {
      debug: () => {},
      info: (m: string) => logs.push(m),
      warn: (m: string) => logs.push(m),
      error: (m: string) => logs.push(m),
    };
    try {
      const started = startDiscordAdapter({ token: TEST_TOKEN, apiUrl: fake.apiUrl, logger }, scriptedHandler(script));
      await expect(started).rejects.toBeInstanceOf(ConfigError);
      await expect(started).rejects.toThrow(/enable the Message Content intent in the Developer Portal/);
      expect(logs.join("\n")).not.toContain(TEST_TOKEN);
    } finally {
      await fake.stop();
    }
  });
});
