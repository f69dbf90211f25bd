import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeacherChannelNotifier } from "../../src/adapters/teacher-channels.js";
import { silentLogger } from "../../src/logger.js";
import { createLogNotifier } from "../../src/retrieval/teacher-notifier.js";
import type { TutorFixture } from "../support/tutor-fixture.js";
import { CHANNEL_ID, STUDENT, TEACHER, waitFor, type FakeAttachment } from "./fake-discord.js";
import { interactionReply, startCourseHarness, type Harness } from "./harness.js";
import { RECURSION_LESSON } from "../support/sample-upload.js";

const EPHEMERAL = 64;
const COURSE = "python-basics";

describe("teachers manage content through Discord (real tutor, course copy)", () => {
  let tutor: TutorFixture;
  let harness: Harness;
  const courseDir = () => path.join(tutor.contentDir, COURSE);
  /** Every file of the course and its history, to prove a refusal wrote nothing. */
  const snapshot = async () => {
    const list = async (dir: string) => (await readdir(dir, { recursive: true }).catch(() => [] as string[])).sort();
    return [...(await list(courseDir())), "|", ...(await list(path.join(tutor.dataDir, "content-history")))];
  };

  /** `/content` in the server channel; resolves with the text of the (ephemeral) reply. */
  const content = async (options: Record<string, string | FakeAttachment>, user = TEACHER): Promise<string> => {
    const token = harness.fake.command("content", options, { user });
    const reply = await interactionReply(harness.fake, token, "the /content reply");
    expect(harness.fake.requests.find((r) => r.path.includes(`/${token}/callback`))?.body.data.flags).toBe(EPHEMERAL);
    return reply;
  };

  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ tutor, harness, close } = await startCourseHarness());
  });
  afterAll(() => close());

  it("a teacher's /content upload with a lesson attached: downloaded, saved under lessons/, summarised", async () => {
    const file = harness.fake.hostAttachment("12-recursion.md", RECURSION_LESSON);
    const reply = await content({ action: "upload", file });
    expect(reply).toContain("Saved 12-recursion.md as lessons/12-recursion.md.");
    expect(reply).toMatch(/Skills: functions\. Passages indexed: \+2\./);
    expect(harness.fake.downloads().map((r) => r.path)).toContain(`/attachments/${file.id}/12-recursion.md`);
    expect(await readFile(path.join(courseDir(), "lessons/12-recursion.md"), "utf8")).toBe(RECURSION_LESSON);
    expect(harness.fake.posts(CHANNEL_ID)).toHaveLength(0);
  });

  const refusals: Array<
    [string, () => { options: Record<string, string | FakeAttachment>; user?: typeof TEACHER }, RegExp, "downloads" | "no download"]
  > = [
    [
      "a student (nothing is downloaded)",
      () => ({ options: { action: "upload", file: harness.fake.hostAttachment("13-sneaky.md", RECURSION_LESSON) }, user: STUDENT }),
      /That command is for teachers/,
      "no download",
    ],
    [
      "a wrong file type (.key)",
      () => ({ options: { action: "upload", file: harness.fake.hostAttachment("slides.key", "keynote, not a lesson") } }),
      /Not saved: .*not a course file/,
      "downloads",
    ],
    [
      "an oversized file, from its declared size (nothing is downloaded)",
      () => ({ options: { action: "upload", file: harness.fake.hostAttachment("huge.md", "# small really", 5_000_000) } }),
      /Not saved: huge\.md is 5000 kB; course files may be at most 1000 kB/,
      "no download",
    ],
    [
      "a name leaving the folder",
      () => ({ options: { action: "upload", file: harness.fake.hostAttachment("../x.md", RECURSION_LESSON) } }),
      /Not saved: .*outside the course folder/,
      "downloads",
    ],
    [
      "a lesson failing validation, with file:line and the fix",
      () => ({
        options: {
          action: "upload",
          file: harness.fake.hostAttachment(
            "bad.md",
            RECURSION_LESSON.replace("skills: [functions]", "skills: functions").replace("intermediate", "expert"),
          ),
        },
      }),
      /Not saved: lessons\/bad\.md does not validate[\s\S]*lessons\/bad\.md:3: skills: [\s\S]*Fix: [\s\S]*lessons\/bad\.md:4: level: [\s\S]*Fix: /,
      "downloads",
    ],
  ];

  it.each(refusals)("refuses %s and writes nothing", async (_name, build, expected, downloads) => {
    const before = await snapshot();
    const downloadsBefore = harness.fake.downloads().length;
    const { options, user } = build();
    expect(await content(options, user)).toMatch(expected);
    expect(await snapshot()).toEqual(before);
    expect(harness.fake.downloads().length - downloadsBefore).toBe(downloads === "downloads" ? 1 : 0);
  });

  it("/content list shows the files, /content remove takes one out of the course", async () => {
    expect(await content({ action: "list" })).toMatch(/- lessons\/05-loops\.md: \d+ passages?\b/);
    expect(await content({ action: "remove", path: "lessons/12-recursion.md" })).toMatch(
      /Removed lessons\/12-recursion\.md: 2 passage\(s\)/,
    );
    await expect(readFile(path.join(courseDir(), "lessons/12-recursion.md"))).rejects.toThrow();
    expect(await content({ action: "list" })).not.toContain("12-recursion.md");
  });

  it("a teacher's DM with files and the text `/content upload` saves them (standing read from the server)", async () => {
    const { fake } = harness;
    const dm = fake.dmChannelId(TEACHER);
    const lesson = fake.hostAttachment("14-more-recursion.md", RECURSION_LESSON.replace("# Recursion", "# More recursion"));
    fake.userMessage("/content upload", { user: TEACHER, dm: true, attachments: [lesson] });
    const reply = await waitFor(
      () => fake.posts(dm).find((r) => /Saved 14-more-recursion\.md/.test(String(r.body.content))),
      "the DM reply",
      10_000,
    );
    expect(reply.body.content).toContain("as lessons/14-more-recursion.md");
    expect(await readFile(path.join(courseDir(), "lessons/14-more-recursion.md"), "utf8")).toContain("# More recursion");
  });

  it("a student's DM upload is refused without downloading anything", async () => {
    const { fake } = harness;
    const before = await snapshot();
    const downloadsBefore = fake.downloads().length;
    const dm = fake.dmChannelId(STUDENT);
    fake.userMessage("content upload", { dm: true, attachments: [fake.hostAttachment("15-x.md", RECURSION_LESSON)] });
    await waitFor(() => fake.posts(dm).find((r) => /That command is for teachers/.test(String(r.body.content))), "the refusal", 10_000);
    expect(fake.downloads().length).toBe(downloadsBefore);
    expect(await snapshot()).toEqual(before);
  });
});

describe("teacher notices through Discord", () => {
  let tutor: TutorFixture;
  let harness: Harness;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ tutor, harness, close } = await startCourseHarness());
  });
  afterAll(() => close());

  it("postNotice posts to a channel or a teacher's DM with no pings, and declines other scopes", async () => {
    const { fake, adapter } = harness;
    expect(await adapter.postNotice(`discord:channel:${CHANNEL_ID}`, "lessons/05-loops.md:3 is broken @everyone")).toBe(true);
    const posted = fake.posts(CHANNEL_ID).at(-1)!;
    expect(posted.body).toMatchObject({ content: "lessons/05-loops.md:3 is broken @everyone", allowed_mentions: { parse: [] } });

    expect(await adapter.postNotice(`discord:user:${TEACHER.id}`, "a notice for you")).toBe(true);
    expect(fake.requests.some((r) => r.method === "POST" && r.path === "/users/@me/channels" && r.body.recipient_id === TEACHER.id)).toBe(
      true,
    );
    expect(fake.posts(fake.dmChannelId(TEACHER)).at(-1)?.body.content).toBe("a notice for you");

    const count = fake.requests.length;
    expect(await adapter.postNotice("slack:channel:C1", "not mine")).toBe(false);
    expect(await adapter.postNotice("discord:guild:2000", "not a place to post")).toBe(false);
    expect(fake.requests.length).toBe(count);
  });

  it("breaking a lesson in the watched content folder puts a notice in the course's teacher channel", async () => {
    const { fake, adapter } = harness;
    tutor.app.library.setNotifier(
      createTeacherChannelNotifier(
        { [COURSE]: `discord:channel:${CHANNEL_ID}` },
        [adapter],
        createLogNotifier(silentLogger),
        silentLogger,
        tutor.app.teachers,
      ),
    );
    const watcher = tutor.app.library.watch({ debounceMs: 50 });
    try {
      const before = fake.posts(CHANNEL_ID).length;
      const lesson = path.join(tutor.contentDir, COURSE, "lessons/05-loops.md");
      await writeFile(lesson, (await readFile(lesson, "utf8")).replace(/^skills: .*$/m, "skills: [no-such-skill]"));
      const notice = await waitFor(
        () =>
          fake
            .posts(CHANNEL_ID)
            .slice(before)
            .find((r) => String(r.body.content).includes("05-loops.md")),
        "the notice in the teacher channel",
        15_000,
      );
      expect(notice.body.content).toMatch(/no-such-skill/);
      expect(notice.body.allowed_mentions).toEqual({ parse: [] });
    } finally {
      watcher.close();
    }
  });
});
