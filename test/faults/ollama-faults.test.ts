import { afterEach, describe, expect, it } from "vitest";
import type { ReplyEvent } from "../../src/tutor/turn.js";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama.js";
import { captureLog, collect, createRealTutor, makeTurn, type RealTutor } from "../load/real-tutor.js";

const RECHECK_MS = 1000;
let ollama: FakeOllama | undefined;
let real: RealTutor | undefined;

afterEach(async () => {
  await real?.close();
  await ollama?.stop();
  real = ollama = undefined;
});

/** The real tutor against a fake Ollama, on a clock the test moves, with short client timeouts. */
async function setUp() {
  ollama = await startFakeOllama({ respond: (request) => `Loops repeat code. You asked: ${request.messages.at(-1)?.content}` });
  const log = captureLog("info");
  const clock = { now: 1_000_000 };
  real = await createRealTutor({
    ollamaUrl: ollama.url,
    log,
    clock: () => clock.now,
    modelRecheckMs: RECHECK_MS,
    requestTimeoutMs: 400,
    idleTimeoutMs: 400,
  });
  const ask = (text = "what is a for loop?") => collect(real!.tutor.handle(makeTurn("ann", text)));
  return { ollama, log, clock, ask };
}

/** As setUp, with the model's health already checked: a fault queued next hits the chat request itself. */
async function setUpHealthy() {
  const setup = await setUp();
  expectModelAnswer(await setup.ask("warm up"));
  return setup;
}

const texts = (events: ReplyEvent[], type: "message" | "notice") => events.flatMap((event) => (event.type === type ? [event.text] : []));

/** A full streamed answer from the model (not the passages-only fallback). */
function expectModelAnswer(events: ReplyEvent[]) {
  expect(events.some((event) => event.type === "delta")).toBe(true);
  expect(texts(events, "message")[0]).toMatch(/^Loops repeat code\. You asked: /);
}

describe("Ollama faults: the student is told, the operator is told, the tutor keeps serving", () => {
  it("Ollama unreachable at start, then back: passages with a notice, then answers again without a restart", async () => {
    const { ollama, log, clock, ask } = await setUp();
    await ollama.stop();
    const down = await ask();
    expect(texts(down, "notice")[0]).toContain("can't reach my language model");
    expect(texts(down, "message")[0]).toMatch(/^Here is what the course says/);
    expect(log.lines.some((line) => line.includes("WARN ollama: Ollama is not answering"))).toBe(true);

    await ollama.restart();
    // Still remembered as down until the recheck interval has passed: no request storm at a dead server.
    expect(texts(await ask("what is a list?"), "message")[0]).toMatch(/^Here is what the course says/);
    clock.now += RECHECK_MS + 1;
    expectModelAnswer(await ask("what is a string?"));
    expect(log.lines.some((line) => line.includes("INFO ollama: the model answers again"))).toBe(true);
  });

  it("Ollama going down in the middle of a stream: the partial answer is marked as cut off", async () => {
    const { ollama, log, ask } = await setUpHealthy();
    ollama.failNext({ kind: "drop-connection-after", chunks: 3 });
    const cut = await ask();
    expect(texts(cut, "message")[0]).toMatch(/^Loops repeat code\.[\s\S]*cut off/);
    expect(log.lines.some((line) => line.includes("WARN tutor: the model failed during an answer"))).toBe(true);
    expectModelAnswer(await ask());
  });

  it("Ollama slower than the timeout: the course passages instead, and the next question works", async () => {
    const { ollama, log, ask } = await setUpHealthy();
    ollama.failNext({ kind: "hang" });
    const slow = await ask();
    expect(texts(slow, "notice")[0]).toContain("stopped answering");
    expect(texts(slow, "message")[0]).toMatch(/^Here is what the course says/);
    expect(
      log.lines.some((line) => line.includes("WARN tutor: the model failed during an answer") && line.includes("did not answer within")),
    ).toBe(true);
    expectModelAnswer(await ask());
  });

  it("an error line in the stream: cut off with a notice in the answer, logged with Ollama's message", async () => {
    const { ollama, log, ask } = await setUpHealthy();
    ollama.failNext({ kind: "error-line-after", chunks: 2, error: "CUDA error: out of memory" });
    const failed = await ask();
    expect(texts(failed, "message")[0]).toMatch(/cut off/);
    expect(log.lines.some((line) => line.includes("CUDA error: out of memory"))).toBe(true);
    expectModelAnswer(await ask());
  });

  it("a malformed line in the stream: the turn still ends with an answer, and the next one works", async () => {
    const { ollama, ask } = await setUpHealthy();
    ollama.failNext({ kind: "malformed-line" });
    const garbled = await ask();
    expect(texts(garbled, "message")).toHaveLength(1);
    expectModelAnswer(await ask());
  });

  it("the model not installed: the operator is told to pull it, and it is used once it is there", async () => {
    const { ollama, log, clock, ask } = await setUp();
    ollama.setModels(["mistral"]);
    const missing = await ask();
    expect(texts(missing, "notice")[0]).toContain("ollama pull llama3.2");
    expect(log.lines.some((line) => line.includes('WARN ollama: the model "llama3.2" is not installed'))).toBe(true);
    ollama.setModels(["llama3.2"]);
    clock.now += RECHECK_MS + 1;
    expectModelAnswer(await ask());
  });
});
