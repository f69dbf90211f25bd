import type { FlowContext } from "../flow-context.js";
import type { ReplyEvent } from "../turn.js";
import { isTeacher, refuseNonTeacher } from "./teacher-only.js";

/** `/content list|upload|remove|check`: teachers manage course files from chat. */
export async function* manageContent(context: FlowContext, action: "list" | "upload" | "remove" | "check", argument: string): AsyncIterable<ReplyEvent> {
  if (!isTeacher(context)) return yield* refuseNonTeacher();
  void argument;
  yield { type: "notice", text: `Managing content from chat (${action}) is not available in this version yet.`, audience: "student" };
}
