import { waitFor as poll } from "../support/wait-for.js";
import type { TeacherNotifier } from "../../src/retrieval/teacher-notifier.js";
import type { ReplyEvent, Turn, TurnHandler } from "../../src/tutor/turn.js";

/** Waits until `condition` holds (changes arrive through the file watcher) and returns how long it took, in ms. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = "condition"): Promise<number> {
  const started = performance.now();
  await poll(condition, what, timeoutMs, 50);
  return performance.now() - started;
}

export class RecordingNotifier implements TeacherNotifier {
  readonly notices: Array<{ courseId: string; text: string }> = [];
  async notify(courseId: string, text: string): Promise<void> {
    this.notices.push({ courseId, text });
  }
}

let turnCounter = 0;

/** The id the live tests' fixtures name as the course's teacher. */
export const LIVE_TEACHER = "test:user:teacher";

/** One turn through the real tutor, as an adapter would send it; returns every reply event. */
export async function send(
  handler: TurnHandler,
  text: string,
  options: { isTeacher?: boolean; attachments?: Array<{ name: string; data: Uint8Array<ArrayBuffer> }> } = {},
): Promise<ReplyEvent[]> {
  const turn: Turn = {
    id: `turn-${++turnCounter}`,
    platform: "test",
    classScopes: [],
    conversationId: "conversation-1",
    student: { id: options.isTeacher ? LIVE_TEACHER : "test:user:student", displayName: "" },
    visibility: "private",
    text,
    attachments: options.attachments ?? [],
  };
  const events: ReplyEvent[] = [];
  for await (const event of handler.handle(turn)) events.push(event);
  return events;
}

/** The files a reply cites. */
export function citedFiles(events: ReplyEvent[]): string[] {
  return events.flatMap((event) => (event.type === "message" ? event.sources.map((source) => source.file) : []));
}

export function replyText(events: ReplyEvent[]): string {
  return events.map((event) => (event.type === "message" || event.type === "notice" ? event.text : "")).join("\n");
}
