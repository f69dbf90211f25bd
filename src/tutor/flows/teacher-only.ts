import type { FlowContext } from "../flow-context.js";
import type { ReplyEvent } from "../turn.js";

/** True when the turn may go on to a teacher command. */
export function isTeacher(context: FlowContext): boolean {
  return context.turn.student.isTeacher;
}

/** The refusal every teacher command gives a student. */
export async function* refuseNonTeacher(): AsyncIterable<ReplyEvent> {
  yield { type: "notice", text: "That command is for teachers. Ask me about the course, or type `/help`.", audience: "student" };
}
