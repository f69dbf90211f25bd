import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeacherChannelNotifier } from "../../src/adapters/teacher-channels.js";
import { silentLogger } from "../../src/logger.js";
import { createLogNotifier } from "../../src/retrieval/teacher-notifier.js";
import { messagesFor } from "../../src/tutor/i18n/messages.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";
import type { FakeSlackFile } from "./fake-slack.js";
import { allText, BOT_TOKEN, startSlackHarness, unescape, type SlackHarness } from "./slack-harness.js";
import { RECURSION_LESSON } from "../support/sample-upload.js";
import { waitFor } from "../support/wait-for.js";

const COURSE = "python-basics";
const TEACHER = "UT";
const STUDENT = "U1";

describe("teachers manage content through Slack (real tutor, course copy)", () => {
  let tutor: TutorFixture;
  let harness: SlackHarness;
  let nextTs = 1;
  const courseDir = () => path.join(tutor.contentDir, COURSE);
  const snapshot = async () => {
    const list = async (dir: string) => (await readdir(dir, { recursive: true }).catch(() => [] as string[])).sort();
    return [...(await list(courseDir())), "|", ...(await list(path.join(tutor.dataDir, "content-history")))];
  };

  /** A file shared in the user's DM with the app; resolves with the text of every reply posted there. */
  const shareFiles = async (files: FakeSlackFile[], options: { user?: string; text?: string } = {}): Promise<string> => {
    const user = options.user ?? TEACHER;
    const channel = `D${user}`;
    const ts = `${nextTs++}.0001`;
    const before = harness.fake.calls.length;
    const event = {
      type: "message",
      subtype: "file_share",
      channel,
      channel_type: "im",
      user,
      text: options.text ?? "content upload",
      ts,
      event_ts: ts,
      files,
    };
    expect((await harness.sendEvent(event, `EvFile${ts}`)).status).toBe(200);
    const replies = harness.fake.calls
      .slice(before)
      .filter((call) => (call.method === "chat.postMessage" || call.method === "chat.update") && call.body.channel === channel);
    expect(replies.length).toBeGreaterThan(0);
    return unescape(replies.map(allText).join("\n"));
  };

  /** `/tutor …` in channel C1; resolves with the text of the replies, which must all be ephemeral. */
  const tutorCommand = async (text: string, user = TEACHER): Promise<string> => {
    const before = harness.fake.calls.length;
    await harness.sendCommand({ text, channel_id: "C1", user_id: user, trigger_id: `trigger-${nextTs++}` });
    const replies = harness.fake.calls.slice(before).filter((call) => call.method.startsWith("chat."));
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((call) => call.method === "chat.postEphemeral")).toBe(true);
    return unescape(replies.map(allText).join("\n"));
  };

  const downloads = () => harness.fake.callsTo("files.download").length;

  beforeAll(async () => {
    tutor = await createTutorFixture({ copyContent: true, teachers: { [COURSE]: [`slack:user:${TEACHER}`] } });
    harness = await startSlackHarness(tutor.handler, {
      fake: { users: { [TEACHER]: { name: "Tess" } } },
      adapter: { teachers: tutor.app.teachers },
    });
  });
  afterAll(async () => {
    await harness.close();
    await tutor.close();
  });

  it("a teacher shares a lesson in the DM with `content upload`: fetched with the bot token, saved, summarised", async () => {
    const file = harness.fake.hostFile("12-recursion.md", RECURSION_LESSON);
    const reply = await shareFiles([file]);
    expect(reply).toContain("Saved 12-recursion.md as lessons/12-recursion.md.");
    expect(reply).toMatch(/Skills: functions\. Passages indexed: \+2\./);
    expect(harness.fake.callsTo("files.download").at(-1)).toMatchObject({
      body: { fileId: file.id },
      authorization: `Bearer ${BOT_TOKEN}`,
    });
    expect(await readFile(path.join(courseDir(), "lessons/12-recursion.md"), "utf8")).toBe(RECURSION_LESSON);
  });

  it("`/content upload` with a leading slash works the same", async () => {
    const reply = await shareFiles(
      [harness.fake.hostFile("13-recursion.md", RECURSION_LESSON.replace("# Recursion", "# Recursion again"))],
      { text: "/content upload" },
    );
    expect(reply).toContain("Saved 13-recursion.md as lessons/13-recursion.md.");
  });

  const refusals: Array<[string, () => { files: FakeSlackFile[]; user?: string }, RegExp, number]> = [
    [
      "a student (nothing is downloaded)",
      () => ({ files: [harness.fake.hostFile("14-sneaky.md", RECURSION_LESSON)], user: STUDENT }),
      /That command is for teachers/,
      0,
    ],
    ["a wrong file type (.key)", () => ({ files: [harness.fake.hostFile("slides.key", "keynote")] }), /Not saved: .*not a course file/, 1],
    [
      "an oversized file, from its declared size (nothing is downloaded)",
      () => ({ files: [harness.fake.hostFile("huge.md", "# small", 3_000_000)] }),
      /Not saved: huge\.md is 3000 kB; course files may be at most 1000 kB/,
      0,
    ],
    [
      "a name leaving the folder",
      () => ({ files: [harness.fake.hostFile("../x.md", RECURSION_LESSON)] }),
      /Not saved: .*outside the course folder/,
      1,
    ],
    [
      "a lesson failing validation, with file:line and the fix",
      () => ({
        files: [
          harness.fake.hostFile(
            "bad.md",
            RECURSION_LESSON.replace("skills: [functions]", "skills: functions").replace("intermediate", "expert"),
          ),
        ],
      }),
      /Not saved: lessons\/bad\.md does not validate[\s\S]*lessons\/bad\.md:3: skills: [\s\S]*Fix: [\s\S]*lessons\/bad\.md:4: level: [\s\S]*Fix: /,
      1,
    ],
  ];

  it.each(refusals)("refuses %s and writes nothing", async (_name, build, expected, fetched) => {
    const before = await snapshot();
    const downloadsBefore = downloads();
    const { files, user } = build();
    expect(await shareFiles(files, { user })).toMatch(expected);
    expect(await snapshot()).toEqual(before);
    expect(downloads() - downloadsBefore).toBe(fetched);
  });

  it("/tutor content list and remove answer the teacher alone; a student is refused", async () => {
    expect(await tutorCommand("content list")).toMatch(/• lessons\/05-loops\.md: \d+ passages?\b/);
    expect(await tutorCommand("content check")).toMatch(/python-basics: /);
    expect(await tutorCommand("content remove lessons/13-recursion.md")).toMatch(/Removed lessons\/13-recursion\.md: 2 passage\(s\)/);
    await expect(readFile(path.join(courseDir(), "lessons/13-recursion.md"))).rejects.toThrow();
    const before = await snapshot();
    expect(await tutorCommand("content remove lessons/12-recursion.md", STUDENT)).toMatch(/That command is for teachers/);
    expect(await snapshot()).toEqual(before);
  });

  it("/tutor content upload (which cannot carry files) tells the teacher how to upload in Slack", async () => {
    expect(await tutorCommand("content upload")).toContain(messagesFor("en").t("adapter.slack-upload-by-message"));
  });
});

describe("teacher notices through Slack", () => {
  let tutor: TutorFixture;
  let harness: SlackHarness;
  beforeAll(async () => {
    tutor = await createTutorFixture({ copyContent: true });
    harness = await startSlackHarness(tutor.handler);
  });
  afterAll(async () => {
    await harness.close();
    await tutor.close();
  });

  it("postNotice posts to a channel or a teacher's DM, escaped so it cannot ping, and declines other scopes", async () => {
    const { fake, adapter } = harness;
    expect(await adapter.postNotice("slack:channel:CTEACH", "lessons/05-loops.md is broken <!channel>")).toBe(true);
    expect(fake.callsTo("chat.postMessage").at(-1)?.body).toMatchObject({
      channel: "CTEACH",
      text: "lessons/05-loops.md is broken &lt;!channel&gt;",
    });
    expect(fake.callsTo("chat.postMessage").at(-1)?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(await adapter.postNotice("slack:user:UT", "for you")).toBe(true);
    expect(fake.callsTo("chat.postMessage").at(-1)?.body).toMatchObject({ channel: "UT", text: "for you" });
    const count = fake.calls.length;
    expect(await adapter.postNotice("discord:channel:123", "not mine")).toBe(false);
    expect(await adapter.postNotice("slack:team:T1", "not a place")).toBe(false);
    expect(fake.calls.length).toBe(count);
  });

  it("breaking a lesson in the watched content folder puts a notice in the course's teacher channel", async () => {
    const { fake, adapter } = harness;
    tutor.app.library.setNotifier(
      createTeacherChannelNotifier(
        { [COURSE]: "slack:channel:CTEACH" },
        [adapter],
        createLogNotifier(silentLogger),
        silentLogger,
        tutor.app.teachers,
      ),
    );
    const watcher = tutor.app.library.watch({ debounceMs: 50 });
    try {
      const before = fake.calls.length;
      const lesson = path.join(tutor.contentDir, COURSE, "lessons/05-loops.md");
      await writeFile(lesson, (await readFile(lesson, "utf8")).replace(/^skills: .*$/m, "skills: [no-such-skill]"));
      const notice = await waitFor(
        () =>
          fake.calls
            .slice(before)
            .find(
              (call) =>
                call.method === "chat.postMessage" && call.body.channel === "CTEACH" && String(call.body.text).includes("05-loops.md"),
            ),
        "the notice in the teacher channel",
        15_000,
      );
      expect(String(notice.body.text)).toContain("no-such-skill");
    } finally {
      watcher.close();
    }
  });
});
