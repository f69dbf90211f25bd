import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);
const here = import.meta.dirname;

it("loads and searches documents of every format without attempting a single outbound connection", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tutor-no-network-"));
  const log = path.join(dir, "network.ndjson");
  try {
    const { stdout } = await run(
      process.execPath,
      ["--import", path.join(here, "deny-network.mjs"), "--import", "tsx", path.join(here, "no-network-child.ts")],
      {
        env: { ...process.env, NETWORK_LOG: log },
        cwd: path.resolve(here, "../.."),
        timeout: 240_000,
      },
    );
    const result = JSON.parse(stdout) as { citations: string[]; retrieved: number; control: string; controlPort: number; reached: number };
    expect(result.citations).toEqual(
      expect.arrayContaining(["handout.pdf, p. 3", "notes.docx › Loop notes › Nested loops", "reader.epub › Chapter 2"]),
    );
    expect(result.retrieved).toBeGreaterThan(0);
    const entries = (await readFile(log, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { threadId: number; armed?: boolean; entry?: string; attempt?: string; target?: string });
    // The guard ran in the main thread and in the thread that parsed the documents.
    expect(entries.some((entry) => entry.armed && entry.threadId === 0)).toBe(true);
    expect(entries.some((entry) => entry.armed && entry.entry?.endsWith("document-worker.ts"))).toBe(true);
    // The one connection attempted is the control made on purpose at the end.
    expect(entries.filter((entry) => entry.attempt)).toEqual([
      { threadId: 0, attempt: "connect", target: `127.0.0.1:${result.controlPort}` },
    ]);
    expect(result).toMatchObject({ control: "refused", reached: 0 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 300_000);
