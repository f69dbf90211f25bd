import { commandsShownIn, type CommandSpec } from "../commands.js";
import type { FlowContext } from "../flow-context.js";
import type { Messages } from "../i18n/messages.js";
import type { ReplyEvent } from "../turn.js";
import { isTeacher } from "./teacher-only.js";

const line = (spec: CommandSpec, messages: Messages) =>
  messages.t("help.command-line", { usage: spec.usage, description: messages.t(spec.description) });

/** The commands from the registry; a teacher of this place's course also gets the teacher commands. */
export async function* showHelp(context: FlowContext): AsyncIterable<ReplyEvent> {
  const { messages } = context;
  const shown = commandsShownIn("help");
  const lines = [
    messages.t("help.heading"),
    `- ${messages.t("help.ask-line")}`,
    ...shown.filter((spec) => !spec.teacherOnly).map((spec) => line(spec, messages)),
  ];
  if (isTeacher(context))
    lines.push("", messages.t("help.teachers-heading"), ...shown.filter((spec) => spec.teacherOnly).map((spec) => line(spec, messages)));
  yield {
    type: "message",
    text: lines.join("\n"),
    sources: [],
    actions: [{ label: messages.t("button.quiz-me"), command: "/quiz" }],
    audience: "conversation",
  };
}

export async function* sayNothingHeard(messages: Messages): AsyncIterable<ReplyEvent> {
  yield { type: "notice", text: messages.t("notice.nothing-heard"), audience: "conversation" };
}
