import { afterEach, describe, expect, it } from "vitest";
import { messagesFor } from "../../src/tutor/i18n/messages.js";
import type { ReplyEvent } from "../../src/tutor/turn.js";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama.js";
import { captureLog, collect, createRealTutor, makeTurn, type RealTutor } from "../load/real-tutor.js";

const RECHECK_MS = 1000;
const en = messagesFor("en");
let ollama: FakeOllama | undefined;
let real: RealTutor | undefined;

afterEach(async () => {
  await real?.close();
  await ollama?.stop();
  real = ollama = undefined;
});

/**
 * The real tutor against a fake Ollama, on a clock the test moves, with short client timeouts unless told
 * otherwise, and `maxModelRequests` at the model at once (OLLAMA_MAX_IN_FLIGHT).
 */
async function setUp(options: { maxModelRequests?: number; idleTimeoutMs?: number } = {}) {
  ollama = await startFakeOllama({
    respond: (request) =>
      `Loops repeat code. You asked: ${request.messages.at(-1)?.content} Each pass runs the same block again, until the loop ends.`,
  });
  const log = captureLog("info");
  const clock = { now: 1_000_000 };
  real = await createRealTutor({
    ollamaUrl: ollama.url,
    log,
    clock: () => clock.now,
    modelRecheckMs: RECHECK_MS,
    requestTimeoutMs: 400,
    idleTimeoutMs: options.idleTimeoutMs ?? 400,
    maxModelRequests: options.maxModelRequests,
  });
  const tutor = real.tutor;
  const ask = (text = "what is a for loop?", student = "ann") => collect(tutor.handle(makeTurn(student, text)));
  return { ollama, log, clock, tutor, ask };
}

/** As setUp, with the model's health already checked: a fault queued next hits the chat request itself. */
async function setUpHealthy(options: Parameters<typeof setUp>[0] = {}) {
  const setup = await setUp(options);
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

/**
 * A turn read event by event, as an adapter reads it: `next()` pulls one event, and while the adapter is busy
 * (a slow platform call) the turn stays paused at the event it last gave.
 */
function readTurn(events: AsyncIterable<ReplyEvent>) {
  const iterator = events[Symbol.asyncIterator]();
  const seen: ReplyEvent[] = [];
  const next = async (): Promise<ReplyEvent | undefined> => {
    const step = await iterator.next();
    if (step.done) return undefined;
    seen.push(step.value);
    return step.value;
  };
  return {
    async until(type: ReplyEvent["type"]): Promise<ReplyEvent> {
      for (;;) {
        const event = await next();
        if (!event) throw new Error(`the turn ended without a ${type} event: ${JSON.stringify(seen)}`);
        if (event.type === type) return event;
      }
    },
    async rest(): Promise<ReplyEvent[]> {
      while (await next());
      return seen;
    },
    abandon: () => iterator.return?.(),
  };
}

/**
 * One request at a time at the model; Ann's answer streams, then goes silent, holding the one slot (client
 * timeouts long: a restart or a shutdown ends it); Bob asks and is told he is number 1 in line, and his adapter
 * is still busy showing that when the test goes on.
 */
async function annStreamingBobInLine() {
  const setup = await setUpHealthy({ maxModelRequests: 1, idleTimeoutMs: 60_000 });
  setup.ollama.failNext({ kind: "hang", afterChunks: 12 });
  const ann = readTurn(setup.tutor.handle(makeTurn("ann", "what is a for loop?")));
  await ann.until("delta");
  const bob = readTurn(setup.tutor.handle(makeTurn("bob", "what is a list?")));
  expect(await bob.until("queued")).toMatchObject({ type: "queued", position: 1 });
  return { ...setup, ann, bob };
}

/** Ollama is killed mid-answer: Ann's answer is cut off, and the slot she gives back goes to Bob, paused. */
async function ollamaKilledMidAnswer() {
  const setup = await annStreamingBobInLine();
  await setup.ollama.stop();
  expect(texts(await setup.ann.rest(), "message")[0]).toMatch(/^Loops repeat code\.[\s\S]*cut off/);
  const back = async () => {
    await setup.ollama.restart();
    setup.clock.now += RECHECK_MS + 1;
  };
  return { ...setup, back };
}

const queued = (events: ReplyEvent[]) => events.filter((event) => event.type === "queued");

/** Each test opens the sample course and streams several answers: generous for a loaded machine. */
const QUEUE_TEST_TIMEOUT_MS = 60_000;

describe("one request at a time at the model (OLLAMA_MAX_IN_FLIGHT=1): nobody is left in line", () => {
  it(
    "Ollama restarting mid-answer while a second student waits number 1 in line: both are answered, and later questions too",
    async () => {
      const { bob, back, ask } = await ollamaKilledMidAnswer();
      // Bob, resumed, takes the slot at once and gets the course passages, Ollama being down.
      expect(texts(await bob.rest(), "message")).toEqual([expect.stringMatching(/^Here is what the course says/)]);
      await back();
      for (const student of ["carol", "bob", "ann"]) {
        const events = await ask("what is a string?", student);
        expect({ student, queued: queued(events) }).toEqual({ student, queued: [] });
        expectModelAnswer(events);
      }
    },
    QUEUE_TEST_TIMEOUT_MS,
  );

  it(
    "a student whose adapter gives up while paused at its place in line (granted meanwhile) leaves the slot free",
    async () => {
      const { bob, back, ask } = await ollamaKilledMidAnswer();
      // Bob's adapter gives up (a message it could not send) while he holds the slot he was granted.
      await bob.abandon();
      await back();
      const carol = await ask("what is a list?", "carol");
      expect(queued(carol)).toEqual([]);
      expectModelAnswer(carol);
    },
    QUEUE_TEST_TIMEOUT_MS,
  );

  it(
    "shutdown while a student waits in line ends the wait with the restarting notice (not an error), and the tutor closes",
    async () => {
      const { tutor, log, ann, bob } = await annStreamingBobInLine();
      // Ann's adapter is busy with her last piece, so her turn keeps the slot past the grace period: only the
      // shutdown can end Bob's wait.
      const bobEnded = bob.rest();
      const stopping = tutor.shutdown(50);
      expect((await bobEnded).filter((event) => event.type !== "queued")).toEqual([
        { type: "notice", text: en.t("shutdown.restarting"), audience: "conversation" },
      ]);
      expect(await stopping).toEqual({ finishedInGrace: false });
      const annEvents = await ann.rest();
      expect(texts(annEvents, "message")[0]).toContain("cut off");
      expect(annEvents.at(-1)).toEqual({ type: "notice", text: en.t("shutdown.cut-by-restart"), audience: "conversation" });
      expect(log.lines.filter((line) => line.includes("ERROR"))).toEqual([]);
      expect(await collect(tutor.handle(makeTurn("carol", "what is a loop?")))).toEqual([
        { type: "notice", text: en.t("shutdown.restarting"), audience: "conversation" },
      ]);
    },
    QUEUE_TEST_TIMEOUT_MS,
  );
});
