import { spawn, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { CourseIndex } from "../../src/retrieval/course-index.js";
import type { Embedder } from "../../src/retrieval/embedder.js";
import { HashingEmbedder } from "../../src/retrieval/hashing-embedder.js";
import { readStoredIndex, tempPrefixOf, writeStoredIndex } from "../../src/retrieval/index-store.js";
import { makeLesson } from "./lesson-fixture.js";

/** Wraps the real embedder and counts the texts it is asked to embed. */
class CountingEmbedder implements Embedder {
  texts = 0;
  constructor(
    private readonly inner: Embedder = new HashingEmbedder(),
    readonly id = inner.id,
  ) {}
  async embed(texts: string[]): Promise<number[][]> {
    this.texts += texts.length;
    return this.inner.embed(texts);
  }
}

const loops = makeLesson(
  "lessons/loops.md",
  "# Loops\n\nA for loop visits each item of a list.\n\n## While\n\nA while loop runs until its condition is false.",
  { title: "Loops" },
);
const functions = makeLesson(
  "lessons/functions.md",
  "# Functions\n\nA function is defined with def and returns a value with return.\n\n## Arguments\n\nKeyword arguments have defaults.",
  { title: "Functions" },
);
const strings = makeLesson("lessons/strings.md", "# Strings\n\nStrings are immutable sequences of characters.", {
  title: "Strings",
});

let dir: string;
beforeEach(async () => {
  dir = path.join(await mkdtemp(path.join(os.tmpdir(), "course-index-")), "index", "python-basics");
});
afterEach(async () => {
  await rm(path.dirname(path.dirname(dir)), { recursive: true, force: true });
});

async function openIndex(embedder: Embedder) {
  return CourseIndex.open({ dir, courseId: "python-basics", embedder });
}

describe("CourseIndex", () => {
  it("finds the passage that answers a question, by words or by meaning", async () => {
    const index = await openIndex(new HashingEmbedder());
    await index.sync([loops, functions, strings]);
    const [best] = await index.search("how does a while loop stop?", 3);
    expect(best!.passage.id).toBe("lessons/loops.md#9-11");
    expect(best!.passage.headingPath).toEqual(["Loops", "While"]);
    const hits = await index.search("default values of keyword arguments", 2);
    expect(hits[0]!.passage.file).toBe("lessons/functions.md");
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it("reopens from disk without embedding any passage again", async () => {
    const first = new CountingEmbedder();
    const built = await openIndex(first);
    const result = await built.sync([loops, functions]);
    expect(result).toEqual({
      added: 4,
      removed: 0,
      unchangedFiles: 0,
      reembeddedFiles: ["lessons/loops.md", "lessons/functions.md"],
    });
    expect(first.texts).toBe(4);

    const second = new CountingEmbedder();
    const reopened = await openIndex(second);
    expect(reopened.size).toBe(4);
    expect(reopened.passages().map((p) => p.id)).toEqual(built.passages().map((p) => p.id));
    expect(await reopened.sync([loops, functions])).toEqual({
      added: 0,
      removed: 0,
      unchangedFiles: 2,
      reembeddedFiles: [],
    });
    expect(second.texts).toBe(0);
    const [best] = await reopened.search("while loop condition", 1);
    expect(best!.passage.id).toBe("lessons/loops.md#9-11");
    expect(second.texts).toBe(1);
  });

  it("re-embeds only the changed file and forgets the removed one", async () => {
    await (await openIndex(new HashingEmbedder())).sync([loops, functions, strings]);
    const embedder = new CountingEmbedder();
    const index = await openIndex(embedder);
    const editedLoops = makeLesson("lessons/loops.md", "# Loops\n\nRecursion is not a loop, but can replace one.", {
      title: "Loops",
    });
    const result = await index.sync([editedLoops, functions]);
    expect(result).toEqual({ added: 1, removed: 3, unchangedFiles: 1, reembeddedFiles: ["lessons/loops.md"] });
    expect(embedder.texts).toBe(1);
    expect(index.passages().some((p) => p.file === "lessons/strings.md")).toBe(false);
    expect(index.passages().some((p) => p.text.includes("while loop"))).toBe(false);
    const hits = await index.search("immutable strings characters", 5);
    expect(hits.every((hit) => hit.passage.file !== "lessons/strings.md")).toBe(true);

    const reopened = await openIndex(new CountingEmbedder());
    expect(
      reopened
        .passages()
        .map((p) => p.id)
        .sort(),
    ).toEqual(
      index
        .passages()
        .map((p) => p.id)
        .sort(),
    );
    expect((await reopened.search("recursion", 1))[0]!.passage.file).toBe("lessons/loops.md");
  });

  it("grows past its initial capacity and reuses the slots of deleted passages", async () => {
    const index = await openIndex(new HashingEmbedder());
    const many = Array.from({ length: 40 }, (_, i) =>
      makeLesson(`lessons/l${i}.md`, `# Lesson ${i}\n\nTopic number ${i} is word${i}.`, { title: `Lesson ${i}` }),
    );
    await index.sync(many.slice(0, 10));
    await index.sync(many);
    expect(index.size).toBe(40);
    await index.sync(many.slice(20));
    expect(index.size).toBe(20);
    const [best] = await index.search("word33", 1);
    expect(best!.passage.file).toBe("lessons/l33.md");
  });

  it("rebuilds instead of mixing vectors when the embedder differs from the one that built it", async () => {
    await (await openIndex(new HashingEmbedder())).sync([loops, functions]);
    const other = new CountingEmbedder(new HashingEmbedder({ dimensions: 128 }));
    const index = await openIndex(other);
    expect(index.size).toBe(0);
    const result = await index.sync([loops, functions]);
    expect(result.reembeddedFiles).toEqual(["lessons/loops.md", "lessons/functions.md"]);
    expect(other.texts).toBe(4);
    expect((await index.search("while loop", 1))[0]!.passage.file).toBe("lessons/loops.md");
    expect((await readStoredIndex(dir))!.manifest).toMatchObject({ embedderId: other.id, dimensions: 128 });
  });

  it("rebuilds when an embedder keeps its id but changes its vector size", async () => {
    await (await openIndex(new HashingEmbedder())).sync([loops]);
    const resized = new CountingEmbedder(new HashingEmbedder({ dimensions: 64 }), new HashingEmbedder().id);
    const index = await openIndex(resized);
    expect(index.size).toBe(2);
    const result = await index.sync([loops, functions]);
    expect(result.reembeddedFiles).toEqual(["lessons/loops.md", "lessons/functions.md"]);
    expect(index.size).toBe(4);
    expect((await readStoredIndex(dir))!.manifest.dimensions).toBe(64);
  });

  it("re-chunks everything when opened with another passage size", async () => {
    await (await openIndex(new HashingEmbedder())).sync([loops]);
    const embedder = new CountingEmbedder();
    const index = await CourseIndex.open({ dir, courseId: "python-basics", embedder, chunk: { maxChars: 500 } });
    expect(index.size).toBe(0);
    expect((await index.sync([loops])).reembeddedFiles).toEqual(["lessons/loops.md"]);
    expect(embedder.texts).toBe(2);
  });

  it("never indexes teacher-only notes", async () => {
    const index = await openIndex(new HashingEmbedder());
    const solutions = { ...makeLesson("teacher/solutions.md", "# Solutions\n\nThe answer is 42."), teacherOnly: true };
    await index.sync([loops, solutions]);
    expect(index.passages().some((p) => p.file.startsWith("teacher/"))).toBe(false);
  });

  it("keeps the last good index when a write fails or a crash leaves a half-written directory, and leaves a live writer's temp alone", async () => {
    const index = await openIndex(new HashingEmbedder());
    await index.sync([loops, functions]);
    const good = await readStoredIndex(dir);
    await expect(
      writeStoredIndex(dir, { ...good!.manifest, entries: [] }, () => {
        throw new Error("disk full");
      }),
    ).rejects.toThrow("disk full");
    // A writer that crashed mid-write, and one that is writing now in another live process.
    const crashedWriter = spawnSync(process.execPath, ["-e", ""]).pid;
    const crashed = path.join(dir, `${tempPrefixOf(crashedWriter)}abc123`);
    await mkdir(crashed);
    await writeFile(path.join(crashed, "manifest.json"), "{ half a manif");
    const liveWriter = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    onTestFinished(() => void liveWriter.kill());
    const writing = path.join(dir, `${tempPrefixOf(liveWriter.pid!)}def456`);
    await mkdir(writing);

    const embedder = new CountingEmbedder();
    const reopened = await openIndex(embedder);
    expect(reopened.size).toBe(4);
    expect((await reopened.search("keyword arguments", 1))[0]!.passage.file).toBe("lessons/functions.md");
    expect(embedder.texts).toBe(1);
    await reopened.sync([loops]);
    expect((await readdir(dir)).filter((name) => name.startsWith(".tmp-"))).toEqual([path.basename(writing)]);
  });

  it("read-only: refuses to sync, and loads each generation its writer puts in force, reporting what changed", async () => {
    const reader = await CourseIndex.open({ dir, courseId: "python-basics", embedder: new HashingEmbedder(), readOnly: true });
    await expect(reader.sync([loops])).rejects.toThrow(/read-only/);
    expect(reader.size).toBe(0);
    expect(await reader.reload()).toBeUndefined();

    const writer = await openIndex(new HashingEmbedder());
    await writer.sync([loops]);
    expect(await reader.reload()).toMatchObject({ added: 2, removed: 0, reembeddedFiles: ["lessons/loops.md"] });
    expect(reader.passages()).toEqual(writer.passages());
    expect(await reader.reload()).toBeUndefined();

    await writer.sync([functions]);
    expect(await reader.reload()).toMatchObject({ added: 2, removed: 2, reembeddedFiles: ["lessons/functions.md"] });
    expect((await reader.search("keyword arguments", 1))[0]!.passage.file).toBe("lessons/functions.md");
  });

  it("searches an empty index without error", async () => {
    const index = await openIndex(new HashingEmbedder());
    await index.sync([]);
    expect(await index.search("anything", 5)).toEqual([]);
    expect((await openIndex(new HashingEmbedder())).size).toBe(0);
  });
});
