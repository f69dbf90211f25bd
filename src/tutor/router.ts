import type { QuizItem } from "../retrieval/content/schema.js";
import { COMMANDS, compileAlias, findCommand } from "./commands.js";

/** What a student's turn asks the tutor to do. */
export type Intent =
  | { kind: "ask"; question: string }
  | { kind: "quiz"; skill?: string }
  | { kind: "answer"; answer: string }
  | { kind: "hint" }
  | { kind: "give-up" }
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
  | { kind: "empty" };

/** Every command's plain words, compiled once, in the registry's order. */
const PLAIN_WORDS = COMMANDS.flatMap((spec) =>
  Object.values(spec.aliases).flatMap((templates) => templates.map((template) => ({ pattern: compileAlias(template), spec }))),
);

/**
 * Reads a turn's text. With a quiz item pending, a bare letter, a number, or a sentence that is not
 * a question counts as an answer to it; everything else is a question for the course.
 */
export function routeText(text: string, pendingItem?: Pick<QuizItem, "type">): Intent {
  const trimmed = text.trim();
  if (!trimmed) return { kind: "empty" };
  const slash = /^\/([a-z-]+)(?:\s+([\s\S]*))?$/i.exec(trimmed);
  if (slash) {
    const command = findCommand(slash[1]!);
    if (command) return command.intent((slash[2] ?? "").trim());
  }
  for (const { pattern, spec } of PLAIN_WORDS) {
    const match = pattern.exec(trimmed);
    if (match) return spec.intent((match[1] ?? "").trim());
  }
  if (pendingItem && looksLikeAnswer(trimmed, pendingItem.type)) return { kind: "answer", answer: trimmed };
  return { kind: "ask", question: trimmed };
}

function looksLikeAnswer(text: string, type: QuizItem["type"]): boolean {
  if (/^(?:answer\s*(?:is)?\s*:?\s*)?\(?[a-f]\)?[.!]?$/i.test(text)) return type === "multiple_choice";
  if (/^-?\d[\d,_]*(?:\.\d+)?$|^-?\.\d+$/.test(text)) return type !== "multiple_choice";
  const question = /[?？]$/.test(text);
  if (type === "short_answer") return !question;
  if (type === "multiple_choice") return !question && text.length <= 200;
  return false;
}
