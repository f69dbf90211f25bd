import { COMMANDS, compileAlias, findCommand } from "./commands.js";
import { isYes, readPendingMessage, type PendingQuestion } from "./pending-intent.js";

/** What a student's turn asks the tutor to do. */
export type Intent =
  | { kind: "ask"; question: string }
  | { kind: "quiz"; skill?: string }
  | { kind: "answer"; answer: string }
  | { kind: "hint" }
  /** Plain words ("I give up", "what is the answer?") ask first; `/giveup`, its button and "yes" then reveal. */
  | { kind: "give-up"; confirmed: boolean }
  | { kind: "progress" }
  /** Without a skill: what the last answer was pitched at. */
  | { kind: "why"; skill?: string }
  | { kind: "style"; style?: string }
  | { kind: "export" }
  | { kind: "forget"; confirmed: boolean }
  | { kind: "course"; courseId?: string }
  | { kind: "content"; action: "list" | "upload" | "remove" | "check"; argument: string }
  | { kind: "class-view" }
  | { kind: "override"; argument: string }
  | { kind: "review" }
  | { kind: "help" }
  /** Thanks or small talk while a quiz item is pending: no attempt. */
  | { kind: "small-talk" }
  | { kind: "empty" };

/** Every command's plain words, compiled once, in the registry's order. */
const PLAIN_WORDS = COMMANDS.flatMap((spec) =>
  Object.values(spec.aliases).flatMap((templates) => templates.map((template) => ({ pattern: compileAlias(template), spec }))),
);

/**
 * Reads a turn's text: a slash command, a command in plain words (the registry's, in any language), or,
 * with a quiz item pending, an attempt, a question or small talk (see `readPendingMessage`); without one,
 * a question for the course. `language` is the course's.
 */
export function routeText(text: string, pending?: PendingQuestion, language = "en"): Intent {
  const trimmed = text.trim();
  if (!trimmed) return { kind: "empty" };
  const slash = /^\/([a-z-]+)(?:\s+([\s\S]*))?$/i.exec(trimmed);
  if (slash) {
    const command = findCommand(slash[1]!);
    if (command) return command.intent((slash[2] ?? "").trim(), "slash");
  }
  if (pending?.giveUpOffered && isYes(trimmed, language)) return { kind: "give-up", confirmed: true };
  for (const { pattern, spec } of PLAIN_WORDS) {
    const match = pattern.exec(trimmed);
    if (match) return spec.intent((match[1] ?? "").trim(), "plain");
  }
  if (!pending) return { kind: "ask", question: trimmed };
  const reading = readPendingMessage(trimmed, pending, language);
  switch (reading.kind) {
    case "attempt":
      return { kind: "answer", answer: reading.answer };
    case "ask":
      return { kind: "ask", question: reading.question };
    case "small-talk":
      return { kind: "small-talk" };
  }
}
