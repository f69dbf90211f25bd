import type { FlowContext } from "../flow-context.js";
import { skillName } from "../item-selection.js";
import { describeDue, listDueReviews, nextUpcomingReview } from "../reviews/due-reviews.js";
import type { ReplyEvent } from "../turn.js";
import { askQuizItem } from "./quiz.js";

/** `/review`: a question on the skill most overdue for review, or when the next review falls. */
export async function* offerReviews(context: FlowContext): AsyncIterable<ReplyEvent> {
  const { store, clock } = context.services;
  const { messages } = context;
  const now = clock();
  const cards = await store.getReviewCards(context.courseId, context.studentId);
  const due = listDueReviews(cards, now);
  const first = due[0];
  if (!first) {
    const upcoming = nextUpcomingReview(cards, now);
    const when = upcoming
      ? messages.t("review.next-one", {
          skill: skillName(context.course, upcoming.skillId),
          when: describeDue(upcoming.due, now, messages),
        })
      : messages.t("review.after-mastery");
    yield { type: "notice", text: messages.t("review.nothing-due", { when }), audience: "conversation" };
    return;
  }
  const lead = messages.t("review.lead", {
    skill: skillName(context.course, first.skillId),
    when: describeDue(first.due, now, messages),
    recall: messages.percent(first.recall),
    count: due.length - 1,
  });
  yield { type: "message", text: lead, sources: [], actions: [], audience: "conversation" };
  yield* askQuizItem(context, first.skillId);
}
