import { access, readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messagesFor } from "../../src/tutor/i18n/messages.js";
import { RECURSION_LESSON } from "../support/sample-upload.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";
import { waitFor } from "../support/wait-for.js";
import { ScriptedHandler } from "./scripted-handler.js";
import { allText, startSlackHarness, unescape, type SlackHarness } from "./slack-harness.js";
import { blockActionPayload, commandBody, eventBody, postSigned } from "./slack-requests.js";

const COURSE = "python-basics";
const LESSON = "lessons/01-values-and-variables.md";
const ADMIN = "UADMIN";
const TEACHER = "UTEACH";
const STUDENT = "U1";
const REFUSED = /That command is for teachers of this course/;

describe("Slack: only the configured teachers of a course change it; a workspace admin or owner is a student", () => {
  let tutor: TutorFixture;
  let harness: SlackHarness;
  let nextTs = 1;
  const lessonExists = () =>
    access(path.join(tutor.contentDir, COURSE, LESSON)).then(
      () => true,
      () => false,
    );
  const courseFiles = async () => (await readdir(path.join(tutor.contentDir, COURSE), { recursive: true })).sort();
  const repliesSince = (before: number) =>
    unescape(
      harness.fake.calls
        .slice(before)
        .filter((call) => call.method.startsWith("chat."))
        .map(allText)
        .join("\n"),
    );

  const tutorCommand = async (text: string, user: string, channel = "C1"): Promise<string> => {
    const before = harness.fake.calls.length;
    await harness.sendCommand({ text, channel_id: channel, user_id: user, trigger_id: `trigger-${nextTs++}` });
    return repliesSince(before);
  };
  const message = async (text: string, user: string, where: "dm" | "mention", files?: unknown[]): Promise<string> => {
    const before = harness.fake.calls.length;
    const ts = `${nextTs++}.0001`;
    const event =
      where === "dm"
        ? {
            type: "message",
            channel: `D${user}`,
            channel_type: "im",
            user,
            text,
            ts,
            event_ts: ts,
            ...(files ? { subtype: "file_share", files } : {}),
          }
        : { type: "app_mention", channel: "C1", user, text: `<@UBOT> ${text}`, ts, event_ts: ts };
    await harness.sendEvent(event, `Ev${ts}`);
    return repliesSince(before);
  };

  beforeAll(async () => {
    tutor = await createTutorFixture({ copyContent: true, teachers: { [COURSE]: ["slack:group:STEACH"] } });
    harness = await startSlackHarness(tutor.handler, {
      fake: {
        users: { [ADMIN]: { name: "Ada", isAdmin: true, isOwner: true }, [TEACHER]: { name: "Tess" } },
        userGroups: { STEACH: [TEACHER] },
      },
      adapter: { teachers: tutor.app.teachers },
    });
  });
  afterAll(async () => {
    await harness.close();
    await tutor.close();
  });

  it("the admin's /tutor content list|check|remove|upload, course, class and override are refused and change nothing", async () => {
    const files = await courseFiles();
    for (const command of [
      "content list",
      "content check",
      `content remove ${LESSON}`,
      "content upload",
      `course ${COURSE}`,
      "class",
      `override ${STUDENT} arithmetic 90 admin says so`,
    ]) {
      expect(await tutorCommand(command, ADMIN), command).toMatch(REFUSED);
    }
    expect(await courseFiles()).toEqual(files);
    expect(await tutor.store.getBinding("slack:channel:C1")).toBeUndefined();
  });

  it("the admin's plain words (DM, mention), a shared upload and a button are refused; nothing is downloaded", async () => {
    expect(await message(`content remove ${LESSON}`, ADMIN, "dm")).toMatch(REFUSED);
    expect(await message(`/content remove ${LESSON}`, ADMIN, "mention")).toMatch(REFUSED);
    expect(await message("content upload", ADMIN, "dm", [harness.fake.hostFile("13-sneaky.md", RECURSION_LESSON)])).toMatch(REFUSED);
    expect(harness.fake.callsTo("files.download")).toHaveLength(0);

    const before = harness.fake.calls.length;
    await harness.sendInteraction(
      blockActionPayload({
        userId: ADMIN,
        channelId: "C1",
        messageTs: "1000.0001",
        value: `/content remove ${LESSON}`,
        actionTs: "3000.1",
      }),
    );
    await waitFor(() => harness.fake.calls.slice(before).some((call) => call.method === "chat.postEphemeral"), "the button's refusal");
    expect(repliesSince(before)).toMatch(REFUSED);
    expect(await lessonExists()).toBe(true);
  });

  it("a member of the configured teacher group can", async () => {
    expect(await tutorCommand("content list", TEACHER)).toContain(`• ${LESSON}:`);
    expect(await tutorCommand("class", TEACHER)).toContain("Class view — Python Basics");
    expect(await message("content list", TEACHER, "dm")).toContain(`• ${LESSON}:`);
    expect(await tutorCommand(`course ${COURSE}`, TEACHER)).toContain("This place now uses *Python Basics*");
    expect(await tutor.store.getBinding("slack:channel:C1")).toBe(COURSE);
  });
});

describe("SLACK_ALLOWED_TEAMS", () => {
  it("another workspace gets one short refusal naming the setting; the tutor is never asked", async () => {
    const handler = new ScriptedHandler(() => [{ type: "notice", text: "answered", audience: "conversation" }]);
    const harness = await startSlackHarness(handler, { adapter: { allowedTeams: ["TOTHER"] } });
    try {
      const before = harness.fake.calls.length;
      await postSigned(
        harness.url,
        commandBody({ text: "quiz", channel_id: "C1", user_id: STUDENT, trigger_id: "t-1" }),
        "application/x-www-form-urlencoded",
      );
      await postSigned(
        harness.url,
        eventBody({ type: "message", channel: "D1", channel_type: "im", user: STUDENT, text: "hello", ts: "1.1", event_ts: "1.1" }, "EvA"),
        "application/json",
      );
      const replies = harness.fake.calls.slice(before).filter((call) => call.method.startsWith("chat."));
      expect(replies.map((call) => [call.method, call.body.text])).toEqual([
        ["chat.postEphemeral", messagesFor("en").t("adapter.slack-workspace-not-served")],
        ["chat.postMessage", messagesFor("en").t("adapter.slack-workspace-not-served")],
      ]);
      expect(harness.fake.callsTo("users.info")).toHaveLength(0);
      expect(handler.turns).toEqual([]);
    } finally {
      await harness.close();
    }
  });

  it("an allowed workspace is served", async () => {
    const handler = new ScriptedHandler(() => [{ type: "notice", text: "answered", audience: "conversation" }]);
    const harness = await startSlackHarness(handler, { adapter: { allowedTeams: ["T1"] } });
    try {
      await harness.sendCommand({ text: "quiz", channel_id: "C1", user_id: STUDENT, trigger_id: "t-2" });
      expect(handler.turns.map((turn) => turn.text)).toEqual(["/quiz"]);
    } finally {
      await harness.close();
    }
  });
});
