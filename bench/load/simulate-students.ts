import { messagesFor } from "../../src/tutor/i18n/messages.js";
import type { FairLimiter } from "../../src/tutor/llm/fair-limiter.js";
import type { ReplyEvent, TurnHandler } from "../../src/tutor/turn.js";
import { topicOf, SKILLS } from "./generate-course.js";
import type { StreamTiming } from "./timed-model.js";

export interface TurnRecord {
  kind: "question" | "quiz" | "answer" | "progress";
  /** 0 for a student's first turn: those all arrive at once, a burst the later turns do not see. */
  index: number;
  totalMs: number;
  /** The tutor's own time: the turn minus the wait for and the time in the model. */
  overheadMs: number;
  /** For a turn that reached the model, where its overhead went: before the queue, from the grant to the request, after the stream. */
  phasesMs?: { beforeQueue: number; grantToRequest: number; afterStream: number };
  /** From the model's first chunk to the first delta the adapter received. */
  firstTokenExtraMs?: number;
  finals: number;
  messages: number;
  /** Ended with the "database busy, try again" notice: answered, but nothing of it recorded. */
  storeBusy: boolean;
}

export interface SimulationResult {
  records: TurnRecord[];
  /** Turns sent a second time with the same id at once, as a platform redelivery would. */
  redelivered: number;
  wallMs: number;
}

const PLAN: TurnRecord["kind"][] = ["question", "quiz", "answer", "progress", "question"];
const STORE_BUSY = messagesFor("en").t("error.store-busy");

/** When a student's latest wait for the model began and when it was granted. */
export interface QueueVisit {
  enteredAt: number;
  grantedAt?: number;
}

/**
 * Waits for the model queue are the model's time, not the tutor's: this records when each student
 * started waiting and when the slot was granted (a student has one turn at a time here), by wrapping
 * the limiter's waitTurn. Whatever the tutor does between the grant and the model's first byte is its own.
 */
export function recordQueueVisits(limiter: FairLimiter, now: () => number): Map<string, QueueVisit> {
  const visits = new Map<string, QueueVisit>();
  const waitTurn = limiter.waitTurn.bind(limiter);
  limiter.waitTurn = async function* (key, signal) {
    const visit: QueueVisit = { enteredAt: now() };
    visits.set(key, visit);
    const release = yield* waitTurn(key, signal);
    visit.grantedAt = now();
    return release;
  };
  return visits;
}

/**
 * `students` students at once, each sending `turns` turns one after the other (question, /quiz, an answer,
 * /progress, ...), as a class would in a busy lesson.
 */
export async function simulateStudents(options: {
  handler: TurnHandler;
  /** Students are numbered from here (several processes each simulate their own). */
  firstStudent?: number;
  students: number;
  turns: number;
  random: () => number;
  timings: Map<string, StreamTiming>;
  queueVisits: Map<string, QueueVisit>;
  now: () => number;
  /** Told when an answer's graded reply has reached the adapter: the attempt is acknowledged, so the store must keep it. */
  onAnswerDelivered?: (studentId: string, turnId: string) => void;
}): Promise<SimulationResult> {
  const { handler, random, timings, queueVisits, now } = options;
  const records: TurnRecord[] = [];
  let redelivered = 0;
  let tagCounter = 0;
  const started = now();

  async function runStudent(index: number): Promise<void> {
    const studentId = `bench:user:${index}`;
    let answerCommands: string[] = [];
    for (let t = 0; t < options.turns; t++) {
      const kind = PLAN[t % PLAN.length]!;
      const tag = `#t${tagCounter++}`;
      const topic = topicOf(Math.floor(random() * SKILLS));
      const answersPendingItem = kind === "answer" && answerCommands.length > 0;
      const text =
        kind === "question"
          ? `How does a ${topic[0]} work with a ${topic[1]}? ${tag}`
          : kind === "quiz"
            ? "/quiz"
            : kind === "answer"
              ? (answerCommands[Math.floor(random() * answerCommands.length)] ?? "/answer 7")
              : "/progress";
      const turn = {
        id: `bench-${index}-${t}`,
        platform: "bench",
        classScopes: [],
        conversationId: `dm:${index}`,
        student: { id: studentId, displayName: `Student ${index}` },
        visibility: "private" as const,
        text,
      };
      const turnStart = now();
      let firstDeltaAt: number | undefined;
      const consume = async (events: AsyncIterable<ReplyEvent>) => {
        const seen: ReplyEvent[] = [];
        for await (const event of events) {
          if (event.type === "delta") firstDeltaAt ??= now();
          seen.push(event);
        }
        return seen;
      };
      const redeliver = random() < 0.05;
      if (redeliver) redelivered += 1;
      const replies = await Promise.all(
        redeliver ? [consume(handler.handle(turn)), consume(handler.handle({ ...turn }))] : [consume(handler.handle(turn))],
      );
      const totalMs = now() - turnStart;
      const events = replies.flat();
      if (answersPendingItem && events.some((event) => event.type === "message")) options.onAnswerDelivered?.(studentId, turn.id);
      const quizMessage = events.find(
        (event) => event.type === "message" && event.actions.some((action) => action.command.startsWith("/answer")),
      );
      if (quizMessage?.type === "message")
        answerCommands = quizMessage.actions.map((action) => action.command).filter((command) => command.startsWith("/answer"));
      const timing = timings.get(tag);
      const visit = queueVisits.get(studentId);
      // The model's share: the wait in its queue, and its stream from request to last chunk.
      const modelMs =
        timing?.endedAt !== undefined && visit?.grantedAt !== undefined && visit.enteredAt >= turnStart
          ? visit.grantedAt - visit.enteredAt + (timing.endedAt - timing.startedAt)
          : 0;
      records.push({
        kind,
        index: t,
        totalMs,
        overheadMs: totalMs - modelMs,
        phasesMs:
          modelMs > 0 && visit?.grantedAt !== undefined && timing?.endedAt !== undefined
            ? {
                beforeQueue: visit.enteredAt - turnStart,
                grantToRequest: timing.startedAt - visit.grantedAt,
                afterStream: turnStart + totalMs - timing.endedAt,
              }
            : undefined,
        firstTokenExtraMs:
          timing?.firstChunkAt !== undefined && firstDeltaAt !== undefined ? firstDeltaAt - timing.firstChunkAt : undefined,
        finals: events.filter((event) => event.type === "message" || event.type === "notice" || event.type === "file").length,
        messages: events.filter((event) => event.type === "message").length,
        storeBusy: events.some((event) => event.type === "notice" && event.text === STORE_BUSY),
      });
    }
  }

  const first = options.firstStudent ?? 0;
  await Promise.all(Array.from({ length: options.students }, (_, index) => runStudent(first + index)));
  return { records, redelivered, wallMs: now() - started };
}
