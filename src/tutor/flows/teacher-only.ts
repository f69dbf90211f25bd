import { pseudonym } from "../../logger.js";
import type { FlowContext } from "../flow-context.js";
import { describeCourseWithoutTeachers } from "../teachers.js";
import type { ReplyEvent } from "../turn.js";

/** True when the person is a configured teacher of the course (by default the course of this place). */
export function isTeacher(context: FlowContext, courseId = context.courseId): boolean {
  return context.services.teachers.teaches(courseId, context.turn.student);
}

/** The refusal every teacher command gives anyone who is not a teacher of the course; logged for the operator. */
export async function* refuseNonTeacher(context: FlowContext, courseId = context.courseId): AsyncIterable<ReplyEvent> {
  const { teachers, log } = context.services;
  log.info("tutor: a teacher command was refused", {
    course: courseId,
    person: pseudonym(context.studentId),
    command: context.turn.text.split(/\s/, 1)[0],
  });
  if (!teachers.hasTeachers(courseId)) log.warn(describeCourseWithoutTeachers(courseId));
  yield { type: "notice", text: context.messages.t("teacher.only"), audience: "student" };
}

/**
 * The class scope a teacher's `/class` and `/override` reach: the widest place of the turn (the server or
 * workspace), so two schools sharing a course never see each other's students. Undefined in a place that
 * belongs to no class (a Discord DM).
 */
export function classScopeOf(context: FlowContext): string | undefined {
  return context.turn.classScopes.at(-1);
}
