import type { Action } from "../../tutor/turn.js";

/** One Discord message as the renderer sees it, before it becomes a discord.js payload. */
export interface OutgoingMessage {
  content: string;
  actions?: Action[];
  file?: { name: string; data: Uint8Array };
}

/**
 * A place messages go: a channel, a DM, or an interaction's replies. Operations never throw: a refusal
 * by Discord is logged (with the fix) by the implementation and the reply goes on without it.
 */
export interface Outbox {
  /** Resolves to the new message's id, or undefined when it could not be posted. */
  post(message: OutgoingMessage): Promise<string | undefined>;
  edit(id: string, message: OutgoingMessage): Promise<void>;
  remove(id: string): Promise<void>;
}

/** Everything one turn's replies may use. */
export interface ReplyTarget {
  conversation: Outbox;
  /** For personal data: the conversation itself when it is private, else an ephemeral reply or a DM. */
  student: Outbox;
  typing(): Promise<void>;
  /** Called once after the last event, e.g. to clear an unused "thinking…" placeholder. */
  finish(): Promise<void>;
}
