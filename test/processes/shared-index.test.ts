import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TINY_FILES, TINY_LESSON, writeTinyCourse } from "../content/tiny-course.js";
import { waitFor } from "../support/wait-for.js";

const TSX = import.meta.resolve("tsx");
const CHILD = path.join(import.meta.dirname, "library-process.ts");

interface TutorProcess {
  search(words: string): Promise<Array<{ file: string; text: string }>>;
  lessons(): Promise<string[]>;
  log(): string;
  stop(): Promise<void>;
}

/** A real tutor process (see library-process.ts) on the shared folders, in the given index mode. */
async function startProcess(root: string, mode: "write" | "read"): Promise<TutorProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ["--import", TSX, CHILD], {
    env: {
      ...process.env,
      TUTOR_CONFIG: path.join(root, "empty.yaml"),
      TUTOR_CONTENT_DIR: path.join(root, "content"),
      TUTOR_DATA_DIR: path.join(root, "data"),
      TUTOR_INDEX_MODE: mode,
      TUTOR_INDEX_RELOAD_MS: "100",
      OLLAMA_HOST: "http://127.0.0.1:9",
    },
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const first = await lines.next();
  if (first.value !== "ready") throw new Error(`the ${mode} process did not start: ${stderr}`);
  const ask = async <T>(line: string): Promise<T> => {
    child.stdin.write(`${line}\n`);
    return JSON.parse(String((await lines.next()).value)) as T;
  };
  return {
    search: (words) => ask(`search ${words}`),
    lessons: () => ask("lessons"),
    log: () => stderr,
    async stop() {
      child.stdin.end();
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Every file under the course's index folder with its bytes, to tell whether anything was written there. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  if (!existsSync(dir)) return {};
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      files[path.relative(dir, file)] = (await readFile(file)).toString("base64");
    }
  }
  return files;
}

const NEW_SECTION = "\n## Gamma\n\nGamma is the zebra-striped third letter, taught after beta.\n";

let root: string;
const running: TutorProcess[] = [];
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "shared-index-"));
  await writeFile(path.join(root, "empty.yaml"), "");
  await writeTinyCourse(path.join(root, "content"), TINY_FILES);
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((child) => child.stop()));
  await rm(root, { recursive: true, force: true });
});

describe("one search index shared by several tutor processes", () => {
  // Real processes each start tsx and load the tutor: on a busy machine that takes tens of seconds.
  it("the writer rebuilds after a content change, the reader serves the new passages without a restart, and the reader never writes", {
    timeout: 120_000,
  }, async () => {
    const indexDir = path.join(root, "data", "index", "tiny");
    const lessonFile = path.join(root, "content", "tiny", "lessons", "01-alpha.md");

    // The reader starts first: no index yet, so it finds nothing, and creates nothing.
    const reader = await startProcess(root, "read");
    running.push(reader);
    expect(await reader.search("alpha")).toEqual([]);
    expect(await snapshot(indexDir)).toEqual({});
    expect(reader.log()).toContain("no usable index written yet");

    const writer = await startProcess(root, "write");
    running.push(writer);
    expect((await writer.search("alpha")).length).toBeGreaterThan(0);
    await waitFor(async () => (await reader.search("alpha")).length > 0, "the reader to load the writer's index", 60_000, 100);

    // A teacher edits a lesson: the writer's watcher re-embeds it and writes a new generation; the reader loads it.
    await writeFile(lessonFile, `${TINY_LESSON}${NEW_SECTION}`);
    await waitFor(
      async () => (await writer.search("zebra-striped gamma"))[0]?.text.includes("zebra-striped"),
      "the writer to index the change",
      60_000,
      100,
    );
    const found = await waitFor(
      async () => {
        const hits = await reader.search("zebra-striped gamma");
        return hits[0]?.text.includes("zebra-striped") ? hits : undefined;
      },
      "the reader to serve the new passage",
      60_000,
      100,
    );
    expect(found[0]!.file).toBe("lessons/01-alpha.md");
    expect(reader.log()).toContain("loaded the generation its writer put in force");

    // With the writer gone, another change reaches the reader's content watcher, but the reader neither
    // rebuilds nor writes: the index folder stays byte for byte as the writer left it.
    await writer.stop();
    running.splice(running.indexOf(writer), 1);
    const written = await snapshot(indexDir);
    expect(Object.keys(written)).toContain("CURRENT");
    await writeFile(lessonFile, `${TINY_LESSON}\n## Delta\n\nDelta is the quokka-shaped fourth letter.\n`);
    await waitFor(
      async () => (await reader.lessons()).some((body) => body.includes("quokka")),
      "the reader to read the changed lesson",
      60_000,
      100,
    );
    expect(await snapshot(indexDir)).toEqual(written);
    expect((await reader.search("quokka-shaped delta"))[0]?.text ?? "").not.toContain("quokka");
    expect((await reader.search("zebra-striped gamma"))[0]?.text).toContain("zebra-striped");
    expect(reader.log()).not.toMatch(/index tiny: embedded/);
  });
});
