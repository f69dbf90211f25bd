import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CourseIndex } from "../../src/retrieval/course-index.js";
import { OllamaEmbedder } from "../../src/retrieval/ollama-embedder.js";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama.js";
import { makeLesson } from "./lesson-fixture.js";

const loops = makeLesson(
  "lessons/loops.md",
  "# Loops\n\nA for loop visits each item of a list.\n\n## While\n\nA while loop runs until its condition is false.",
  { title: "Loops" },
);
const strings = makeLesson("lessons/strings.md", "# Strings\n\nStrings are immutable sequences of characters.", { title: "Strings" });

describe("searching with Ollama embeddings when Ollama fails", () => {
  let fake: FakeOllama;
  let dir: string;
  let failures: unknown[];
  let index: CourseIndex;

  beforeEach(async () => {
    fake = await startFakeOllama();
    dir = await mkdtemp(path.join(os.tmpdir(), "query-embed-"));
    failures = [];
    index = await CourseIndex.open({
      dir,
      courseId: "python-basics",
      embedder: new OllamaEmbedder({ host: fake.url, model: "nomic-embed-text" }),
      queryEmbedTimeoutMs: 300,
      onQueryEmbedding: (failure) => void failures.push(failure),
    });
    await index.sync([loops, strings]);
  });
  afterEach(async () => {
    await fake.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("with Ollama down, a question is searched by its words and the failure reported", async () => {
    await fake.stop();
    const found = await index.search("while loop condition", 2);
    expect(found[0]?.passage.file).toBe("lessons/loops.md");
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeDefined();
  });

  it("a hung embedding request is given up after the query timeout, searched by words, and vectors are used again once it answers", async () => {
    fake.failNext({ kind: "hang" });
    const found = await index.search("immutable characters", 1);
    expect(found[0]?.passage.file).toBe("lessons/strings.md");
    expect(failures).toHaveLength(1);
    expect(String(failures[0])).toMatch(/timeout|abort/i);
    const embedsBefore = fake.requests.filter((request) => request.path === "/api/embed").length;
    await index.search("for loop list", 1);
    expect(fake.requests.filter((request) => request.path === "/api/embed").length).toBe(embedsBefore + 1);
    expect(failures.at(-1)).toBeUndefined();
  });
});
