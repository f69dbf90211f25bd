import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DIALOGUE_CASES } from "../../bench/dialogue/cases.js";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama.js";

const run = promisify(execFile);
// Each test starts the eval as a process (tsx): over 20 s on a loaded machine, as long as the process may run.
vi.setConfig({ testTimeout: 70_000 });
const ROOT = path.resolve(import.meta.dirname, "../..");
// Only the command line chooses the host and model here.
const { OLLAMA_HOST: _host, OLLAMA_MODEL: _model, ...ENV } = process.env;
const evalDialogue = (args: string[]) =>
  run(process.execPath, ["--import", import.meta.resolve("tsx"), "bench/dialogue/eval.ts", ...args], {
    cwd: ROOT,
    env: ENV,
    timeout: 60_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

describe("npm run eval:dialogue", () => {
  let ollama: FakeOllama;
  beforeAll(async () => {
    // A model that answers every question the same way, with a citation and a closing question.
    ollama = await startFakeOllama({ models: ["tiny-tutor"], respond: () => "What do you think happens first? [1]" });
  });
  afterAll(async () => {
    await ollama.stop();
  });

  it("with no Ollama reachable, says what to run and exits with 2", async () => {
    const result = await evalDialogue(["--model", "tiny-tutor", "--host", "http://127.0.0.1:9"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Ollama is not answering at http://127.0.0.1:9");
    expect(result.stderr).toContain("ollama pull tiny-tutor");
  });

  it("with a model that is not installed, says to pull it", async () => {
    const result = await evalDialogue(["--model", "missing-model", "--host", ollama.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the model "missing-model" is not installed');
  });

  it("against a model, prints every case, each generated reply's checks, and a summary", async () => {
    const result = await evalDialogue(["--model", "tiny-tutor", "--host", ollama.url, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      summary: Record<string, unknown>;
      replies: Array<{ case: string; checks: Record<string, unknown> }>;
    };
    const generated = DIALOGUE_CASES.flatMap((dialogue) => dialogue.turns.filter((turn) => turn.expect.generated));
    expect(report.replies).toHaveLength(generated.length);
    expect(new Set(report.replies.map((reply) => reply.case))).toEqual(
      new Set(DIALOGUE_CASES.filter((dialogue) => dialogue.turns.some((turn) => turn.expect.generated)).map((dialogue) => dialogue.name)),
    );
    expect(report.replies[0]!.checks).toEqual({
      keyRevealed: false,
      stoppedByGuard: false,
      endsWithQuestion: true,
      words: 6,
      wordBudget: 120,
      cited: true,
    });
    expect(report.summary).toMatchObject({ model: "tiny-tutor", replies: generated.length, keyRevealed: 0, cited: generated.length });
  });
});
