import { commandsShownIn, type CommandSpec } from "../commands.js";
import type { FlowContext } from "../flow-context.js";
import type { ReplyEvent } from "../turn.js";
import { isTeacher } from "./teacher-only.js";

const line = (spec: CommandSpec) => `- \`${spec.usage}\`: ${spec.description}.`;

/** The commands from the registry; a teacher of this place's course also gets the teacher commands. */
export async function* showHelp(context: FlowContext): AsyncIterable<ReplyEvent> {
  const shown = commandsShownIn("help");
  const lines = [
    "**How I can help**",
    "- Ask me anything about the course: I answer from the lessons and tell you where to read more. Plain words work too (“quiz me on loops”, “hint”, “how am I doing”).",
    ...shown.filter((spec) => !spec.teacherOnly).map(line),
  ];
  if (isTeacher(context)) lines.push("", "**For teachers of this course**", ...shown.filter((spec) => spec.teacherOnly).map(line));
  yield { type: "message", text: lines.join("\n"), sources: [], actions: [{ label: "Quiz me", command: "/quiz" }], audience: "conversation" };
}

export async function* sayNothingHeard(): AsyncIterable<ReplyEvent> {
  yield { type: "notice", text: "I did not catch a question there. Ask me about the course, or type `/help`.", audience: "conversation" };
}
