import { access, readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECURSION_LESSON } from "../support/sample-upload.js";
import type { TutorFixture } from "../support/tutor-fixture.js";
import {
  BOT,
  CHANNEL_ID,
  GUILD_ID,
  OWNER,
  OWNER_PERMISSIONS,
  STUDENT,
  TEACHER,
  waitFor,
  type FakeAttachment,
  type UserSpec,
} from "./fake-discord.js";
import { interactionReply, scriptedHandler, startCourseHarness, startHarness, type Harness } from "./harness.js";
import { messagesFor } from "../../src/tutor/i18n/messages.js";

const SERVER_NOT_SERVED = messagesFor("en").t("adapter.discord-server-not-served");
const DM_NOT_SERVED = messagesFor("en").t("adapter.discord-dm-not-served");

const COURSE = "python-basics";
const LESSON = "lessons/01-values-and-variables.md";
const REFUSED = /That command is for teachers of this course/;
const buttonsOf = (body: { components?: Array<{ components: Array<{ custom_id: string; label: string }> }> }) =>
  (body.components ?? []).flatMap((row) => row.components);

describe("Discord: only the configured teachers of a course change it; a server owner is a student", () => {
  let tutor: TutorFixture;
  let harness: Harness;
  const lessonExists = () =>
    access(path.join(tutor.contentDir, COURSE, LESSON)).then(
      () => true,
      () => false,
    );
  const courseFiles = async () => (await readdir(path.join(tutor.contentDir, COURSE), { recursive: true })).sort();

  /** A slash command in the server channel (or a DM); resolves with the text of the reply. */
  const slash = async (name: string, options: Record<string, string | FakeAttachment>, user: UserSpec, dm = false): Promise<string> => {
    const token = harness.fake.command(name, options, { user, dm, permissions: user === OWNER ? OWNER_PERMISSIONS : "0" });
    return interactionReply(harness.fake, token, `the /${name} reply`);
  };

  /** Plain words to the bot: a mention in the server channel (the reply to a teacher command is private: a DM) or a DM. */
  const say = async (text: string, user: UserSpec, where: "mention" | "dm"): Promise<string> => {
    const { fake } = harness;
    const dm = fake.dmChannelId(user);
    const before = fake.posts(dm).length;
    fake.userMessage(where === "mention" ? `<@${BOT.id}> ${text}` : text, { user, dm: where === "dm", mentionsBot: where === "mention" });
    const reply = await waitFor(
      () =>
        fake
          .posts(dm)
          .slice(before)
          .find((r) => String(r.body.content ?? "") !== ""),
      `the reply to “${text}”`,
      10_000,
    );
    return String(reply.body.content);
  };

  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ tutor, harness, close } = await startCourseHarness());
  });
  afterAll(() => close());

  it("the owner's slash commands /content list|upload|remove|check, /course, /class, /override are refused and change nothing", async () => {
    const files = await courseFiles();
    const upload = harness.fake.hostAttachment("13-sneaky.md", RECURSION_LESSON);
    const commands: Array<[string, Record<string, string | FakeAttachment>]> = [
      ["content", { action: "list" }],
      ["content", { action: "check" }],
      ["content", { action: "remove", path: LESSON }],
      ["content", { action: "upload", file: upload }],
      ["course", { course: COURSE, scope: "server" }],
      ["class", {}],
      ["override", { student: STUDENT.id, skill: "arithmetic", percent: "90", reason: "owner says so" }],
    ];
    for (const [name, options] of commands)
      expect(await slash(name, options, OWNER), `/${name} ${JSON.stringify(options)}`).toMatch(REFUSED);
    expect(await lessonExists()).toBe(true);
    expect(await courseFiles()).toEqual(files);
    expect(harness.fake.downloads()).toHaveLength(0);
    expect(await tutor.store.getBinding(`discord:guild:${GUILD_ID}`)).toBeUndefined();
  });

  it("the owner's plain words, in the server and in a DM, are refused: the reported `@tutor /content remove` leaves the file", async () => {
    expect(await say(`/content remove ${LESSON}`, OWNER, "mention")).toMatch(REFUSED);
    expect(await say(`content remove ${LESSON}`, OWNER, "dm")).toMatch(REFUSED);
    expect(await say("/class", OWNER, "mention")).toMatch(REFUSED);
    expect(await say(`/override ${STUDENT.id} arithmetic 90 owner says so`, OWNER, "dm")).toMatch(REFUSED);
    expect(await say("/course python-basics", OWNER, "mention")).toMatch(REFUSED);
    expect(await lessonExists()).toBe(true);
  });

  it("a button carrying a teacher command, pressed by the owner, is refused", async () => {
    const { fake } = harness;
    const quiz = fake.command("quiz", {}, { user: STUDENT });
    await waitFor(
      () => fake.webhookCalls(quiz).find((r) => r.method === "PATCH" && buttonsOf(r.body).length > 0),
      "a message with buttons",
    );
    const click = fake.click(`tutor:/content remove ${LESSON}`, fake.findMessageId(/Pick a letter/), { user: OWNER });
    const reply = await waitFor(
      () => fake.webhookCalls(click).find((r) => r.method === "PATCH" && String(r.body?.content ?? "") !== ""),
      "the button's reply",
    );
    expect(reply.body.content).toMatch(REFUSED);
    expect(await lessonExists()).toBe(true);
  });

  it("a member with the configured teacher role can: /content list, /class, /override, /course, and /content in a DM", async () => {
    const { fake } = harness;
    // A student of this server answers once, so the class has a member to see and override.
    const quiz = fake.command("quiz", {}, { user: STUDENT });
    const item = await waitFor(
      () => fake.webhookCalls(quiz).find((r) => r.method === "PATCH" && buttonsOf(r.body).some((b) => b.label === "A")),
      "the quiz item",
    );
    const click = fake.click(buttonsOf(item.body).find((b) => b.label === "A")!.custom_id, fake.findMessageId(/Pick a letter/), {
      user: STUDENT,
    });
    await waitFor(() => fake.webhookCalls(click).find((r) => /Mastery of/.test(String(r.body?.content))), "the graded answer");

    expect(await slash("content", { action: "list" }, TEACHER)).toContain(`- ${LESSON}:`);
    expect(await slash("class", {}, TEACHER)).toMatch(/Class view — Python Basics\*\* \(1 student\)/);
    expect(await say(`/override ${STUDENT.id} variables 90 shown in class`, TEACHER, "mention")).toContain(
      `for \`discord:user:${STUDENT.id}\` to 90%`,
    );
    expect(await say("content list", TEACHER, "dm")).toContain(`- ${LESSON}:`);
    expect(await slash("course", { course: COURSE, scope: "server" }, TEACHER)).toContain("This place now uses **Python Basics**");
    expect(await tutor.store.getBinding(`discord:guild:${GUILD_ID}`)).toBe(COURSE);
  });
});

describe("DISCORD_ALLOWED_GUILDS", () => {
  it("elsewhere: one short refusal naming the setting, and nothing handed to the tutor", async () => {
    const handler = scriptedHandler(async function* () {
      yield { type: "notice", text: "answered", audience: "conversation" };
    });
    const harness = await startHarness(handler, { allowedGuilds: ["7777"] });
    try {
      const { fake } = harness;
      const token = fake.command("quiz", {}, { user: OWNER, permissions: OWNER_PERMISSIONS });
      const reply = await waitFor(() => fake.requests.find((r) => r.path.includes(`/${token}/callback`)), "the refusal");
      expect(reply.body).toEqual({ type: 4, data: expect.objectContaining({ content: SERVER_NOT_SERVED, flags: 64 }) });

      const messageId = fake.userMessage(`<@${BOT.id}> hello`, { user: STUDENT, mentionsBot: true });
      const refusal = await waitFor(() => fake.posts(CHANNEL_ID).at(-1), "the refusal in the channel");
      expect(refusal.body.content).toBe(SERVER_NOT_SERVED);
      expect(fake.requests.some((r) => r.path === `/channels/${CHANNEL_ID}/messages/${messageId}/threads`)).toBe(false);

      fake.userMessage("hello", { user: STUDENT, dm: true });
      expect((await waitFor(() => fake.posts(fake.dmChannelId(STUDENT)).at(-1), "the DM refusal")).body.content).toBe(DM_NOT_SERVED);
      expect(handler.turns).toEqual([]);
    } finally {
      await harness.close();
    }
  });

  it("in an allowed server, and in DMs of its members, the tutor answers", async () => {
    const handler = scriptedHandler(async function* () {
      yield { type: "notice", text: "answered", audience: "conversation" };
    });
    const harness = await startHarness(handler, { allowedGuilds: [GUILD_ID] });
    try {
      const { fake } = harness;
      const token = fake.command("quiz", {}, { user: STUDENT });
      expect((await waitFor(() => fake.webhookCalls(token).find((r) => r.method === "PATCH"), "the answer")).body.content).toContain(
        "answered",
      );
      fake.userMessage("hello", { user: STUDENT, dm: true });
      expect((await waitFor(() => fake.posts(fake.dmChannelId(STUDENT)).at(-1), "the DM answer")).body.content).toBe("answered");
      fake.userMessage("hello", { user: { id: "8888", name: "stranger" }, dm: true });
      expect(
        (await waitFor(() => fake.posts(fake.dmChannelId({ id: "8888", name: "stranger" })).at(-1), "the stranger's refusal")).body.content,
      ).toBe(DM_NOT_SERVED);
      expect(handler.turns.map((turn) => turn.student.id)).toEqual([`discord:user:${STUDENT.id}`, `discord:user:${STUDENT.id}`]);
    } finally {
      await harness.close();
    }
  });
});
