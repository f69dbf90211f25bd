import { pseudonym } from "../../logger.js";
import type { FlowContext } from "../flow-context.js";
import { messagesFor } from "../i18n/messages.js";
import type { ReplyEvent } from "../turn.js";
import { isTeacher, refuseNonTeacher } from "./teacher-only.js";

/** `/course [id]`: shows the course of this place; a teacher may bind the place to another. */
export async function* bindCourse(context: FlowContext, courseId?: string): AsyncIterable<ReplyEvent> {
  const { catalog, store, log } = context.services;
  const { t, list } = context.messages;
  const available = list(catalog.courses().map((course) => `\`${course.manifest.id}\` (${course.manifest.title})`));
  if (!courseId) {
    yield {
      type: "notice",
      text: t("course.current", { title: context.course.manifest.title, id: context.courseId, available }),
      audience: "student",
    };
    return;
  }
  // Rebinding takes the place away from its course and gives it to another: both must be the teacher's.
  if (!isTeacher(context)) return yield* refuseNonTeacher(context);
  const course = catalog.course(courseId);
  if (!course) {
    yield { type: "notice", text: t("course.unknown", { id: courseId, available }), audience: "student" };
    return;
  }
  if (!isTeacher(context, course.manifest.id)) {
    yield { type: "notice", text: t("course.not-teacher-of-target", { id: course.manifest.id }), audience: "student" };
    return;
  }
  const target = context.turn.classScopes[0];
  if (!target) {
    yield { type: "notice", text: t("course.cannot-bind"), audience: "student" };
    return;
  }
  await store.setBinding(target, course.manifest.id);
  log.info("tutor: course bound", {
    scope: target,
    course: course.manifest.id,
    previous: context.courseId,
    by: pseudonym(context.studentId),
  });
  // The new course speaks its own language from here on.
  yield {
    type: "notice",
    text: messagesFor(course.manifest.language).t("course.bound", { title: course.manifest.title }),
    audience: "conversation",
  };
}
