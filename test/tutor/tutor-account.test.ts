import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReplyEvent } from "../../src/tutor/turn.js";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama.js";
import { createTutorFixture, SAMPLE_CONTENT_DIR, type TutorFixture } from "../support/tutor-fixture.js";
import { collect, noticesOf, onlyMessage, turnOf } from "./turns.js";

const COURSE = "python-basics";
const idOf = (student: string) => `test:user:${student}`;
type FileEvent = Extract<ReplyEvent, { type: "file" }>;

describe("a student's own data", () => {
  let fake: FakeOllama;
  let fixture: TutorFixture;
  const say = async (student: string, text: string) => collect(fixture.handler, turnOf(student, text));

  beforeAll(async () => {
    fake = await startFakeOllama();
    fixture = await createTutorFixture({ ollamaUrl: fake.url });
    // ada misses the first item; grace gets it right, and stays.
    for (const [student, answer] of [
      ["ada", "A"],
      ["grace", "C"],
    ] as const) {
      await say(student, "/quiz");
      await say(student, answer);
    }
    await say("ada", "What is a variable?");
  });
  afterAll(async () => {
    await fixture.close();
    await fake.stop();
  });

  it("/progress is for the student only, and shows the changed mastery", async () => {
    const progress = onlyMessage(await say("ada", "/progress"));
    expect(progress.audience).toBe("student");
    expect(progress.text).toContain("**Your progress in Python Basics**");
    expect(progress.text).toContain("18% Values and types — 0/1 right, recent ✗");
    expect(progress.text).toContain("20% Variables and assignment — not practised yet");
    expect(progress.text).toContain("Mastered: 0 of");
    expect(onlyMessage(await say("grace", "how am I doing?")).text).toContain("60% Values and types — 1/1 right, recent ✓");
  });

  it("/why explains one skill, for the student only", async () => {
    const why = onlyMessage(await say("ada", "/why values and types"));
    expect(why.audience).toBe("student");
    expect(why.text).toContain("**Why 18% for Values and types?**");
    expect(why.text).toContain("your 1 answer on this skill");
    expect(why.text).toContain("0 right on the first try");
  });

  it("/export is a file for the student only, with everything of theirs and nothing of another", async () => {
    const events = await say("ada", "/export");
    expect(events).toHaveLength(1);
    const file = events[0] as FileEvent;
    expect(file).toMatchObject({ type: "file", name: "my-tutor-data.json", mimeType: "application/json", audience: "student" });
    const data = JSON.parse(new TextDecoder().decode(file.data)) as {
      studentId: string;
      attempts: Array<{ answer: string }>;
      mastery: unknown[];
      memory: Array<{ content: string }>;
    };
    expect(data.studentId).toBe(idOf("ada"));
    expect(data.attempts.map((attempt) => attempt.answer)).toEqual(["A"]);
    expect(data.mastery).toHaveLength(1);
    expect(data.memory.map((entry) => entry.content)).toEqual(["What is a variable?", "You said: What is a variable?"]);
    expect(JSON.stringify(data)).not.toContain("grace");
  });

  it("/forget-me asks first; `/forget-me confirm` deletes everything of that student only", async () => {
    const ask = onlyMessage(await say("ada", "/forget-me"));
    expect(ask.audience).toBe("student");
    expect(ask.text).toContain("Are you sure?");
    expect(ask.actions).toEqual([{ label: "Yes, delete my data", command: "/forget-me confirm", style: "danger" }]);
    expect(await fixture.store.listAttempts({ studentId: idOf("ada") })).toHaveLength(1);

    const done = await say("ada", "/forget-me confirm");
    expect(noticesOf(done)).toEqual([
      { type: "notice", text: expect.stringMatching(/^Done: I deleted everything I kept about you \(\d+ records\)/), audience: "student" },
    ]);
    expect(await fixture.store.exportStudent(idOf("ada"))).toEqual({
      studentId: idOf("ada"),
      mastery: [],
      attempts: [],
      pendingItems: [],
      memory: [],
    });
    expect(await fixture.store.listAttempts({ studentId: idOf("grace") })).toHaveLength(1);
    expect(onlyMessage(await say("ada", "/progress")).text).toContain("20% Values and types — not practised yet");
  });
});

describe("binding a place to a course", () => {
  let contentDir: string;
  let fixture: TutorFixture;
  const inClass = (scope: string, student: string, text: string) =>
    collect(fixture.handler, turnOf(student, text, { classScopes: [`test:channel:${scope}`, "test:server:1"] }));

  beforeAll(async () => {
    contentDir = await mkdtemp(path.join(os.tmpdir(), "tutor-two-courses-"));
    await cp(path.join(SAMPLE_CONTENT_DIR, "python-basics"), path.join(contentDir, "python-basics"), { recursive: true });
    await cp(path.join(SAMPLE_CONTENT_DIR, "python-basics"), path.join(contentDir, "python-copy"), { recursive: true });
    const manifest = path.join(contentDir, "python-copy", "course.yaml");
    const text = await readFile(manifest, "utf8");
    await writeFile(manifest, text.replace("id: python-basics", "id: python-copy").replace("title: Python Basics", "title: Python Copy"));
    // "teacher" teaches both courses; "basics-only" and "copy-only" one each.
    fixture = await createTutorFixture({
      contentDir,
      teachers: { "python-basics": [idOf("teacher"), idOf("basics-only")], "python-copy": [idOf("teacher"), idOf("copy-only")] },
    });
  });
  afterAll(async () => {
    await fixture.close();
    await rm(contentDir, { recursive: true, force: true });
  });

  it("both courses load; an unbound place uses the first", async () => {
    expect(fixture.app.library.courses().map((course) => course.manifest.id)).toEqual(["python-basics", "python-copy"]);
    expect(noticesOf(await inClass("a", "ada", "/course"))[0]?.text).toContain("This place uses **Python Basics** (`python-basics`)");
  });

  it("a student cannot change the course", async () => {
    expect(noticesOf(await inClass("a", "ada", "/course python-copy"))).toEqual([
      { type: "notice", text: expect.stringContaining("That command is for teachers of this course"), audience: "student" },
    ]);
    expect(await fixture.store.getBinding("test:channel:a")).toBeUndefined();
  });

  it("rebinding needs a teacher of this place's course and of the target course", async () => {
    expect(noticesOf(await inClass("a", "copy-only", "/course python-copy"))[0]?.text).toContain(
      "That command is for teachers of this course",
    );
    expect(noticesOf(await inClass("a", "basics-only", "/course python-copy"))[0]?.text).toBe(
      "Only teachers of `python-copy` can bind a place to it.",
    );
    expect(await fixture.store.getBinding("test:channel:a")).toBeUndefined();
  });

  it("a teacher binds the place; the next turn there uses the new course, other places do not", async () => {
    expect(noticesOf(await inClass("a", "teacher", "/course python-copy"))[0]?.text).toBe("This place now uses **Python Copy**.");
    expect(await fixture.store.getBinding("test:channel:a")).toBe("python-copy");
    expect(noticesOf(await inClass("a", "ada", "/course"))[0]?.text).toContain("This place uses **Python Copy**");
    await inClass("a", "ada", "/quiz");
    expect(await fixture.store.getPendingItem("python-copy", idOf("ada"), "conversation-of-ada")).toBeDefined();
    expect(await fixture.store.getPendingItem(COURSE, idOf("ada"), "conversation-of-ada")).toBeUndefined();
    expect(noticesOf(await inClass("b", "ada", "/course"))[0]?.text).toContain("This place uses **Python Basics**");
  });

  it("an unknown course id is refused with the list of courses", async () => {
    expect(noticesOf(await inClass("c", "teacher", "/course algebra"))[0]?.text).toMatch(
      /There is no course `algebra`\. Available: `python-basics` \(Python Basics\) and `python-copy` \(Python Copy\)/,
    );
  });
});
