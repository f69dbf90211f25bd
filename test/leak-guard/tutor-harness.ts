import type { Logger } from "../../src/logger.js";
import type { ReplyEvent } from "../../src/tutor/turn.js";
import { startFakeOllama, type FakeChatRequest, type FakeOllama, type FakeReply } from "../fakes/fake-ollama.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";
import type { ItemRef } from "./cases.js";

export const COURSE_ID = "python-basics";

export interface LogLine {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

/**
 * The real tutor on the sample course, talking to a fake Ollama that does whatever the test queues:
 * the next tutoring reply and the next grader verdict. Nothing is decided by the model's prompt.
 */
export interface GuardHarness {
  tutor: TutorFixture;
  ollama: FakeOllama;
  logLines: LogLine[];
  queueReply(reply: FakeReply): void;
  queueVerdict(verdict: { correct: boolean; feedback: string }): void;
  send(studentId: string, text: string): Promise<ReplyEvent[]>;
  /** Gives the student a pending quiz item: `/quiz <skill>`, then the case's own item if the selection chose another. */
  pin(studentId: string, item: ItemRef): Promise<void>;
  close(): Promise<void>;
}

export async function startGuardHarness(): Promise<GuardHarness> {
  const replies: FakeReply[] = [];
  const verdicts: string[] = [];
  const respond = (request: FakeChatRequest): FakeReply =>
    request.format !== undefined
      ? (verdicts.shift() ?? '{"correct": false, "feedback": "Not yet."}')
      : (replies.shift() ?? "I have nothing to add.");
  const ollama = await startFakeOllama({ respond });
  const logLines: LogLine[] = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) => void logLines.push({ level, message, fields });
  const log: Logger = { debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error") };
  const tutor = await createTutorFixture({ ollamaUrl: ollama.url, log });
  let turns = 0;
  const send = async (studentId: string, text: string) => {
    const events: ReplyEvent[] = [];
    turns += 1;
    const turn = {
      id: `turn-${turns}`,
      platform: "test",
      classScopes: [],
      conversationId: `dm-${studentId}`,
      student: { id: studentId },
      visibility: "private" as const,
      text,
    };
    for await (const event of tutor.handler.handle(turn)) events.push(event);
    // A reply the turn did not ask for (it was routed elsewhere) must not answer the next one.
    replies.length = 0;
    verdicts.length = 0;
    return events;
  };
  return {
    tutor,
    ollama,
    logLines,
    queueReply: (reply) => void replies.push(reply),
    queueVerdict: (verdict) => void verdicts.push(JSON.stringify(verdict)),
    send,
    async pin(studentId, item) {
      await send(studentId, `/quiz ${item.skill}`);
      if ((await tutor.store.getPendingItem(COURSE_ID, studentId, `dm-${studentId}`))?.itemId !== item.id) {
        await tutor.store.setPendingItem(COURSE_ID, studentId, `dm-${studentId}`, {
          itemId: item.id,
          hints: [],
          wrongAttempts: 0,
          wrongAnswers: [],
          askedAt: Date.now(),
        });
      }
    },
    async close() {
      await tutor.close();
      await ollama.stop();
    },
  };
}

/** Everything the student can read from a turn: each delta, the deltas joined, and each message or notice. */
export function visibleTexts(events: readonly ReplyEvent[]): string[] {
  const deltas = events.flatMap((event) => (event.type === "delta" ? [event.text] : []));
  const rest = events.flatMap((event) =>
    event.type === "message" || event.type === "notice" ? [event.text] : event.type === "file" ? [event.caption] : [],
  );
  return [...deltas, deltas.join(""), ...rest];
}

export function finalMessage(events: readonly ReplyEvent[]): string | undefined {
  const messages = events.flatMap((event) => (event.type === "message" ? [event.text] : []));
  return messages.at(-1);
}
