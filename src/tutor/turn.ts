import { z } from "zod";

/**
 * The neutral boundary between platform adapters and the tutor. An adapter turns a platform event into
 * one `Turn`, and renders the `ReplyEvent`s the tutor yields back into platform messages. The tutor
 * never sees a platform type.
 */

export const VisibilitySchema = z.enum(["private", "public"]);
export type Visibility = z.infer<typeof VisibilitySchema>;

export const TurnSchema = z.object({
  /** Unique per platform event, so a redelivered event is recognised and not answered twice. */
  id: z.string().min(1),
  platform: z.string().min(1),
  /**
   * Where the turn happened, most specific first (e.g. channel, then server), each qualified by
   * platform: `discord:channel:123`, `discord:guild:456`. The first one bound to a course decides it.
   */
  classScopes: z.array(z.string().min(1)),
  /** A DM, a thread or a terminal session: memory and pending quiz items live per conversation. */
  conversationId: z.string().min(1),
  student: z.object({
    /** Qualified by platform: `discord:user:789`. */
    id: z.string().min(1),
    displayName: z.string().default(""),
    /**
     * The groups the adapter found the person in, qualified like ids (`discord:role:<server>/<role>`,
     * `slack:group:<id>`; `terminal` for the local operator). The tutor matches them and `id` against the
     * configured teachers of a course; a server or workspace standing is never a group.
     */
    groups: z.array(z.string().min(1)).default([]),
  }),
  /** `private`: only this student sees the conversation (DM, terminal). `public`: a channel or thread. */
  visibility: VisibilitySchema,
  text: z.string(),
  /** Files sent with the message (a teacher's upload), already downloaded by the adapter within its size limit. */
  attachments: z
    .array(
      z.object({ name: z.string().min(1), data: z.custom<Uint8Array>((value) => value instanceof Uint8Array, "file data must be bytes") }),
    )
    .default([]),
  receivedAt: z.number().optional(),
});
export type Turn = z.input<typeof TurnSchema>;
export type ParsedTurn = z.infer<typeof TurnSchema>;

/**
 * Who may see a message. `conversation`: posted where the turn happened. `student`: only the student
 * (an ephemeral reply or a DM when the conversation is public; in place when it is already private).
 */
export type Audience = "conversation" | "student";

export interface Citation {
  /** The human-readable reference, e.g. "Loops › The for statement (lessons/03-loops.md:12-30)". */
  label: string;
  file: string;
  startLine: number;
  endLine: number;
}

/** A button the adapter may render; pressing it is the same as the student typing `command`. */
export interface Action {
  label: string;
  command: string;
  style?: "primary" | "danger" | "secondary";
}

export type ReplyEvent =
  /** The model is loading or thinking; adapters show a typing indicator. */
  | { type: "typing" }
  /** The student waits in the queue for the model. */
  | { type: "queued"; position: number; etaSeconds: number }
  /** A streamed piece of the answer. */
  | { type: "delta"; text: string }
  /**
   * The complete message (the concatenation of the deltas before it, if any, possibly corrected),
   * with its sources and optional buttons. Ends one message; more events may follow.
   */
  | { type: "message"; text: string; sources: Citation[]; actions: Action[]; audience: Audience }
  /** A short notice that is not an answer: Ollama down, limits, refusals. */
  | { type: "notice"; text: string; audience: Audience }
  /** A file for the student: an export of their data, a chart. */
  | { type: "file"; name: string; mimeType: string; data: Uint8Array; caption: string; audience: Audience };

/** What adapters talk to. `Tutor` implements it; adapters depend on nothing else of the tutor. */
export interface TurnHandler {
  /**
   * Handles one turn and yields its reply events in order. Turns of one student in one conversation
   * are handled one at a time, in arrival order; a turn whose id was already handled yields nothing.
   */
  handle(turn: Turn): AsyncIterable<ReplyEvent>;
  /**
   * The language (BCP 47) of the course that places with these class scopes use: adapters write the
   * little they say themselves (a place in line, the sources heading, their own errors) in it.
   */
  languageFor(classScopes: readonly string[]): Promise<string>;
}
