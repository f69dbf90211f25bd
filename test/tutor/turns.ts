import type { ReplyEvent, Turn, TurnHandler } from "../../src/tutor/turn.js";

let sequence = 0;

/** A private terminal-like turn of `student` in their own conversation, with a fresh id. */
export function turnOf(student: string, text: string, over: Partial<Turn> = {}): Turn {
  sequence += 1;
  return {
    id: `turn-${sequence}`,
    platform: "test",
    classScopes: ["test:class:1"],
    conversationId: `conversation-of-${student}`,
    student: { id: `test:user:${student}`, displayName: student },
    visibility: "private",
    text,
    ...over,
  };
}

export async function collect(handler: TurnHandler, turn: Turn): Promise<ReplyEvent[]> {
  const events: ReplyEvent[] = [];
  for await (const event of handler.handle(turn)) events.push(event);
  return events;
}

export type MessageEvent = Extract<ReplyEvent, { type: "message" }>;
export type NoticeEvent = Extract<ReplyEvent, { type: "notice" }>;

export const messagesOf = (events: ReplyEvent[]): MessageEvent[] =>
  events.filter((event): event is MessageEvent => event.type === "message");
export const noticesOf = (events: ReplyEvent[]): NoticeEvent[] => events.filter((event): event is NoticeEvent => event.type === "notice");

/** The single message of a reply, failing clearly when there is not exactly one. */
export function onlyMessage(events: ReplyEvent[]): MessageEvent {
  const messages = messagesOf(events);
  if (messages.length !== 1) throw new Error(`expected one message, got ${JSON.stringify(events)}`);
  return messages[0]!;
}
