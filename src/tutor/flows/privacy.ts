import type { FlowContext } from "../flow-context.js";
import type { ReplyEvent } from "../turn.js";

/** "export my data": everything kept about the student, as a file only they receive. */
export async function* exportData(context: FlowContext): AsyncIterable<ReplyEvent> {
  const data = await context.services.store.exportStudent(context.studentId);
  const json = JSON.stringify({ exportedAt: new Date(context.services.clock()).toISOString(), ...data }, null, 2);
  yield {
    type: "file",
    name: "my-tutor-data.json",
    mimeType: "application/json",
    data: new TextEncoder().encode(json),
    caption: context.messages.t("privacy.export-caption"),
    audience: "student",
  };
}

/** "forget me": asks first, then deletes everything about the student in every course. */
export async function* forget(context: FlowContext, confirmed: boolean): AsyncIterable<ReplyEvent> {
  if (!confirmed) {
    yield {
      type: "message",
      text: context.messages.t("privacy.forget-confirm"),
      sources: [],
      actions: [{ label: context.messages.t("button.confirm-forget"), command: "/forget-me confirm", style: "danger" }],
      audience: "student",
    };
    return;
  }
  const removed =
    (await context.services.store.forgetStudent(context.studentId)) +
    context.services.leakLog.forget(context.studentId) +
    context.services.gradeDisputes.forget(context.studentId);
  context.services.log.info("tutor: a student's data was deleted at their request", { records: removed });
  yield { type: "notice", text: context.messages.t("privacy.forgotten", { count: removed }), audience: "student" };
}
