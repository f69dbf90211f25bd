import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOllama, type FakeChatRequest, type FakeOllama } from "../fakes/fake-ollama.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";
import { collect, noticesOf, turnOf } from "../tutor/turns.js";

const ASK_FIRST = "ask for their idea or first step";
const EXPLAIN_FIRST = "Explain step by step";

describe("teaching style: the course's, overridden per class by a teacher", () => {
  let ollama: FakeOllama;
  let fixture: TutorFixture;
  const systemOfLastChat = () =>
    (ollama.requests.filter((request) => request.path === "/api/chat").at(-1)?.body as FakeChatRequest).messages[0]!.content;
  const ask = async (student: string, classScope: string) => {
    await collect(fixture.handler, turnOf(student, "How do I add up the numbers in a list?", { classScopes: [classScope] }));
    return systemOfLastChat();
  };
  const style = async (text: string, classScope: string, isTeacher: boolean) =>
    noticesOf(
      await collect(
        fixture.handler,
        turnOf(isTeacher ? "teacher" : "student", text, {
          classScopes: [classScope],
          student: { id: isTeacher ? "test:user:t1" : "test:user:s1" },
        }),
      ),
    )
      .map((notice) => notice.text)
      .join("\n");

  beforeAll(async () => {
    ollama = await startFakeOllama({ respond: () => "What have you tried? [1]" });
    fixture = await createTutorFixture({ ollamaUrl: ollama.url, teachers: { "python-basics": ["test:user:t1"] } });
  });
  afterAll(async () => {
    await fixture.close();
    await ollama.stop();
  });

  it("course.yaml without teachingStyle means socratic", async () => {
    expect(await ask("ada", "test:class:a")).toContain(ASK_FIRST);
  });

  it("a teacher sets direct for one class; another class keeps the course's style; `course` hands it back", async () => {
    expect(await style("/style direct", "test:class:b", true)).toContain("Teaching style for this class is now **direct");
    const direct = await ask("grace", "test:class:b");
    expect(direct).toContain(EXPLAIN_FIRST);
    expect(direct).not.toContain(ASK_FIRST);
    expect(await ask("linus", "test:class:c")).toContain(ASK_FIRST);
    expect(await style("/style", "test:class:b", true)).toContain("**direct (explains first)**, set for this class by a teacher");
    expect(await style("/style course", "test:class:b", true)).toContain("follows the course's teaching style again: **socratic");
    expect(await ask("grace", "test:class:b")).toContain(ASK_FIRST);
  });

  it("someone not named a teacher of the course cannot change it, and a word that is not a style is refused", async () => {
    expect(await style("/style direct", "test:class:d", false)).toContain("That command is for teachers of this course");
    expect(await style("/style lecture", "test:class:d", true)).toContain("“lecture” is not a teaching style");
    expect(await fixture.store.getTeachingStyle("test:class:d")).toBeUndefined();
  });
});

describe("a course whose course.yaml says direct", () => {
  it("teaches directly until a teacher chooses socratic for a class", async () => {
    const ollama = await startFakeOllama({ respond: () => "A list holds values [1]." });
    const fixture = await createTutorFixture({ ollamaUrl: ollama.url, copyContent: true, teachers: { "python-basics": ["test:user:t1"] } });
    const systemOf = async (classScope: string) => {
      await collect(fixture.handler, turnOf("ada", "How do I add up the numbers in a list?", { classScopes: [classScope] }));
      return (ollama.requests.filter((request) => request.path === "/api/chat").at(-1)?.body as FakeChatRequest).messages[0]!.content;
    };
    try {
      const manifest = path.join(fixture.contentDir, "python-basics", "course.yaml");
      await writeFile(manifest, (await readFile(manifest, "utf8")).replace("language: en\n", "language: en\nteachingStyle: direct\n"));
      await fixture.app.library.refreshFolder("python-basics", { announce: false });
      expect(fixture.app.library.course("python-basics")?.manifest.teachingStyle).toBe("direct");
      expect(await systemOf("test:class:x")).toContain(EXPLAIN_FIRST);
      await collect(
        fixture.handler,
        turnOf("teacher", "/style socratic", { classScopes: ["test:class:x"], student: { id: "test:user:t1" } }),
      );
      expect(await systemOf("test:class:x")).toContain(ASK_FIRST);
      expect(await systemOf("test:class:y")).toContain(EXPLAIN_FIRST);
    } finally {
      await fixture.close();
      await ollama.stop();
    }
  });
});
