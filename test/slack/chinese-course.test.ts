import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAILING_TEXT, QUEUED_TEXT, stringsIn, withQueueAndFailure } from "../support/adapter-words.js";
import { englishFragments } from "../support/english-fragments.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";
import type { SlackCall } from "./fake-slack.js";
import { allText, startSlackHarness, unescape, type SlackHarness } from "./slack-harness.js";
import { blockActionPayload, eventBody, postSigned } from "./slack-requests.js";

const COURSE = "python-intro-zh";
type Block = { type: string; text?: { text: string }; elements?: { value: string; text: { text: string } }[] };
const buttonsOf = (call: SlackCall | undefined) =>
  ((call?.body.blocks ?? []) as Block[]).flatMap((block) => (block.type === "actions" ? (block.elements ?? []) : []));
const dm = (user: string, text: string, ts: string) => ({
  type: "message",
  channel: `D${user}`,
  channel_type: "im",
  user,
  text,
  ts,
  event_ts: ts,
});

/**
 * A whole session on the Chinese sample course (the default course) through bolt against the fake Slack
 * Web API, with Ollama down. The tutor is the real one; around it, two turns stand in for a busy model
 * (a place in line) and a tutor bug (an exception), which the adapter words itself. Workspace T9 is not
 * served.
 */
describe("Slack on a Chinese course: the student reads no fixed English sentence", () => {
  let tutor: TutorFixture;
  let harness: SlackHarness;
  const callsSince = (before: number) => harness.fake.calls.slice(before);
  const textsSince = (before: number) => callsSince(before).map((call) => unescape(allText(call)));
  beforeAll(async () => {
    tutor = await createTutorFixture({ env: { TUTOR_DEFAULT_COURSE: COURSE }, teachers: { [COURSE]: ["slack:user:UT"] } });
    harness = await startSlackHarness(withQueueAndFailure(tutor.handler, { position: 3, etaSeconds: 12 }), {
      adapter: { allowedTeams: ["T1"], teachers: tutor.app.teachers },
    });
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
    await tutor?.close();
  });

  it("answers a DM question with course passages under a Chinese sources heading", async () => {
    const before = harness.fake.calls.length;
    await harness.sendEvent(dm("U1", "什么是变量？", "1.1"), "Ev1");
    const answer = textsSince(before).find((text) => text.includes("课程中是这样说的："));
    expect(answer).toBeDefined();
    const sources = callsSince(before).flatMap(
      (call) => (call.body.blocks ?? []) as Array<{ type: string; elements?: { text: string }[] }>,
    );
    expect(sources.find((block) => block.type === "context")?.elements?.[0]?.text).toMatch(/^\*来源：\*\n• /);
  });

  it("/tutor help lists the commands with their Chinese descriptions", async () => {
    const before = harness.fake.calls.length;
    await harness.sendCommand({ text: "help", channel_id: "C1", user_id: "U1", trigger_id: "help-1" });
    expect(textsSince(before).join("\n")).toContain("获取一道练习题");
  });

  it("/tutor quiz gives buttons, and a click is graded in Chinese", async () => {
    const before = harness.fake.calls.length;
    await harness.sendCommand({ text: "quiz", channel_id: "C1", user_id: "U1", trigger_id: "quiz-1" });
    const item = callsSince(before).find((call) => buttonsOf(call).some((button) => button.text.text === "A"));
    expect(unescape(allText(item!))).toContain("请选择一个字母。");
    const graded = harness.fake.calls.length;
    await harness.sendInteraction(
      blockActionPayload({ userId: "U1", channelId: "C1", messageTs: "1000.000100", value: "/answer A", actionTs: "2000.1" }),
    );
    expect(textsSince(graded).join("\n")).toMatch(/的掌握程度：/);
  });

  it("tells a teacher in Chinese to upload files by message", async () => {
    const before = harness.fake.calls.length;
    await harness.sendCommand({ text: "content upload", channel_id: "C1", user_id: "UT", trigger_id: "upload-1" });
    expect(textsSince(before).join("\n")).toContain("要上传文件，请在私信中把文件发给我，并附上文字 `content upload`");
  });

  it("shows the App Home in Chinese", async () => {
    const before = harness.fake.calls.length;
    await harness.sendEvent({ type: "app_home_opened", user: "U2", channel: "DU2", tab: "home", event_ts: "5.5" }, "EvHome");
    const view = callsSince(before).find((call) => call.method === "views.publish")?.body.view as {
      blocks: Array<{ text?: { text: string }; elements?: { text: string }[] }>;
    };
    expect(view.blocks[0]?.text?.text).toBe("你的导师");
    expect(view.blocks.at(-1)?.elements?.[0]?.text).toContain("`/tutor quiz`");
    expect(view.blocks.at(-1)?.elements?.[0]?.text).toMatch(/^在这里给我发消息/);
  });

  it("shows a place in line, a failure and a refusal elsewhere in Chinese", async () => {
    let before = harness.fake.calls.length;
    await harness.sendEvent(dm("U3", QUEUED_TEXT, "2.1"), "Ev2");
    expect(textsSince(before)).toContain(":hourglass_flowing_sand: 你排在第 3 位，大约还需 12 秒。");
    before = harness.fake.calls.length;
    await harness.sendEvent(dm("U3", FAILING_TEXT, "2.2"), "Ev3");
    expect(textsSince(before)).toContain("抱歉，我这边出了点问题。请稍后再试。");
    before = harness.fake.calls.length;
    await postSigned(harness.url, eventBody(dm("U4", "你好", "2.3"), "Ev4", "T9"), "application/json");
    expect(textsSince(before).join("\n")).toContain("这个导师没有在本工作区启用");
  });

  it("sent none of the tutor's or the adapter's own English sentences", () => {
    const sent = harness.fake.calls.flatMap((call) => stringsIn(call.body)).map(unescape);
    const fragments = englishFragments();
    expect(sent.some((text) => /\p{Script=Han}/u.test(text))).toBe(true);
    expect(fragments.filter((fragment) => sent.some((text) => text.includes(fragment)))).toEqual([]);
  });
});
