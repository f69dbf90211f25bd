import type { Course } from "../retrieval/content/schema.js";
import { skillName } from "./item-selection.js";
import { isMastered, type LearnerState } from "./learner-state.js";
import { MASTERY_THRESHOLD } from "./mastery/bkt.js";
import { masteryBar, percent } from "./quiz-text.js";
import type { Attempt } from "./store/profile-store.js";

/** The student's own view of their profile: every skill, the evidence, and what to do next. */
export function renderProgress(course: Course, state: LearnerState, attempts: readonly Attempt[], nextStep: string | undefined): string {
  const lines = [`**Your progress in ${course.manifest.title}**`, ""];
  for (const skill of course.manifest.skills) {
    const p = state.pKnown.get(skill.id) ?? 0;
    const record = state.records.get(skill.id);
    const recent = attempts.filter((attempt) => attempt.skillId === skill.id).slice(-5);
    const evidence = record && record.attempts > 0 ? `${record.correct}/${record.attempts} right${recent.length ? `, recent ${recent.map((a) => (a.correct ? "✓" : "✗")).join("")}` : ""}` : "not practised yet";
    const mark = isMastered(state, skill.id) ? " ✅" : "";
    const override = record?.override ? ` (set by your teacher: ${record.override.reason})` : "";
    lines.push(`\`${masteryBar(p)}\` ${percent(p)} ${skill.name}${mark} — ${evidence}${override}`);
  }
  const mastered = course.manifest.skills.filter((skill) => isMastered(state, skill.id)).length;
  lines.push("", `Mastered: ${mastered} of ${course.manifest.skills.length} skills (mastery means ≥ ${percent(MASTERY_THRESHOLD)}).`);
  if (nextStep) lines.push(`**Next step:** ${nextStep} Type \`/quiz\` to start.`);
  return lines.join("\n");
}

/** "why <skill>": the number explained in plain words. */
export function explainSkill(course: Course, state: LearnerState, skillId: string, attempts: readonly Attempt[]): string {
  const name = skillName(course, skillId);
  const p = state.pKnown.get(skillId) ?? 0;
  const params = state.params.get(skillId);
  const record = state.records.get(skillId);
  const mine = attempts.filter((attempt) => attempt.skillId === skillId);
  const lines = [`**Why ${percent(p)} for ${name}?**`, ""];
  if (record?.override) {
    lines.push(`Your teacher set this to ${percent(record.override.value)}: “${record.override.reason}”. Your next answer on this skill updates it again.`);
  } else if (mine.length === 0) {
    lines.push(`You have not answered a question on ${name} yet, so this is the starting estimate for every student${params ? " (fitted from past students' answers)" : ""}.`);
  } else {
    const right = mine.filter((attempt) => attempt.correct).length;
    lines.push(`It comes from your ${mine.length} answer${mine.length > 1 ? "s" : ""} on this skill (${right} right on the first try, without hints).`);
    lines.push(`Each right answer raises the estimate and each wrong one lowers it, allowing for lucky guesses and slips; recent answers: ${mine.slice(-5).map((a) => (a.correct ? "✓" : "✗")).join(" ")}.`);
  }
  lines.push(p >= MASTERY_THRESHOLD ? "That counts as mastered." : `Mastery starts at ${percent(MASTERY_THRESHOLD)}: a few more right answers in a row will get you there.`);
  const skill = course.manifest.skills.find((s) => s.id === skillId);
  const weak = skill?.prerequisites.filter((id) => !isMastered(state, id)) ?? [];
  if (weak.length) lines.push(`It builds on ${weak.map((id) => skillName(course, id)).join(", ")}, which you have not mastered yet.`);
  return lines.join("\n");
}
