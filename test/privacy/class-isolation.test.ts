import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReplyEvent } from "../../src/tutor/turn.js";
import { TINY_FILES } from "../content/tiny-course.js";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama.js";
import { collect, createRealTutor, makeTurn, type RealTutor } from "../load/real-tutor.js";
import { SAMPLE_CONTENT_DIR } from "../support/tutor-fixture.js";

const GUILD_A = "discord:guild:A";
const GUILD_B = "discord:guild:B";
let ollama: FakeOllama;
let real: RealTutor;
let contentDir: string;

/** Two courses in one content folder: the sample (python-basics) for server A, the tiny course for server B. */
beforeAll(async () => {
  contentDir = await mkdtemp(path.join(os.tmpdir(), "tutor-two-courses-"));
  await cp(path.join(SAMPLE_CONTENT_DIR, "python-basics"), path.join(contentDir, "python-basics"), { recursive: true });
  for (const [relative, content] of Object.entries(TINY_FILES)) {
    const file = path.join(contentDir, "tiny", relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  ollama = await startFakeOllama();
  real = await createRealTutor({ ollamaUrl: ollama.url, contentDir, bindings: { [GUILD_A]: "python-basics", [GUILD_B]: "tiny" } });
  expect(
    real.library
      .courses()
      .map((course) => course.manifest.id)
      .sort(),
  ).toEqual(["python-basics", "tiny"]);
});

afterAll(async () => {
  await real.close();
  await ollama.stop();
  await rm(contentDir, { recursive: true, force: true });
});

const inServer = (guild: string, student: string, text: string) =>
  collect(
    real.tutor.handle(
      makeTurn(student, text, {
        classScopes: [`discord:channel:${guild}-general`, guild],
        conversationId: `${guild}:thread:${student}`,
        visibility: "public",
      }),
    ),
  );

const sourcesOf = (events: ReplyEvent[]) =>
  events.flatMap((event) => (event.type === "message" ? event.sources.map((source) => source.file) : []));
const lastSystemPrompt = () => {
  const body = ollama.requests.filter((request) => request.path === "/api/chat").at(-1)?.body as {
    messages: Array<{ role: string; content: string }>;
  };
  return body.messages
    .filter((message) => message.role === "system")
    .map((message) => message.content)
    .join("\n");
};

describe("a class never sees another class's material or students", () => {
  it("answers in server A cite only course A, and the model is given only course A passages", async () => {
    // A question that shares words with both courses ("alpha", "beta", "first").
    const events = await inServer(GUILD_A, "ann", "which comes first, alpha or beta, in a for loop?");
    const files = sourcesOf(events);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files)
      expect(file).toMatch(
        /^lessons\/\d\d-(values|arithmetic|strings|booleans|loops|lists|functions|scope|dictionaries|string-methods|errors)/,
      );
    expect(lastSystemPrompt()).not.toContain("Alpha comes first");
  });

  it("answers in server B cite only course B", async () => {
    const events = await inServer(GUILD_B, "ann", "which comes first, alpha or beta, in a for loop?");
    expect(sourcesOf(events)).toEqual(expect.arrayContaining(["lessons/01-alpha.md"]));
    for (const file of sourcesOf(events)) expect(file).toBe("lessons/01-alpha.md");
    expect(lastSystemPrompt()).not.toMatch(/for loop|while loop/i);
  });

  it("a student's progress in server A is absent in server B", async () => {
    const quiz = await inServer(GUILD_A, "bea", "/quiz");
    const answer =
      quiz.flatMap((event) => (event.type === "message" ? event.actions : [])).find((action) => action.command.startsWith("/answer"))
        ?.command ?? "/answer 42";
    await inServer(GUILD_A, "bea", answer);
    expect(await real.store.getMastery("python-basics", "test:user:bea")).toHaveLength(1);

    expect(await real.store.getMastery("tiny", "test:user:bea")).toEqual([]);
    const progressB = await inServer(GUILD_B, "bea", "/progress");
    const text = progressB.flatMap((event) => (event.type === "message" ? [event.text] : [])).join("\n");
    for (const skill of real.library.course("python-basics")!.manifest.skills) expect(text).not.toContain(skill.name);
    // And the quiz pending in A is not an answerable question in B.
    const answerInB = await inServer(GUILD_B, "bea", "/hint");
    expect(answerInB[0]).toMatchObject({ type: "notice", text: expect.stringContaining("none is waiting") });
  });
});
