import type { QuizItem } from "../retrieval/content/schema.js";

/** What a student's turn asks the tutor to do. */
export type Intent =
  | { kind: "ask"; question: string }
  | { kind: "quiz"; skill?: string }
  | { kind: "answer"; answer: string }
  | { kind: "hint" }
  | { kind: "give-up" }
  | { kind: "progress" }
  | { kind: "why"; skill: string }
  | { kind: "export" }
  | { kind: "forget"; confirmed: boolean }
  | { kind: "course"; courseId?: string }
  | { kind: "content"; action: "list" | "upload" | "remove" | "check"; argument: string }
  | { kind: "class-view" }
  | { kind: "override"; argument: string }
  | { kind: "review" }
  | { kind: "help" }
  | { kind: "empty" };

const SLASH_COMMANDS: Record<string, (rest: string) => Intent> = {
  ask: (rest) => (rest ? { kind: "ask", question: rest } : { kind: "empty" }),
  quiz: (rest) => (rest ? { kind: "quiz", skill: rest } : { kind: "quiz" }),
  answer: (rest) => (rest ? { kind: "answer", answer: rest } : { kind: "empty" }),
  hint: () => ({ kind: "hint" }),
  giveup: () => ({ kind: "give-up" }),
  "give-up": () => ({ kind: "give-up" }),
  progress: () => ({ kind: "progress" }),
  why: (rest) => (rest ? { kind: "why", skill: rest } : { kind: "progress" }),
  export: () => ({ kind: "export" }),
  "forget-me": (rest) => ({ kind: "forget", confirmed: /^confirm$/i.test(rest) }),
  course: (rest) => (rest ? { kind: "course", courseId: rest } : { kind: "course" }),
  content: (rest) => {
    const [action = "list", ...argument] = rest.split(/\s+/).filter(Boolean);
    const known = ["list", "upload", "remove", "check"] as const;
    const match = known.find((name) => name === action.toLowerCase());
    return match ? { kind: "content", action: match, argument: argument.join(" ") } : { kind: "content", action: "list", argument: "" };
  },
  class: () => ({ kind: "class-view" }),
  override: (rest) => ({ kind: "override", argument: rest }),
  review: () => ({ kind: "review" }),
  help: () => ({ kind: "help" }),
  start: () => ({ kind: "help" }),
};

/** Plain-language forms of the commands, matched against the whole message. */
const PLAIN_PATTERNS: Array<[RegExp, (match: RegExpExecArray) => Intent]> = [
  [/^(?:quiz me|test me|give me a (?:question|quiz)|quiz|practice)(?:\s+(?:on|about)\s+(.+?))?[.!]?$/i, (m) => (m[1] ? { kind: "quiz", skill: m[1] } : { kind: "quiz" })],
  [/^(?:hint|a hint|give me a hint|(?:can i|could i) (?:have|get) a hint)[.!?]?$/i, () => ({ kind: "hint" })],
  [/^(?:i give up|give up|show (?:me )?the answer|what(?:'s| is) the answer)[.!?]?$/i, () => ({ kind: "give-up" })],
  [/^(?:progress|my progress|how am i doing|show (?:my )?progress)[.!?]?$/i, () => ({ kind: "progress" })],
  [/^why\s+(?:is\s+)?(?:my\s+)?(.+?)(?:\s+(?:so\s+)?(?:low|high))?\??$/i, (m) => ({ kind: "why", skill: m[1]! })],
  [/^(?:export my data|export)[.!]?$/i, () => ({ kind: "export" })],
  [/^(?:forget me|delete my data)[.!]?$/i, () => ({ kind: "forget", confirmed: false })],
  [/^(?:help|commands|what can you do)[.!?]?$/i, () => ({ kind: "help" })],
  [/^(?:review|what should i review|reviews?(?: due)?)[.!?]?$/i, () => ({ kind: "review" })],
];

/**
 * Reads a turn's text. With a quiz item pending, a bare letter, a number, or a sentence that is not
 * a question counts as an answer to it; everything else is a question for the course.
 */
export function routeText(text: string, pendingItem?: Pick<QuizItem, "type">): Intent {
  const trimmed = text.trim();
  if (!trimmed) return { kind: "empty" };
  const slash = /^\/([a-z-]+)(?:\s+([\s\S]*))?$/i.exec(trimmed);
  if (slash) {
    const command = SLASH_COMMANDS[slash[1]!.toLowerCase()];
    if (command) return command((slash[2] ?? "").trim());
  }
  for (const [pattern, intent] of PLAIN_PATTERNS) {
    const match = pattern.exec(trimmed);
    if (match) return intent(match);
  }
  if (pendingItem && looksLikeAnswer(trimmed, pendingItem.type)) return { kind: "answer", answer: trimmed };
  return { kind: "ask", question: trimmed };
}

function looksLikeAnswer(text: string, type: QuizItem["type"]): boolean {
  if (/^(?:answer\s*(?:is)?\s*:?\s*)?\(?[a-f]\)?[.!]?$/i.test(text)) return type === "multiple_choice";
  if (/^-?\d[\d,_]*(?:\.\d+)?$|^-?\.\d+$/.test(text)) return type !== "multiple_choice";
  if (type === "short_answer") return !text.endsWith("?");
  if (type === "multiple_choice") return !text.endsWith("?") && text.length <= 200;
  return false;
}
