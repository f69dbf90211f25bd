import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAILING_TEXT, QUEUED_TEXT, stringsIn, withQueueAndFailure } from "../support/adapter-words.js";
import { englishFragments } from "../support/english-fragments.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";
import { BOT, CHANNEL_ID, STUDENT, waitFor, type RecordedRequest } from "./fake-discord.js";
import { startHarness, type Harness } from "./harness.js";

const buttonsOf = (body: { components?: Array<{ components: Array<{ custom_id: string; label: string }> }> }) =>
  (body?.components ?? []).flatMap((row) => row.components);

const contentOf = (request: RecordedRequest | undefined) => String(request?.body?.content ?? "");

/**
 * A whole session on the Chinese sample course (the default course), through the real discord.js client
 * against the fake gateway and REST API, with Ollama down. The tutor is the real one; around it, two
 * turns stand in for a busy model (a place in line) and a tutor bug (an exception), which the adapter
 * words itself.
 */
describe("Discord on a Chinese course: the student reads no fixed English sentence", () => {
  let tutor: TutorFixture;
  let harness: Harness;
  beforeAll(async () => {
    tutor = await createTutorFixture({ env: { TUTOR_DEFAULT_COURSE: "python-intro-zh" } });
    harness = await startHarness(withQueueAndFailure(tutor.handler, { position: 2, etaSeconds: 8 }));
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
    await tutor?.close();
  });

  it("answers a DM question with course passages under a Chinese sources heading", async () => {
    const { fake } = harness;
    const dm = fake.dmChannelId(STUDENT);
    fake.userMessage("什么是变量？", { dm: true });
    const answer = await waitFor(
      () => [...fake.posts(dm), ...fake.edits(dm)].find((r) => contentOf(r).includes("**来源：**")),
      "the cited answer",
    );
    expect(contentOf(answer)).toContain("课程中是这样说的：");
  });

  it("names a thread opened by a bare mention in Chinese, and lists the commands with Chinese descriptions", async () => {
    const { fake } = harness;
    const messageId = fake.userMessage(`<@${BOT.id}>`, { mentionsBot: true });
    const thread = await waitFor(
      () => fake.requests.find((r) => r.method === "POST" && r.path === `/channels/${CHANNEL_ID}/messages/${messageId}/threads`),
      "the thread",
    );
    expect(thread.body.name).toBe(`为 ${STUDENT.name} 辅导`);
    const help = await waitFor(() => fake.posts(messageId).find((r) => contentOf(r).includes("我能帮你做什么")), "the help");
    expect(contentOf(help)).toContain("- `/quiz [skill]`：获取一道练习题。");
  });

  it("runs /quiz with buttons, grades a click, and says a stale button has expired", async () => {
    const { fake } = harness;
    const token = fake.command("quiz");
    const item = await waitFor(() => fake.webhookCalls(token).find((r) => buttonsOf(r.body).some((b) => b.label === "A")), "the item");
    expect(contentOf(item)).toContain("请选择一个字母。");
    const itemId = fake.findMessageId(/请选择一个字母/);
    const letter = buttonsOf(item.body).find((b) => b.label === "A")!;
    const click = fake.click(letter.custom_id, itemId);
    await waitFor(() => fake.webhookCalls(click).find((r) => /的掌握程度：/.test(contentOf(r))), "the graded answer");

    // A long command's button is kept in memory only: after a restart it is unknown.
    const stale = fake.click("tutor#forgotten", itemId);
    const expired = await waitFor(() => fake.webhookCalls(stale).find((r) => contentOf(r) !== ""), "the expiry notice");
    expect(contentOf(expired)).toBe("这个按钮已经失效。输入 /quiz 获取新的题目。");
  });

  it("says in Chinese that it could not DM the student's progress from a thread", async () => {
    const { fake } = harness;
    const messageId = fake.userMessage(`<@${BOT.id}> 列表是什么？`, { mentionsBot: true });
    await waitFor(
      () => [...fake.posts(messageId), ...fake.edits(messageId)].find((r) => contentOf(r).includes("来源：")),
      "the answer in the thread",
    );
    fake.failNext({
      method: "POST",
      path: new RegExp(`^/channels/${fake.dmChannelId(STUDENT)}/messages$`),
      status: 403,
      code: 50007,
      message: "Cannot send messages to this user",
    });
    fake.userMessage("我的进度", { channelId: messageId });
    const notice = await waitFor(() => fake.posts(messageId).find((r) => contentOf(r).includes("我无法给你发私信")), "the notice");
    expect(contentOf(notice)).toBe(
      `<@${STUDENT.id}> 我无法给你发私信。请允许服务器成员给你发私信，或在这里使用 /progress（只有你能看到）。`,
    );
  });

  it("shows a place in line and a failure in Chinese", async () => {
    const { fake } = harness;
    const user = { id: "3021", name: "lin" };
    const dm = fake.dmChannelId(user);
    fake.userMessage(QUEUED_TEXT, { dm: true, user });
    await waitFor(() => fake.posts(dm).length > 0, "the status");
    expect(contentOf(fake.posts(dm)[0])).toBe("你排在第 2 位，大约还需 8 秒。");
    await waitFor(() => fake.messagesIn(dm).some((m) => String(m.content).includes("我能帮你做什么")), "the help in place of the status");
    fake.userMessage(FAILING_TEXT, { dm: true, user });
    await waitFor(() => fake.posts(dm).find((r) => contentOf(r).startsWith("抱歉")), "the failure notice");
  });

  it("sent none of the tutor's or the adapter's own English sentences", () => {
    const sent = harness.fake.requests.filter((r) => r.method !== "GET").flatMap((r) => stringsIn(r.body));
    const fragments = englishFragments();
    expect(fragments.length).toBeGreaterThan(150);
    expect(fragments.filter((fragment) => sent.some((text) => text.includes(fragment)))).toEqual([]);
  });
});
