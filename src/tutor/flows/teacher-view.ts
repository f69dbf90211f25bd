import type { FlowContext } from "../flow-context.js";
import type { ReplyEvent } from "../turn.js";
import { isTeacher, refuseNonTeacher } from "./teacher-only.js";

/** `/class`: where the class struggles. */
export async function* showClassView(context: FlowContext): AsyncIterable<ReplyEvent> {
  if (!isTeacher(context)) return yield* refuseNonTeacher();
  yield { type: "notice", text: "The class view is not available in this version yet.", audience: "student" };
}

/** `/override <student> <skill> <percent> <reason>`: a teacher sets a student's mastery. */
export async function* overrideMastery(context: FlowContext, argument: string): AsyncIterable<ReplyEvent> {
  if (!isTeacher(context)) return yield* refuseNonTeacher();
  void argument;
  yield { type: "notice", text: "Overrides are not available in this version yet.", audience: "student" };
}
