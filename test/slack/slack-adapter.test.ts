import { TeacherRoster } from "../../src/tutor/teachers.js";
import { afterEach, describe, expect, it } from "vitest";
import type { ReplyEvent, Turn } from "../../src/tutor/turn.js";
import { messagesFor } from "../../src/tutor/i18n/messages.js";
import { BOT_TOKEN, startSlackHarness, type SlackHarness } from "./slack-harness.js";
import { LOOPS_SOURCE, ScriptedHandler, streamedAnswer } from "./scripted-handler.js";
import { blockActionPayload, eventBody, postSigned } from "./slack-requests.js";

let harness: SlackHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(handler: ScriptedHandler, options: Parameters<typeof startSlackHarness>[1] = {}): Promise<SlackHarness> {
  harness = await startSlackHarness(handler, options);
  return harness;
}

const dm = (text: string, ts: string) => ({ type: "message", channel: "D1", channel_type: "im", user: "U1", text, ts, event_ts: ts });
const mention = (ts: string, extra: Record<string, unknown> = {}) => ({
  type: "app_mention",
  channel: "C1",
  user: "U1",
  text: "<@UBOT> what is a loop?",
  ts,
  event_ts: ts,
  ...extra,
});
const channelMessage = (ts: string, extra: Record<string, unknown> = {}) => ({
  type: "message",
  channel: "C1",
  channel_type: "channel",
  user: "U1",
  text: "<@UBOT> what is a loop?",
  ts,
  event_ts: ts,
  ...extra,
});
const texts = (calls: { body: Record<string, unknown> }[]) => calls.map((call) => String(call.body.text));

describe("Slack adapter over HTTP, against a fake Web API", () => {
  it("answers a DM privately: posts after the first pieces, edits while streaming, then adds the sources", async () => {
    const handler = new ScriptedHandler(streamedAnswer, 15);
    const { fake, sendEvent } = await start(handler);
    expect((await sendEvent(dm("what is a loop?", "1.1"), "Ev1")).status).toBe(200);

    expect(handler.turns).toEqual([
      expect.objectContaining({
        platform: "slack",
        text: "what is a loop?",
        visibility: "private",
        conversationId: "slack:dm:U1",
        classScopes: ["slack:team:T1"],
        student: { id: "slack:user:U1", displayName: "u1", groups: [] },
      }),
    ]);
    const posts = fake.callsTo("chat.postMessage");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toMatchObject({ channel: "D1", text: "A *for* loop " });
    expect(posts[0]?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    const updates = fake.callsTo("chat.update");
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates.every((update) => update.body.ts === "1000.000100" && update.body.channel === "D1")).toBe(true);
    const final = updates.at(-1)?.body;
    expect(final?.text).toBe("A *for* loop repeats a block for each item.");
    expect(final?.blocks).toEqual([
      { type: "section", text: { type: "mrkdwn", text: "A *for* loop repeats a block for each item." } },
      { type: "context", elements: [{ type: "mrkdwn", text: `*Sources:*\n• ${LOOPS_SOURCE.label}` }] },
    ]);
  });

  it("edits no more often than the configured interval: one post, then only the final edit", async () => {
    const handler = new ScriptedHandler(streamedAnswer, 5);
    const { fake, sendEvent } = await start(handler, { adapter: { streamEditIntervalMs: 60_000 } });
    await sendEvent(dm("what is a loop?", "1.1"), "Ev1");
    expect(fake.callsTo("chat.postMessage")).toHaveLength(1);
    expect(texts(fake.callsTo("chat.update"))).toEqual(["A *for* loop repeats a block for each item."]);
  });

  it("answers a mention in a thread under it, then follow-ups in that thread without a mention", async () => {
    const handler = new ScriptedHandler(() => [{ type: "message", text: "Answer", sources: [], actions: [], audience: "conversation" }]);
    const { fake, sendEvent } = await start(handler);
    await sendEvent(mention("5.5"), "Ev1");
    await sendEvent(channelMessage("6.6", { text: "and a while loop?", thread_ts: "5.5" }), "Ev2");
    await sendEvent(channelMessage("7.7", { text: "unrelated chatter" }), "Ev3");
    await sendEvent(channelMessage("8.8", { text: "another thread", thread_ts: "4.4" }), "Ev4");

    expect(handler.turns.map((turn) => [turn.text, turn.conversationId, turn.visibility])).toEqual([
      ["what is a loop?", "slack:thread:C1:5.5", "public"],
      ["and a while loop?", "slack:thread:C1:5.5", "public"],
    ]);
    expect(handler.turns[0]?.classScopes).toEqual(["slack:channel:C1", "slack:team:T1"]);
    expect(fake.callsTo("chat.postMessage").map((call) => [call.body.channel, call.body.thread_ts])).toEqual([
      ["C1", "5.5"],
      ["C1", "5.5"],
    ]);
  });

  it("answers once when Slack retries an event and when a mention comes as app_mention and as message", async () => {
    const handler = new ScriptedHandler(() => [{ type: "message", text: "Once", sources: [], actions: [], audience: "conversation" }]);
    const { fake, sendEvent } = await start(handler);
    await sendEvent(dm("hello", "1.1"), "Ev1");
    await sendEvent(dm("hello", "1.1"), "Ev1", { headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } });
    await Promise.all([sendEvent(mention("2.2"), "Ev2"), sendEvent(channelMessage("2.2"), "Ev3")]);
    // The message delivery of a mention inside an answered thread is the one that could slip through.
    await Promise.all([
      sendEvent(channelMessage("3.3", { thread_ts: "2.2" }), "Ev4"),
      sendEvent(mention("3.3", { thread_ts: "2.2" }), "Ev5"),
    ]);
    expect(handler.turns.map((turn) => turn.id)).toEqual(["slack:T1:message:D1:1.1", "slack:T1:message:C1:2.2", "slack:T1:message:C1:3.3"]);
    expect(fake.callsTo("chat.postMessage")).toHaveLength(3);
  });

  it("ignores bot messages, its own messages and edits", async () => {
    const handler = new ScriptedHandler(() => []);
    const { sendEvent } = await start(handler);
    await sendEvent({ ...dm("from a bot", "1.1"), bot_id: "B9" }, "Ev1");
    await sendEvent({ ...dm("from me", "1.2"), user: "UBOT" }, "Ev2");
    await sendEvent({ ...dm("edited", "1.3"), subtype: "message_changed" }, "Ev3");
    await sendEvent({ ...dm("joined", "1.4"), subtype: "bot_message" }, "Ev4");
    expect(handler.turns).toEqual([]);
  });

  it("rejects a bad signature or a stale timestamp with 401 and processes nothing", async () => {
    const handler = new ScriptedHandler(() => [{ type: "message", text: "x", sources: [], actions: [], audience: "conversation" }]);
    const { fake, sendEvent, url } = await start(handler);
    expect((await sendEvent(dm("hi", "1.1"), "Ev1", { secret: "wrong-secret" })).status).toBe(401);
    expect((await sendEvent(dm("hi", "1.2"), "Ev2", { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 })).status).toBe(401);
    const body = eventBody(dm("hi", "1.3"), "Ev3");
    const tampered = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-slack-request-timestamp": String(Math.floor(Date.now() / 1000)),
        "x-slack-signature": "v0=00",
      },
      body,
    });
    expect(tampered.status).toBe(401);
    expect(handler.turns).toEqual([]);
    expect(fake.calls.filter((call) => call.method !== "auth.test")).toEqual([]);
  });

  it("answers Slack's URL verification with the challenge", async () => {
    const { url } = await start(new ScriptedHandler(() => []));
    const response = await postSigned(
      url,
      JSON.stringify({ type: "url_verification", challenge: "abc123", token: "t" }),
      "application/json",
    );
    expect(response.text).toContain("abc123");
  });

  it("maps /tutor subcommands to the tutor's slash text and sends /tutor progress and help only to the student", async () => {
    const handler = new ScriptedHandler((turn) =>
      turn.text === "/progress"
        ? [{ type: "message", text: "**loops**: 40% mastered", sources: [], actions: [], audience: "conversation" }]
        : [
            {
              type: "message",
              text: "Which prints 3?",
              sources: [],
              actions: [
                { label: "A", command: "/answer A" },
                { label: "B", command: "/answer B" },
              ],
              audience: "conversation",
            },
          ],
    );
    const { fake, sendCommand } = await start(handler);
    expect((await sendCommand({ text: "quiz loops", channel_id: "C1", user_id: "U1", trigger_id: "tr1" })).status).toBe(200);
    await sendCommand({ text: "progress", channel_id: "C1", user_id: "U1", trigger_id: "tr2" });
    await sendCommand({ text: "", channel_id: "C1", user_id: "U1", trigger_id: "tr3" });

    expect(handler.turns.map((turn) => [turn.text, turn.conversationId, turn.visibility])).toEqual([
      ["/quiz loops", "slack:channel:C1", "public"],
      ["/progress", "slack:channel:C1", "public"],
      ["/help", "slack:channel:C1", "public"],
    ]);
    const quiz = fake.callsTo("chat.postMessage")[0]?.body;
    expect(quiz?.channel).toBe("C1");
    expect(
      (quiz?.blocks as { type: string; elements?: { value: string }[] }[])
        .find((block) => block.type === "actions")
        ?.elements?.map((button) => button.value),
    ).toEqual(["/answer A", "/answer B"]);
    const ephemeral = fake.callsTo("chat.postEphemeral");
    // `/tutor` alone is `/help`, answered to the person alone like every private command of the registry.
    expect(ephemeral.map((call) => [call.body.channel, call.body.user, call.body.text])).toEqual([
      ["C1", "U1", "*loops*: 40% mastered"],
      ["C1", "U1", "Which prints 3?"],
    ]);
    expect(texts(fake.callsTo("chat.postMessage"))).not.toContain("*loops*: 40% mastered");
  });

  it("turns a button press into a turn whose text is the button's command, in the button's conversation", async () => {
    const handler = new ScriptedHandler(() => [{ type: "message", text: "Correct!", sources: [], actions: [], audience: "student" }]);
    const { fake, sendInteraction } = await start(handler);
    const response = await sendInteraction(
      blockActionPayload({ userId: "U1", channelId: "C1", messageTs: "9.9", threadTs: "5.5", value: "/answer B", actionTs: "10.1" }),
    );
    expect(response.status).toBe(200);
    expect(handler.turns).toEqual([
      expect.objectContaining({
        id: "slack:T1:action:U1:10.1",
        text: "/answer B",
        conversationId: "slack:thread:C1:5.5",
        visibility: "public",
      }),
    ]);
    // The graded result is personal: ephemeral, in the thread where the button was.
    expect(
      fake.callsTo("chat.postEphemeral").map((call) => [call.body.channel, call.body.user, call.body.thread_ts, call.body.text]),
    ).toEqual([["C1", "U1", "5.5", "Correct!"]]);
  });

  it("sends personal replies to a mention to the student's DM, and takes back what was streamed of them", async () => {
    const handler = new ScriptedHandler(
      () => [
        { type: "delta", text: "Your mastery" },
        { type: "message", text: "Your mastery: 80%", sources: [], actions: [], audience: "student" },
        { type: "notice", text: "Only you can see your progress.", audience: "conversation" },
      ],
      10,
    );
    const { fake, sendEvent } = await start(handler);
    await sendEvent(mention("5.5", { text: "<@UBOT> /progress" }), "Ev1");
    const inChannel = fake.callsTo("chat.postMessage").filter((call) => call.body.channel === "C1");
    expect(texts(inChannel)).toEqual(["Your mastery", "Only you can see your progress."]);
    expect(fake.callsTo("chat.delete").map((call) => [call.body.channel, call.body.ts])).toEqual([["C1", "1000.000100"]]);
    expect(
      fake
        .callsTo("chat.postMessage")
        .filter((call) => call.body.channel === "U1")
        .map((call) => call.body.text),
    ).toEqual(["Your mastery: 80%"]);
    expect(fake.callsTo("chat.update").filter((call) => String(call.body.text).includes("80%"))).toEqual([]);
  });

  it("publishes the student's progress to the App Home when it is opened", async () => {
    const handler = new ScriptedHandler(() => [
      {
        type: "message",
        text: "## Loops\n- mastery **62%**\n- 2 reviews due",
        sources: [],
        actions: [{ label: "Quiz", command: "/quiz" }],
        audience: "student",
      },
    ]);
    const { fake, sendEvent } = await start(handler);
    await sendEvent({ type: "app_home_opened", user: "U1", channel: "D1", tab: "home", event_ts: "3.3" }, "EvHome");
    await sendEvent({ type: "app_home_opened", user: "U1", channel: "D1", tab: "messages", event_ts: "3.4" }, "EvMessages");
    expect(handler.turns).toEqual([expect.objectContaining({ text: "/progress", visibility: "private", conversationId: "slack:home:U1" })]);
    const published = fake.callsTo("views.publish");
    expect(published).toHaveLength(1);
    expect(published[0]?.body.user_id).toBe("U1");
    const view = published[0]?.body.view as { type: string; blocks: { type: string; text?: { text: string } }[] };
    expect(view.type).toBe("home");
    expect(view.blocks.map((block) => block.text?.text)).toContain("*Loops*\n• mastery *62%*\n• 2 reviews due");
    expect(view.blocks.some((block) => block.type === "actions")).toBe(false);
  });

  it("tells the tutor the configured teacher groups a user is in (never admin or owner flags), looked up once per cache period", async () => {
    const handler = new ScriptedHandler(() => []);
    const { fake, sendEvent } = await start(handler, {
      fake: { users: { U2: { name: "Ada", isAdmin: true, isOwner: true }, U3: { displayName: "Grace" } }, userGroups: { STEACH: ["U3"] } },
      adapter: { teachers: new TeacherRoster({ "python-basics": ["slack:group:STEACH"] }) },
    });
    await sendEvent({ ...dm("hi", "1.1"), user: "U1" }, "Ev1");
    await sendEvent({ ...dm("hi", "1.2"), user: "U2" }, "Ev2");
    await sendEvent({ ...dm("hi", "1.3"), user: "U3" }, "Ev3");
    await sendEvent({ ...dm("again", "1.4"), user: "U3" }, "Ev4");
    expect(handler.turns.map((turn) => [turn.student.id, turn.student.displayName, turn.student.groups])).toEqual([
      ["slack:user:U1", "u1", []],
      ["slack:user:U2", "Ada", []],
      ["slack:user:U3", "Grace", ["slack:group:STEACH"]],
      ["slack:user:U3", "Grace", ["slack:group:STEACH"]],
    ]);
    expect(fake.callsTo("users.info").filter((call) => call.body.user === "U3")).toHaveLength(1);
    expect(fake.callsTo("usergroups.users.list")).toHaveLength(1);
  });

  it("uploads a file with the files upload v2 flow, to the student's DM when the place is public", async () => {
    const data = new TextEncoder().encode("skill,mastery\nloops,0.62\n");
    const handler = new ScriptedHandler(() => [
      { type: "file", name: "progress.csv", mimeType: "text/csv", data, caption: "Your **data**", audience: "student" },
    ]);
    const { fake, sendCommand } = await start(handler);
    await sendCommand({ text: "export", channel_id: "C1", user_id: "U1", trigger_id: "tr1" });
    expect(fake.calls.map((call) => call.method).filter((method) => method !== "auth.test" && method !== "users.info")).toEqual([
      "conversations.open",
      "files.getUploadURLExternal",
      "upload",
      "files.completeUploadExternal",
    ]);
    expect(fake.callsTo("files.getUploadURLExternal")[0]?.body).toMatchObject({ filename: "progress.csv", length: String(data.length) });
    expect(fake.uploads.get("F1")?.toString()).toBe("skill,mastery\nloops,0.62\n");
    expect(fake.callsTo("files.completeUploadExternal")[0]?.body).toMatchObject({ channel_id: "DU1", initial_comment: "Your *data*" });
  });

  it("edits the queue status into the answer when the answer starts", async () => {
    const handler = new ScriptedHandler(
      () => [
        { type: "queued", position: 2, etaSeconds: 8 },
        { type: "delta", text: "Here" },
        { type: "message", text: "Here it is", sources: [], actions: [], audience: "conversation" },
      ],
      10,
    );
    const { fake, sendEvent } = await start(handler);
    await sendEvent(dm("hi", "1.1"), "Ev1");
    expect(texts(fake.callsTo("chat.postMessage"))).toEqual([":hourglass_flowing_sand: You are number 2 in line, about 8 s."]);
    expect(texts(fake.callsTo("chat.update")).at(-1)).toBe("Here it is");
    expect(fake.callsTo("chat.delete")).toEqual([]);
  });

  it("logs Web API failures without the token and keeps answering", async () => {
    const handler = new ScriptedHandler(() => [{ type: "message", text: "Hi", sources: [], actions: [], audience: "conversation" }]);
    const { fake, sendEvent, logs } = await start(handler, { fake: { failures: { "chat.postMessage": "not_in_channel" } } });
    await sendEvent(dm("one", "1.1"), "Ev1");
    delete fake.options.failures;
    await sendEvent(dm("two", "1.2"), "Ev2");
    expect(logs.some((line) => line.startsWith("error") && line.includes("not_in_channel"))).toBe(true);
    expect(logs.join("\n")).not.toContain(BOT_TOKEN);
    expect(fake.callsTo("chat.postMessage")).toHaveLength(2);
  });

  it("tells the student when the tutor fails and keeps running", async () => {
    let calls = 0;
    const handler = new ScriptedHandler((): ReplyEvent[] => {
      calls += 1;
      if (calls === 1) throw new Error("tutor bug");
      return [{ type: "message", text: "Fine again", sources: [], actions: [], audience: "conversation" }];
    });
    const { fake, sendEvent, logs } = await start(handler);
    await sendEvent(dm("one", "1.1"), "Ev1");
    await sendEvent(dm("two", "1.2"), "Ev2");
    expect(texts(fake.callsTo("chat.postMessage"))).toEqual([messagesFor("en").t("error.internal"), "Fine again"]);
    expect(logs.some((line) => line.includes("tutor bug"))).toBe(true);
  });

  it("acknowledges before the tutor answers when processBeforeResponse is off", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen: Turn[] = [];
    const handler = new ScriptedHandler(async (turn) => {
      seen.push(turn);
      await gate;
      return [{ type: "message", text: "Late answer", sources: [], actions: [], audience: "conversation" }];
    });
    const { fake, sendEvent, sendCommand } = await start(handler, { adapter: { processBeforeResponse: false } });
    expect((await sendEvent(dm("slow", "1.1"), "Ev1")).status).toBe(200);
    expect((await sendCommand({ text: "ask slow", channel_id: "C1", user_id: "U1", trigger_id: "tr1" })).status).toBe(200);
    expect(fake.callsTo("chat.postMessage")).toEqual([]);
    release();
    await fake.waitFor((calls) => calls.filter((call) => call.method === "chat.postMessage").length === 2);
    expect(texts(fake.callsTo("chat.postMessage"))).toEqual(["Late answer", "Late answer"]);
  });
});
