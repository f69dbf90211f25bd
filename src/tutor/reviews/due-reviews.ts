import type { Messages } from "../i18n/messages.js";
import { DAY_MS, recallProbability } from "./schedule-review.js";
import type { ReviewCard } from "./review-card.js";

export interface DueReview {
  skillId: string;
  due: number;
  /** Whole days past due (0 on the day it falls due). */
  overdueDays: number;
  /** Chance the student still recalls the skill now. */
  recall: number;
}

/** Reviews due at `now`, most overdue first (lowest recall breaks ties). */
export function listDueReviews(cards: readonly ReviewCard[], now: number): DueReview[] {
  return cards
    .filter((card) => card.due <= now)
    .map((card) => ({
      skillId: card.skillId,
      due: card.due,
      overdueDays: Math.floor((now - card.due) / DAY_MS),
      recall: recallProbability(card, now),
    }))
    .sort((a, b) => a.due - b.due || a.recall - b.recall || a.skillId.localeCompare(b.skillId));
}

/** The next review that is not due yet, if any: "next review of X in 3 days". */
export function nextUpcomingReview(cards: readonly ReviewCard[], now: number): ReviewCard | undefined {
  return cards.filter((card) => card.due > now).sort((a, b) => a.due - b.due)[0];
}

/** "today", "in 3 days", "2 days ago", in the course's language. */
export function describeDue(due: number, now: number, messages: Messages): string {
  return messages.relativeDays(Math.round((due - now) / DAY_MS));
}
