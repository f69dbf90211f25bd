import type { Course } from "../retrieval/content/schema.js";
import type { ChartRow } from "./charts/mastery-chart.js";
import { skillName } from "./item-selection.js";
import { isMastered, paramsFor, type LearnerState } from "./learner-state.js";
import { MASTERY_THRESHOLD } from "./mastery/bkt.js";
import { masteryBar, percent } from "./quiz-text.js";
import { describeDue, nextUpcomingReview, type DueReview } from "./reviews/due-reviews.js";
import { recallProbability } from "./reviews/schedule-review.js";
import type { ReviewCard } from "./reviews/review-card.js";
import { PEDAGOGY_PHRASES } from "./pedagogy/phrases.js";
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
export function renderProgress(course: Course, state: LearnerState, attempts: readonly Attempt[], reviews: ReviewStatus, nextStep: string | undefined): string {
  const lines = [`**Your progress in ${course.manifest.title}**`, ""];
  const dueSkills = new Set(reviews.due.map((review) => review.skillId));
  for (const skill of course.manifest.skills) {
    const p = state.pKnown.get(skill.id) ?? 0;
    const record = state.records.get(skill.id);
    const recent = attempts.filter((attempt) => attempt.skillId === skill.id).slice(-RECENT_MARKS);
    const evidence = record && record.attempts > 0 ? `${record.correct}/${record.attempts} right${recent.length ? `, recent ${marks(recent)}` : ""}` : "not practised yet";
    const mark = isMastered(state, skill.id) ? " ✅" : "";
    const override = record?.override ? ` (set by your teacher: ${record.override.reason})` : "";
    const review = dueSkills.has(skill.id) ? " 🔁 review due" : "";
    lines.push(`\`${masteryBar(p)}\` ${percent(p)} ${skill.name}${mark} — ${evidence}${override}${review}`);
  }
  const mastered = course.manifest.skills.filter((skill) => isMastered(state, skill.id)).length;
  lines.push("", `Mastered: ${mastered} of ${course.manifest.skills.length} skills (mastery means ≥ ${percent(MASTERY_THRESHOLD)}).`);
  if (reviews.due.length > 0) {
    const list = reviews.due.map((review) => `${skillName(course, review.skillId)} (due ${describeDue(review.due, reviews.now)})`).join(", ");
    lines.push(`**Reviews due:** ${list}. Type \`/review\` to refresh the most overdue one.`);
  } else {
    const upcoming = nextUpcomingReview(reviews.cards, reviews.now);
    if (upcoming) lines.push(`No reviews due; the next one is ${skillName(course, upcoming.skillId)}, ${describeDue(upcoming.due, reviews.now)}.`);
  }
  if (reviews.due.length > 0) lines.push(`**Next step:** review ${skillName(course, reviews.due[0]!.skillId)} before it fades — \`/review\`.`);
  // The selection's reason starts "Next up:" for the quiz itself; under this heading that would say it twice.
  else if (nextStep) lines.push(`**Next step:** ${nextStep.replace(/^Next up: /, "")} Type \`/quiz\` to start.`);
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
export function explainSkill(course: Course, state: LearnerState, skillId: string, attempts: readonly Attempt[], review: { card?: ReviewCard; now: number }): string {
  const name = skillName(course, skillId);
  const p = state.pKnown.get(skillId) ?? 0;
  const fitted = state.params.has(skillId);
  const params = paramsFor(state, skillId);
  const record = state.records.get(skillId);
  const mine = attempts.filter((attempt) => attempt.skillId === skillId);
  const lines = [`**Why ${percent(p)} for ${name}?**`, ""];
  if (record?.override) {
    lines.push(`Your teacher set this to ${percent(record.override.value)}: “${record.override.reason}”. Your next answer on this skill updates it again.`);
  } else if (mine.length === 0) {
    lines.push(`You have not answered a question on ${name} yet, so this is the starting estimate for every student${fitted ? ", learned from past students' answers" : ""}.`);
  } else {
    const right = mine.filter((attempt) => attempt.correct).length;
    lines.push(`It comes from your ${mine.length} answer${mine.length > 1 ? "s" : ""} on this skill: ${right} right on the first try without hints, ${mine.length - right} not. Recent answers, oldest first: ${marks(mine.slice(-8))}.`);
    lines.push(
      `Each right answer raises the estimate and each miss lowers it, but not all the way: about ${percent(params.guess)} of students who don't know ${name} still guess right, and about ${percent(params.slip)} of those who know it slip. Practice itself also helps: each question gives about a ${percent(params.learn)} chance of learning it${fitted ? " (these rates are fitted from this course's answers)" : ""}.`,
    );
  }
  lines.push(p >= MASTERY_THRESHOLD ? "That counts as mastered." : `Mastery is reached at ${percent(MASTERY_THRESHOLD)}: a few more right answers in a row will get you there.`);
  if (review.card) {
    const recall = recallProbability(review.card, review.now);
    const when = review.card.due <= review.now ? `a review is due (${describeDue(review.card.due, review.now)}): \`/review\`` : `the next review is ${describeDue(review.card.due, review.now)}`;
    lines.push(`Memory fades without practice: I estimate a ${percent(recall)} chance you still remember it today, and ${when}.`);
  }
  const skill = course.manifest.skills.find((s) => s.id === skillId);
  const weak = skill?.prerequisites.filter((id) => !isMastered(state, id)) ?? [];
  if (weak.length) lines.push(`It builds on ${weak.map((id) => `${skillName(course, id)} (${percent(state.pKnown.get(id) ?? 0)})`).join(", ")}, which you have not mastered yet.`);
  return lines.join("\n");
}

/** Which skill the last generated answer was pitched at, and at what level, in plain words. */
export function describePitch(course: Course, pitch: AnswerPitch): string {
  const question = pitch.question.length > 80 ? `${pitch.question.slice(0, 79)}…` : pitch.question;
  return PEDAGOGY_PHRASES.pitchedAt(question, skillName(course, pitch.skillId), percent(pitch.pKnown), PEDAGOGY_PHRASES.levelNames[pitch.level]);
}
