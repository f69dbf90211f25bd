import type { Course } from "../../retrieval/content/schema.js";
import type { FlowContext } from "../flow-context.js";
import type { Messages } from "../i18n/messages.js";
import { skillName } from "../item-selection.js";
import type { ReplyEvent } from "../turn.js";
import { listDueReviews, type DueReview } from "./due-reviews.js";

/** A student counts as returning after this long without an answer or a message. */
export const RETURN_GAP_MS = 8 * 3_600_000;

function isReturning(lastActiveAt: number | undefined, now: number): lastActiveAt is number {
  return lastActiveAt !== undefined && now - lastActiveAt >= RETURN_GAP_MS;
}

/** The reminder for a student who comes back with reviews due; undefined when they never left or nothing is due. */
export function composeReturnReminder(
  course: Course,
  due: readonly DueReview[],
  lastActiveAt: number | undefined,
  now: number,
  messages: Messages,
): string | undefined {
  if (!isReturning(lastActiveAt, now) || due.length === 0) return undefined;
  const names = due.slice(0, 3).map((review) => skillName(course, review.skillId));
  if (due.length > 3) names.push(messages.t("review.and-more", { count: due.length - 3 }));
  return messages.t("review.welcome-back", { count: due.length, skills: messages.list(names) });
}

/**
 * For the tutor to call before handling a turn: a notice when this is the student's first turn after a
 * gap and reviews are due. Last activity is the student's latest answer in the course or latest message
 * in this conversation.
 */
export async function remindDueReviewsOnReturn(context: FlowContext): Promise<ReplyEvent | undefined> {
  const { store, clock } = context.services;
  const [lastAttempt, lastEntries] = await Promise.all([
    store.lastAttemptAt(context.courseId, context.studentId),
    store.getMemory(context.courseId, context.studentId, context.conversationId, 1),
  ]);
  const lastMessage = lastEntries.at(-1)?.at;
  const known = [lastAttempt, lastMessage].filter((at): at is number => at !== undefined);
  const lastActiveAt = known.length ? Math.max(...known) : undefined;
  const now = clock();
  // Runs before every turn: the cards are read, and their recall computed, only for a returning student.
  if (!isReturning(lastActiveAt, now)) return undefined;
  const text = composeReturnReminder(
    context.course,
    listDueReviews(await store.getReviewCards(context.courseId, context.studentId), now),
    lastActiveAt,
    now,
    context.messages,
  );
  return text ? { type: "notice", text, audience: "student" } : undefined;
}
