import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StudentExport } from "../../src/tutor/store/profile-store.js";
import type { ReplyEvent } from "../../src/tutor/turn.js";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama.js";
import { captureLog, collect, createRealTutor, makeTurn, type RealTutor } from "../load/real-tutor.js";

const ANN = "ann-4711";
const BOB = "bob-0815";
let ollama: FakeOllama;
let real: RealTutor;
const log = captureLog("info");

beforeAll(async () => {
  ollama = await startFakeOllama();
  real = await createRealTutor({ ollamaUrl: ollama.url, log });
});

afterAll(async () => {
  await real.close();
  await ollama.stop();
});

const send = (student: string, text: string, visibility: "private" | "public" = "private") =>
  collect(real.tutor.handle(makeTurn(student, text, { visibility })));

/** A student who asked, quizzed, answered once and left a second question open. */
async function useTheTutor(student: string): Promise<void> {
  await send(student, "what is a for loop?");
  const quiz = await send(student, "/quiz");
  const answer =
    quiz.flatMap((event) => (event.type === "message" ? event.actions : [])).find((action) => action.command.startsWith("/answer"))
      ?.command ?? "/answer 42";
  await send(student, answer);
  await send(student, "/giveup");
  await send(student, "/quiz");
  await send(student, "/progress");
}

function exported(events: ReplyEvent[]): StudentExport & { exportedAt: string } {
  const file = events.find((event) => event.type === "file");
  if (file?.type !== "file") throw new Error("no file in the reply");
  return JSON.parse(new TextDecoder().decode(file.data)) as StudentExport & { exportedAt: string };
}

describe("export my data", () => {
  it("sends everything kept about the student, to them only, as a JSON file, even when asked in a public channel", async () => {
    await useTheTutor(ANN);
    await useTheTutor(BOB);
    const events = await send(ANN, "/export", "public");
    const file = events.find((event) => event.type === "file");
    expect(file).toMatchObject({ type: "file", mimeType: "application/json", audience: "student" });
    const data = exported(events);
    expect(data.studentId).toBe(`test:user:${ANN}`);
    expect(data.attempts.length).toBeGreaterThanOrEqual(1);
    expect(data.mastery.length).toBeGreaterThanOrEqual(1);
    expect(data.pendingItems).toHaveLength(1);
    expect(data.memory.map((entry) => entry.content)).toContain("what is a for loop?");
    // Nothing of another student.
    expect(JSON.stringify(data)).not.toContain(BOB);
    expect(events.filter((event) => "audience" in event && event.audience === "conversation")).toEqual([]);
  });
});

describe("forget me", () => {
  it("asks first, privately, then deletes profile, attempts, conversation memory and pending items; others keep theirs", async () => {
    await useTheTutor(ANN);
    await useTheTutor(BOB);
    const bobBefore = await real.store.exportStudent(`test:user:${BOB}`);

    const ask = await send(ANN, "forget me", "public");
    expect(ask).toEqual([expect.objectContaining({ type: "message", audience: "student" })]);
    expect((await real.store.exportStudent(`test:user:${ANN}`)).attempts.length).toBeGreaterThan(0);

    const done = await send(ANN, "/forget-me confirm", "public");
    expect(done).toEqual([
      expect.objectContaining({ type: "notice", audience: "student", text: expect.stringContaining("deleted everything") }),
    ]);
    const after = await real.store.exportStudent(`test:user:${ANN}`);
    expect({ ...after }).toEqual({ studentId: `test:user:${ANN}`, mastery: [], attempts: [], pendingItems: [], memory: [] });
    expect(await real.store.exportStudent(`test:user:${BOB}`)).toEqual(bobBefore);
  });

  it("logs at info level never name a student", () => {
    // Every student flow above ran with this log; the operator's lines must not identify who did what.
    expect(log.lines.length).toBeGreaterThan(0);
    for (const line of log.lines) {
      expect(line).not.toContain(ANN);
      expect(line).not.toContain(BOB);
    }
  });
});
