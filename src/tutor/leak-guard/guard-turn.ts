import { pseudonym } from "../../logger.js";
import type { FlowContext } from "../flow-context.js";
import type { Leak } from "./leak.js";
import { leakGuardFor } from "./leak-guard.js";
import type { LeakRecord } from "./leak-log.js";

/** The guard as one turn of a flow uses it: the check, and what to say instead when it fires. */
export interface TurnGuard {
  check(text: string): Leak | undefined;
  /** A check for one streamed reply, called with the text so far each time; cheaper than `check` as it grows. */
  streamCheck(): (textSoFar: string) => Leak | undefined;
  /** Logs the leak for the teacher: a warning line and a record in the tutor's leak log. */
  report(leak: Leak, where: LeakRecord["where"]): void;
  /** Reports the leak and returns the reply to send instead: the safe text plus a hint. */
  replace(leak: Leak, safe: string, where: LeakRecord["where"]): Promise<string>;
}

/** The text up to its last sentence or line end, so a replaced reply does not stop mid-sentence. */
function cutAtSentence(text: string): string {
  const end = Math.max(text.lastIndexOf("\n"), ...[". ", "! ", "? "].map((mark) => text.lastIndexOf(mark) + 1));
  return end > 0 ? text.slice(0, end).trim() : "";
}

export async function guardTurn(context: FlowContext, studentMessage: string): Promise<TurnGuard> {
  const guard = leakGuardFor(context.course);
  const active = await context.activeItem();
  const pendingItem = active?.doc.item;
  const report = (leak: Leak, where: LeakRecord["where"]) => {
    const { log, clock, leakLog } = context.services;
    const entry: LeakRecord = {
      at: clock(),
      courseId: context.courseId,
      studentId: context.studentId,
      conversationId: context.conversationId,
      itemId: pendingItem?.id,
      kind: leak.kind,
      detail: leak.detail,
      where,
    };
    log.warn("tutor: leak guard stopped a reply", {
      course: entry.courseId,
      student: pseudonym(entry.studentId),
      item: entry.itemId ?? null,
      kind: entry.kind,
      detail: entry.detail,
      where,
    });
    leakLog.record(entry);
  };
  return {
    check: (text) => guard.check(text, { pendingItem, studentMessage }),
    streamCheck: () => guard.streamCheck({ pendingItem, studentMessage }),
    report,
    async replace(leak, safe, where) {
      report(leak, where);
      // Pieces of a puzzle (initials, digits, ruled-out choices) are not repeated, even the harmless-looking ones.
      const kept = leak.kind === "answer" || leak.kind === "protected-text" ? cutAtSentence(safe) : "";
      return [kept, await nextHint(context)].filter(Boolean).join("\n\n");
    },
  };
}

/** The rubric grader's feedback, which comes from the model, checked before the student reads it. */
export async function guardFeedback<G extends { correct: boolean; feedback?: string }>(context: FlowContext, grade: G): Promise<G> {
  if (!grade.feedback) return grade;
  // No student message: grading a guess is the grader's job, so only the answer itself counts here.
  const guard = await guardTurn(context, "");
  const leak = guard.check(grade.feedback);
  if (!leak) return grade;
  guard.report(leak, "grader-feedback");
  return { ...grade, feedback: context.messages.t(grade.correct ? "grade.rubric-met" : "grade.rubric-not-met") };
}

/** The next rung of the pending item's hint ladder (shown by the guard: it does not count against the student), or a redirect. */
async function nextHint(context: FlowContext): Promise<string> {
  const { messages } = context;
  const active = await context.activeItem();
  if (!active) return messages.t("leak.redirect");
  const hint = await context.takeNextHint(active, "guard");
  if (!hint) return messages.t("leak.hints-used-up", { hint: active.doc.item.hints.at(-1) ?? "" });
  return messages.t("leak.here-is-a-hint", { hint: hint.text });
}
