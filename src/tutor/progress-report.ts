import type { Course } from "../retrieval/content/schema.js";
import type { ChartRow } from "./charts/mastery-chart.js";
import { skillName } from "./item-selection.js";
import { isMastered, paramsFor, type ExplanationLevel, type LearnerState } from "./learner-state.js";
import { MASTERY_THRESHOLD } from "./mastery/bkt.js";
import type { MessageKey, Messages } from "./i18n/messages.js";
import { masteryBar } from "./quiz-text.js";
import { describeDue, nextUpcomingReview, type DueReview } from "./reviews/due-reviews.js";
import { recallProbability } from "./reviews/schedule-review.js";
import type { ReviewCard } from "./reviews/review-card.js";
import type { AnswerPitch, Attempt } from "./store/profile-store.js";

export interface ReviewStatus {
  due: readonly DueReview[];
  cards: readonly ReviewCard[];
  now: number;
}

/** Answers per skill shown as ✓/✗ in the progress report. */
export const RECENT_MARKS = 5;

const marks = (attempts: readonly Attempt[]) => attempts.map((a) => (a.correct ? "✓" : "✗")).join("");

/** The student's own view of their profile: every skill, the evidence, reviews due, and what to do next. */
export function renderProgress(
  course: Course,
  state: LearnerState,
  attempts: readonly Attempt[],
  reviews: ReviewStatus,
  nextStep: string | undefined,
  messages: Messages,
): string {
  const { t, percent } = messages;
  const lines = [t("progress.heading", { course: course.manifest.title }), ""];
  const dueSkills = new Set(reviews.due.map((review) => review.skillId));
  for (const skill of course.manifest.skills) {
    const p = state.pKnown.get(skill.id) ?? 0;
    const record = state.records.get(skill.id);
    const recent = attempts.filter((attempt) => attempt.skillId === skill.id).slice(-RECENT_MARKS);
    const evidence =
      record && record.attempts > 0
        ? t(recent.length ? "progress.evidence-recent" : "progress.evidence", {
            right: record.correct,
            total: record.attempts,
            marks: marks(recent),
          })
        : t("progress.not-practised");
    const mark = isMastered(state, skill.id) ? " ✅" : "";
    const override = record?.override ? ` ${t("progress.set-by-teacher", { reason: record.override.reason })}` : "";
    const review = dueSkills.has(skill.id) ? ` 🔁 ${t("progress.review-due")}` : "";
    lines.push(`\`${masteryBar(p)}\` ${percent(p)} ${skill.name}${mark} — ${evidence}${override}${review}`);
  }
  const mastered = course.manifest.skills.filter((skill) => isMastered(state, skill.id)).length;
  lines.push("", t("progress.mastered-count", { mastered, count: course.manifest.skills.length, threshold: percent(MASTERY_THRESHOLD) }));
  if (reviews.due.length > 0) {
    const list = messages.list(
      reviews.due.map((review) =>
        t("progress.due-skill", { skill: skillName(course, review.skillId), when: describeDue(review.due, reviews.now, messages) }),
      ),
    );
    lines.push(t("progress.reviews-due", { skills: list }));
  } else {
    const upcoming = nextUpcomingReview(reviews.cards, reviews.now);
    if (upcoming)
      lines.push(
        t("progress.next-review", { skill: skillName(course, upcoming.skillId), when: describeDue(upcoming.due, reviews.now, messages) }),
      );
  }
  if (reviews.due.length > 0) lines.push(t("progress.next-step-review", { skill: skillName(course, reviews.due[0]!.skillId) }));
  else if (nextStep) lines.push(t("progress.next-step-quiz", { step: nextStep }));
  return lines.join("\n");
}

/** The chart's rows: one bar per skill, in course order. */
export function chartRows(course: Course, state: LearnerState): ChartRow[] {
  return course.manifest.skills.map((skill) => ({
    label: skill.name,
    value: state.pKnown.get(skill.id) ?? 0,
    status: state.records.get(skill.id)?.override ? "override" : isMastered(state, skill.id) ? "mastered" : "learning",
  }));
}

/** "why <skill>": the number explained in plain words. */
export function explainSkill(
  course: Course,
  state: LearnerState,
  skillId: string,
  attempts: readonly Attempt[],
  review: { card?: ReviewCard; now: number },
  messages: Messages,
): string {
  const { t, percent } = messages;
  const name = skillName(course, skillId);
  const p = state.pKnown.get(skillId) ?? 0;
  const fitted = state.params.has(skillId);
  const params = paramsFor(state, skillId);
  const record = state.records.get(skillId);
  const mine = attempts.filter((attempt) => attempt.skillId === skillId);
  const lines = [t("why.heading", { percent: percent(p), skill: name }), ""];
  if (record?.override) {
    lines.push(t("why.override", { percent: percent(record.override.value), reason: record.override.reason }));
  } else if (mine.length === 0) {
    lines.push(t(fitted ? "why.no-answers-fitted" : "why.no-answers", { skill: name }));
  } else {
    const right = mine.filter((attempt) => attempt.correct).length;
    lines.push(t("why.from-answers", { count: mine.length, right, wrong: mine.length - right, marks: marks(mine.slice(-8)) }));
    const rates = { guess: percent(params.guess), slip: percent(params.slip), learn: percent(params.learn), skill: name };
    lines.push(`${t("why.rates", rates)}${fitted ? ` ${t("why.rates-fitted")}` : ""}`);
  }
  lines.push(p >= MASTERY_THRESHOLD ? t("why.mastered") : t("why.not-yet-mastered", { threshold: percent(MASTERY_THRESHOLD) }));
  if (review.card) {
    const recall = recallProbability(review.card, review.now);
    const when = describeDue(review.card.due, review.now, messages);
    lines.push(t(review.card.due <= review.now ? "why.memory-due" : "why.memory-upcoming", { recall: percent(recall), when }));
  }
  const skill = course.manifest.skills.find((s) => s.id === skillId);
  const weak = skill?.prerequisites.filter((id) => !isMastered(state, id)) ?? [];
  if (weak.length)
    lines.push(
      t("why.builds-on", { skills: messages.list(weak.map((id) => `${skillName(course, id)} (${percent(state.pKnown.get(id) ?? 0)})`)) }),
    );
  return lines.join("\n");
}

const LEVEL_NAMES: Record<ExplanationLevel, MessageKey> = {
  novice: "level.novice",
  developing: "level.developing",
  proficient: "level.proficient",
};

/** Which skill the last generated answer was pitched at, and at what level, in plain words. */
export function describePitch(course: Course, pitch: AnswerPitch, messages: Messages): string {
  const question = pitch.question.length > 80 ? `${pitch.question.slice(0, 79)}…` : pitch.question;
  return messages.t("why.pitched-at", {
    question,
    skill: skillName(course, pitch.skillId),
    mastery: messages.percent(pitch.pKnown),
    level: messages.t(LEVEL_NAMES[pitch.level]),
  });
}
