import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT, CHANNEL_ID, OTHER_STUDENT, STUDENT, waitFor } from "./fake-discord.js";
import { scriptedHandler, startHarness, streamAnswer, type Harness } from "./harness.js";

const ANSWER = "A for loop repeats its body once for each item of a sequence, in order. Use range(n) for n repetitions.";

describe("Discord messages, over the wire", () => {
  const handler = scriptedHandler(async function* (turn) {
    if (turn.text === "busy?") yield { type: "queued", position: 2, etaSeconds: 7.6 };
    yield* streamAnswer(turn.text.includes("everyone") ? "@everyone look at this @here" : ANSWER, {
      sources: ["Loops › The for statement"],
    });
  });
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(handler);
  });
  afterAll(async () => {
    await harness.close();
  });

  it("answers a DM privately: posts after the first tokens, edits as it streams, ends with the sources", async () => {
    const { fake } = harness;
    const dm = fake.dmChannelId(STUDENT);
    fake.userMessage("what is a for loop?", { dm: true });
    const final = await waitFor(() => fake.edits(dm).find((r) => String(r.body.content).includes("Sources:")), "the final edit");

    const turn = handler.turns.at(-1);
    expect(turn).toMatchObject({
      platform: "discord",
      visibility: "private",
      conversationId: `discord:dm:${dm}`,
      classScopes: [],
      text: "what is a for loop?",
    });
    expect(turn?.student).toMatchObject({ id: `discord:user:${STUDENT.id}`, groups: [] });
    expect(fake.requests.some((r) => r.method === "POST" && r.path === `/channels/${dm}/typing`)).toBe(true);

    const posts = fake.posts(dm);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.content.length).toBeLessThan(ANSWER.length);
    const edits = fake.edits(dm);
    expect(edits.length).toBeGreaterThanOrEqual(2);
    const contents = edits.map((r) => String(r.body.content));
    // Each edit shows more of the answer; the last adds the sources.
    expect(contents.slice(0, -1).every((c, i) => ANSWER.startsWith(c) && (i === 0 || c.length >= contents[i - 1]!.length))).toBe(true);
    expect(final.body.content).toBe(`${ANSWER}\n\n**Sources:**\n- Loops › The for statement`);
    expect(edits.every((r) => r.path === edits[0]!.path)).toBe(true);
    for (const request of [...posts, ...edits]) expect(request.body.allowed_mentions).toEqual({ parse: [] });
  });

  it("starts a thread from a mention and answers in it; a follow-up there needs no mention", async () => {
    const { fake } = harness;
    const messageId = fake.userMessage(`<@${BOT.id}> how do loops work?`, { mentionsBot: true });
    const threadCall = await waitFor(
      () => fake.requests.find((r) => r.method === "POST" && r.path === `/channels/${CHANNEL_ID}/messages/${messageId}/threads`),
      "the thread",
    );
    expect(threadCall.body.name).toBe("how do loops work?");
    const threadId = messageId;
    await waitFor(() => fake.edits(threadId).find((r) => String(r.body.content).includes("Sources:")), "the answer in the thread");
    expect(fake.posts(CHANNEL_ID)).toHaveLength(0);
    expect(handler.turns.at(-1)).toMatchObject({
      text: "how do loops work?",
      visibility: "public",
      conversationId: `discord:thread:${threadId}`,
      classScopes: [`discord:channel:${CHANNEL_ID}`, "discord:guild:2000"],
    });

    const before = handler.turns.length;
    fake.userMessage("and while loops?", { channelId: threadId });
    await waitFor(() => handler.turns.length > before && fake.posts(threadId).length === 2, "the follow-up answer");
    expect(handler.turns.at(-1)).toMatchObject({ text: "and while loops?", conversationId: `discord:thread:${threadId}` });
    await waitFor(
      () => fake.edits(threadId).filter((r) => String(r.body.content).includes("Sources:")).length === 2,
      "the follow-up's final edit",
    );
  });

  it("ignores channel messages without a mention, other bots and itself", async () => {
    const { fake } = harness;
    const before = handler.turns.length;
    fake.userMessage("just chatting", {});
    fake.userMessage(`<@${BOT.id}> hi`, { mentionsBot: true, user: { id: "5000", name: "otherbot", bot: true } });
    fake.userMessage("hi", { dm: true, user: { id: BOT.id, name: "tutor", bot: true } });
    // A later message is handled, so the ones before it were seen and ignored.
    fake.userMessage("still there?", { dm: true, user: OTHER_STUDENT });
    await waitFor(() => handler.turns.length > before, "the DM turn");
    expect(handler.turns.slice(before).map((t) => t.text)).toEqual(["still there?"]);
  });

  it("shows the queue position, then turns that status message into the answer", async () => {
    const { fake } = harness;
    const user = { id: "3011", name: "queued" };
    const dm = fake.dmChannelId(user);
    fake.userMessage("busy?", { dm: true, user });
    const final = await waitFor(() => fake.edits(dm).find((r) => String(r.body.content).includes("Sources:")), "the final edit");
    const posts = fake.posts(dm);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.content).toBe("You are number 2 in line, about 8 s.");
    expect(final.path).toBe(fake.edits(dm)[0]!.path);
    expect(fake.messagesIn(dm).map((m) => m.content)).toEqual([final.body.content]);
  });

  it("never lets model output ping: allowed_mentions.parse is empty on the wire", async () => {
    const { fake } = harness;
    const loud = { id: "3010", name: "loud" };
    const dm = fake.dmChannelId(loud);
    fake.userMessage("say everyone", { dm: true, user: loud });
    const final = await waitFor(() => fake.edits(dm).find((r) => String(r.body.content).includes("Sources:")), "the final edit");
    expect(final.body.content).toContain("@everyone");
    const calls = [...fake.posts(dm), ...fake.edits(dm)];
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) expect(call.body.allowed_mentions).toEqual({ parse: [] });
  });
});
