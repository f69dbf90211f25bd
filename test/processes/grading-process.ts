/**
 * One tutor process grading one student's quiz answers in one conversation (a DM, or a thread on another
 * process), for test/processes/concurrent-grading.ts. The real Tutor over the real course library and the store
 * that GRADING_STORE_OPENER's `openStore(GRADING_STORE_TARGET)` opens. Prints `ready`; on a `go` line from the
 * test it runs GRADING_ROUNDS rounds of `/quiz <skill>` and an answer (right unless the round is in
 * GRADING_WRONG_ROUNDS), then prints one JSON line with what the tutor said to each answer, and exits.
 * GRADING_STORE_DELAY_MS holds every store call back that long, as a network round trip would: it widens the
 * window between a flow's reads and its write in which another process can write the same skill.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { createInterface } from "node:readline";
import { silentLogger } from "../../src/logger.js";
import { CourseLibrary } from "../../src/retrieval/course-library.js";
import { HashingEmbedder } from "../../src/retrieval/hashing-embedder.js";
import type { ProfileStore } from "../../src/tutor/store/profile-store.js";
import { OllamaChatModel } from "../../src/tutor/llm/ollama-chat-model.js";
import { Tutor } from "../../src/tutor/tutor.js";
import type { ReplyEvent } from "../../src/tutor/turn.js";

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`grading-process: ${name} is not set`);
  return value;
};

const { openStore } = (await import(env("GRADING_STORE_OPENER"))) as { openStore(target: string): Promise<ProfileStore> };
const stored = await openStore(env("GRADING_STORE_TARGET"));
const delayMs = Number(process.env.GRADING_STORE_DELAY_MS ?? "0");
const store = new Proxy(stored, {
  get(target, property, receiver) {
    const value = Reflect.get(target, property, receiver);
    if (typeof value !== "function" || delayMs === 0) return value;
    return async (...args: unknown[]) => {
      await sleep(delayMs);
      return value.apply(target, args);
    };
  },
});
const library = await CourseLibrary.open({
  contentDir: env("GRADING_CONTENT_DIR"),
  dataDir: env("GRADING_DATA_DIR"),
  embedder: new HashingEmbedder(),
  log: silentLogger,
});
const tutor = new Tutor({
  catalog: library,
  store,
  // Multiple-choice answers are graded without the model: nothing listens here.
  model: new OllamaChatModel({ host: "http://127.0.0.1:9", model: "none" }),
  log: silentLogger,
});

const studentId = env("GRADING_STUDENT");
const conversationId = env("GRADING_CONVERSATION");
const courseId = env("GRADING_COURSE");
const skill = env("GRADING_SKILL");
const rounds = Number(env("GRADING_ROUNDS"));
const wrongRounds = new Set(env("GRADING_WRONG_ROUNDS").split(",").filter(Boolean).map(Number));
let turns = 0;

async function say(text: string): Promise<ReplyEvent[]> {
  turns += 1;
  const events: ReplyEvent[] = [];
  for await (const event of tutor.handle({
    id: `${conversationId}-${turns}`,
    platform: "test",
    classScopes: ["test:class:1"],
    conversationId,
    student: { id: studentId, displayName: "Ada" },
    visibility: "private",
    text,
  })) {
    events.push(event);
  }
  return events;
}

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
process.stdout.write("ready\n");
await lines.next();
const replies: string[] = [];
for (let round = 0; round < rounds; round++) {
  await say(`/quiz ${skill}`);
  const pending = await stored.getPendingItem(courseId, studentId, conversationId);
  const item = library.course(courseId)?.items.find(({ item }) => item.id === pending?.itemId)?.item;
  if (item?.type !== "multiple_choice") throw new Error(`round ${round}: no multiple-choice item was asked (${pending?.itemId})`);
  const right = item.answer;
  const wrong = right === "A" ? "B" : "A";
  replies.push((await say(wrongRounds.has(round) ? wrong : right)).map((event) => ("text" in event ? event.text : "")).join("\n"));
}
process.stdout.write(`${JSON.stringify(replies)}\n`);
await stored.close();
