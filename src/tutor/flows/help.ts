import type { ReplyEvent } from "../turn.js";

const HELP = [
  "**How I can help**",
  "- Ask me anything about the course: I answer from the lessons and tell you where to read more.",
  "- `/quiz` (or “quiz me”, “quiz me on loops”): a question picked for you. Answer by typing, or with the buttons.",
  "- `/hint`: the next hint for the question you are on. `/giveup`: see the answer and why.",
  "- `/progress`: what you have mastered and what to do next. `/why <skill>`: how I estimated a skill.",
  "- `/export`: a file with everything I keep about you. `/forget-me`: delete it all.",
].join("\n");

export async function* showHelp(): AsyncIterable<ReplyEvent> {
  yield { type: "message", text: HELP, sources: [], actions: [{ label: "Quiz me", command: "/quiz" }], audience: "conversation" };
}

export async function* sayNothingHeard(): AsyncIterable<ReplyEvent> {
  yield { type: "notice", text: "I did not catch a question there. Ask me about the course, or type `/help`.", audience: "conversation" };
}
