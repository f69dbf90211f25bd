import type { FlowContext } from "../flow-context.js";
import { resolveSkill, selectNextItem } from "../item-selection.js";
import { explainSkill, renderProgress } from "../progress-report.js";
import type { ReplyEvent } from "../turn.js";
import { answerQuestion } from "./answer-question.js";

/** The student's own profile: private wherever it is asked for. */
export async function* showProgress(context: FlowContext): AsyncIterable<ReplyEvent> {
  const state = context.learnerState();
  const attempts = context.services.store.listAttempts({ courseId: context.courseId, studentId: context.studentId });
  const next = selectNextItem(context.course, state, []);
  yield { type: "message", text: renderProgress(context.course, state, attempts, next?.reason), sources: [], actions: [{ label: "Quiz me", command: "/quiz" }], audience: "student" };
}

/** "why <skill>": how the estimate came about; a "why" about anything else is a question for the course. */
export async function* explainWhy(context: FlowContext, skillText: string): AsyncIterable<ReplyEvent> {
  const skillId = resolveSkill(context.course, skillText);
  if (!skillId) {
    yield* answerQuestion(context, `why ${skillText}`);
    return;
  }
  const attempts = context.services.store.listAttempts({ courseId: context.courseId, studentId: context.studentId });
  yield { type: "message", text: explainSkill(context.course, context.learnerState(), skillId, attempts), sources: [], actions: [], audience: "student" };
}
