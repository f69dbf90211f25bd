import { pseudonym } from "../../logger.js";
import type { FlowContext } from "../flow-context.js";
import type { LeakRecord } from "../leak-guard/leak-log.js";
import type { GradeDisputeRecord } from "../rubric-grading.js";
import { resolveSkill, skillName } from "../item-selection.js";
import { summarizeClass, STUCK_MIN_ATTEMPTS, type ClassSummary } from "../mastery/class-summary.js";
import { parseOverride } from "../mastery/parse-override.js";
import { percent } from "../quiz-text.js";
import type { ReplyEvent } from "../turn.js";
import { classScopeOf, isTeacher, refuseNonTeacher } from "./teacher-only.js";

const LIST_LIMIT = 8;

/** `/class`: where the class struggles, who is stuck, and the wrong answers given most often. Private to the teacher. */
export async function* showClassView(context: FlowContext): AsyncIterable<ReplyEvent> {
  if (!isTeacher(context)) return yield* refuseNonTeacher(context);
  const scope = classScopeOf(context);
  if (scope === undefined) return yield askForClassPlace("/class");
  const { store } = context.services;
  const members = new Set(store.listClassMembers(context.courseId, scope));
  const ofClass = <T extends { studentId: string }>(records: readonly T[]) => records.filter((record) => members.has(record.studentId));
  const summary = summarizeClass(ofClass(store.listCourseMastery(context.courseId)), ofClass(store.listAttempts({ courseId: context.courseId })));
  const leaks = ofClass(context.services.leakLog.list({ courseId: context.courseId }));
  const disputes = ofClass(context.services.gradeDisputes.list({ courseId: context.courseId }));
  yield { type: "message", text: `${renderClassView(context, summary)}${renderLeaks(leaks)}${renderDisputes(disputes)}`, sources: [], actions: [], audience: "student" };
}

function askForClassPlace(command: string): ReplyEvent {
  return { type: "notice", text: `A direct message belongs to no class: use \`${command}\` in your class's server, workspace or channel.`, audience: "student" };
}

/** Short answers the model marked correct without evidence the checks could confirm, and answers that tried to instruct the grader. */
function renderDisputes(disputes: readonly GradeDisputeRecord[]): string {
  if (disputes.length === 0) return "";
  const lines = disputes
    .slice(-LIST_LIMIT)
    .reverse()
    .map((dispute) => `• \`${dispute.studentId}\` on \`${dispute.itemId}\`: ${dispute.detail} (${stamp(dispute.at)})`);
  return `\n\n**Grades the checks overruled** (${disputes.length} since the tutor started; each was graded not correct):\n${lines.join("\n")}`;
}

function stamp(at: number): string {
  return new Date(at).toISOString().slice(0, 16).replace("T", " ");
}

/** Replies the leak guard stopped: which student tried, on which item, and how (never the leaked text). */
function renderLeaks(leaks: readonly LeakRecord[]): string {
  if (leaks.length === 0) return "";
  const recent = leaks.slice(-LIST_LIMIT).reverse();
  const lines = recent.map((leak) => `• \`${leak.studentId}\`${leak.itemId ? ` on \`${leak.itemId}\`` : ""}: ${leak.detail} (${leak.where}, ${stamp(leak.at)})`);
  return `\n\n**Answer leaks stopped** (${leaks.length} since the tutor started; a hint was given instead):\n${lines.join("\n")}`;
}

function renderClassView(context: FlowContext, summary: ClassSummary): string {
  const { course } = context;
  const lines = [`**Class view — ${course.manifest.title}** (${summary.students} student${summary.students === 1 ? "" : "s"})`];
  if (summary.students === 0) return [...lines, "", "No student has answered a question in this course yet."].join("\n");
  lines.push("", "**Where the class struggles** (lowest mean mastery first):");
  for (const s of summary.struggles.slice(0, LIST_LIMIT)) {
    lines.push(`• ${skillName(course, s.skillId)}: mean ${percent(s.meanPKnown)}, ${percent(s.masteredShare)} mastered, ${percent(s.missRate)} of first answers wrong (${s.students} student${s.students === 1 ? "" : "s"})`);
  }
  lines.push("", `**Stuck students** (≥ ${STUCK_MIN_ATTEMPTS} answers on a skill, not mastered, at most 1 of the last 5 right):`);
  if (summary.stuck.length === 0) lines.push("• Nobody is stuck.");
  for (const s of summary.stuck.slice(0, LIST_LIMIT)) {
    lines.push(`• \`${s.studentId}\` on ${skillName(course, s.skillId)}: ${s.attempts} answers, ${s.recentRight}/5 right lately, mastery ${percent(s.pKnown)}`);
  }
  lines.push("", "**Most common wrong answers:**");
  if (summary.wrongAnswers.length === 0) lines.push("• No wrong answer was given twice yet.");
  for (const w of summary.wrongAnswers.slice(0, LIST_LIMIT)) {
    lines.push(`• \`${w.itemId}\`: “${w.answer}” — ${w.count} of ${w.wrong} wrong answers`);
  }
  lines.push("", "To set a student's mastery: `/override <student-id> <skill> <percent> <reason>`.");
  return lines.join("\n");
}

/** `/override <student> <skill> <percent> <reason>`: a teacher sets a student's mastery; logged, stored and shown to the student as the teacher's. */
export async function* overrideMastery(context: FlowContext, argument: string): AsyncIterable<ReplyEvent> {
  if (!isTeacher(context)) return yield* refuseNonTeacher(context);
  const scope = classScopeOf(context);
  if (scope === undefined) return yield askForClassPlace("/override");
  const parsed = parseOverride(argument);
  if (!parsed.ok) {
    yield { type: "notice", text: parsed.error, audience: "student" };
    return;
  }
  const { request } = parsed;
  const { store, log } = context.services;
  const skillId = resolveSkill(context.course, request.skill);
  if (!skillId) {
    const names = context.course.manifest.skills.map((skill) => `\`${skill.id}\``).join(", ");
    yield { type: "notice", text: `This course has no skill “${request.skill}”. Its skills are: ${names}.`, audience: "student" };
    return;
  }
  const studentId = findStudent(context, scope, request.student);
  if (!studentId) {
    yield { type: "notice", text: `No student “${request.student}” has used ${context.course.manifest.title} in this class yet. Use the id shown in \`/class\`, e.g. \`discord:user:123\`.`, audience: "student" };
    return;
  }
  const before = store.getMastery(context.courseId, studentId).find((m) => m.skillId === skillId);
  store.setOverride(context.courseId, studentId, skillId, request.value, request.reason, context.studentId);
  log.info("teacher override of mastery", { course: context.courseId, student: pseudonym(studentId), skill: skillId, value: request.value, previous: before?.override?.value ?? before?.pKnown ?? null, reason: request.reason, by: pseudonym(context.studentId) });
  const previous = before ? ` (was ${percent(before.override?.value ?? before.pKnown)})` : "";
  yield { type: "notice", text: `Set ${skillName(context.course, skillId)} for \`${studentId}\` to ${percent(request.value)}${previous}. Reason: “${request.reason}”. The student sees it as set by a teacher until their next answer on this skill.`, audience: "student" };
}

/**
 * The student's id as typed, or a bare platform id / mention (`123`, `<@123>`) qualified the way adapters
 * qualify ids; only a member of the teacher's class is found.
 */
function findStudent(context: FlowContext, scope: string, typed: string): string | undefined {
  const members = new Set(context.services.store.listClassMembers(context.courseId, scope));
  const bare = typed.replace(/^<@!?(.+)>$/, "$1");
  return [typed, bare, `${context.turn.platform}:user:${bare}`].find((id) => members.has(id));
}
