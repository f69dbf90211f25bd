import type { FlowContext } from "../flow-context.js";
import { skillName } from "../item-selection.js";
import { percent } from "../quiz-text.js";
import { describeDue, listDueReviews, nextUpcomingReview } from "../reviews/due-reviews.js";
import type { ReplyEvent } from "../turn.js";
import { askQuizItem } from "./quiz.js";

/** `/review`: a question on the skill most overdue for review, or when the next review falls. */
export async function* offerReviews(context: FlowContext): AsyncIterable<ReplyEvent> {
  const { store, clock } = context.services;
  const now = clock();
  const cards = store.getReviewCards(context.courseId, context.studentId);
  const due = listDueReviews(cards, now);
  const first = due[0];
  if (!first) {
    const upcoming = nextUpcomingReview(cards, now);
    const when = upcoming
      ? `The next one is ${skillName(context.course, upcoming.skillId)}, ${describeDue(upcoming.due, now)}.`
      : "Skills come up for review once you have mastered them.";
    yield { type: "notice", text: `Nothing is due for review right now. ${when} Type \`/quiz\` to keep learning.`, audience: "conversation" };
    return;
  }
  const others = due.length > 1 ? ` (${due.length - 1} more due after this one)` : "";
  const lead = `🔁 **Review: ${skillName(context.course, first.skillId)}** — due ${describeDue(first.due, now)}; I estimate a ${percent(first.recall)} chance you still remember it${others}. A right answer pushes the next review further out.`;
  yield { type: "message", text: lead, sources: [], actions: [], audience: "conversation" };
  yield* askQuizItem(context, first.skillId);
}
