import { pseudonym } from "../../logger.js";
import type { FlowContext } from "../flow-context.js";
import type { LeakRecord } from "../leak-guard/leak-log.js";
import type { GradeDisputeRecord } from "../rubric-grading.js";
import { resolveSkill, skillName } from "../item-selection.js";
import { summarizeClass, STUCK_MIN_ATTEMPTS, type ClassSummary } from "../mastery/class-summary.js";
import { parseOverride } from "../mastery/parse-override.js";
import type { Messages } from "../i18n/messages.js";
import type { ReplyEvent } from "../turn.js";
import { classScopeOf, isTeacher, refuseNonTeacher } from "./teacher-only.js";

const LIST_LIMIT = 8;

/** `/class`: where the class struggles, who is stuck, and the wrong answers given most often. Private to the teacher. */
export async function* showClassView(context: FlowContext): AsyncIterable<ReplyEvent> {
  if (!isTeacher(context)) return yield* refuseNonTeacher(context);
  const scope = classScopeOf(context);
  if (scope === undefined) return yield askForClassPlace("/class", context.messages);
  const { store } = context.services;
  const members = new Set(await store.listClassMembers(context.courseId, scope));
  const ofClass = <T extends { studentId: string }>(records: readonly T[]) => records.filter((record) => members.has(record.studentId));
  const summary = summarizeClass(await store.classRecords(context.courseId, scope));
  const leaks = ofClass(context.services.leakLog.list({ courseId: context.courseId }));
  const disputes = ofClass(context.services.gradeDisputes.list({ courseId: context.courseId }));
  yield {
    type: "message",
    text: `${renderClassView(context, summary)}${renderLeaks(leaks, context.messages)}${renderDisputes(disputes, context.messages)}`,
    sources: [],
    actions: [],
    audience: "student",
  };
}

function askForClassPlace(command: string, messages: Messages): ReplyEvent {
  return {
    type: "notice",
    text: messages.t("class.dm-has-no-class", { command }),
    audience: "student",
  };
}

/** Short answers the model marked correct without evidence the checks could confirm, and answers that tried to instruct the grader. */
function renderDisputes(disputes: readonly GradeDisputeRecord[], messages: Messages): string {
  if (disputes.length === 0) return "";
  const lines = disputes
    .slice(-LIST_LIMIT)
    .reverse()
    .map(
      (dispute) =>
        `• \`${dispute.studentId}\`${messages.t("class.leak-item", { item: dispute.itemId })}: ${dispute.detail} (${messages.dateTime(dispute.at)})`,
    );
  return `\n\n${messages.t("class.disputes-heading", { count: disputes.length })}\n${lines.join("\n")}`;
}

/** Replies the leak guard stopped: which student tried, on which item, and how (never the leaked text). */
function renderLeaks(leaks: readonly LeakRecord[], messages: Messages): string {
  if (leaks.length === 0) return "";
  const recent = leaks.slice(-LIST_LIMIT).reverse();
  const lines = recent.map((leak) => {
    const item = leak.itemId ? messages.t("class.leak-item", { item: leak.itemId }) : "";
    return `• \`${leak.studentId}\`${item}: ${leak.detail} (${leak.where}, ${messages.dateTime(leak.at)})`;
  });
  return `\n\n${messages.t("class.leaks-heading", { count: leaks.length })}\n${lines.join("\n")}`;
}

function renderClassView(context: FlowContext, summary: ClassSummary): string {
  const { course, messages } = context;
  const { t, percent } = messages;
  const lines = [t("class.heading", { course: course.manifest.title, count: summary.students })];
  if (summary.students === 0) return [...lines, "", t("class.no-answers")].join("\n");
  lines.push("", t("class.struggles-heading"));
  for (const s of summary.struggles.slice(0, LIST_LIMIT)) {
    lines.push(
      `• ${t("class.struggle", { skill: skillName(course, s.skillId), mean: percent(s.meanPKnown), mastered: percent(s.masteredShare), missed: percent(s.missRate), count: s.students })}`,
    );
  }
  lines.push("", t("class.stuck-heading", { min: STUCK_MIN_ATTEMPTS }));
  if (summary.stuck.length === 0) lines.push(`• ${t("class.nobody-stuck")}`);
  for (const s of summary.stuck.slice(0, LIST_LIMIT)) {
    lines.push(
      `• ${t("class.stuck", { student: s.studentId, skill: skillName(course, s.skillId), attempts: s.attempts, right: s.recentRight, mastery: percent(s.pKnown) })}`,
    );
  }
  lines.push("", t("class.wrong-answers-heading"));
  if (summary.wrongAnswers.length === 0) lines.push(`• ${t("class.no-repeated-wrong")}`);
  for (const w of summary.wrongAnswers.slice(0, LIST_LIMIT)) {
    lines.push(`• ${t("class.wrong-answer", { item: w.itemId, answer: w.answer, count: w.count, wrong: w.wrong })}`);
  }
  lines.push("", t("class.override-usage"));
  return lines.join("\n");
}

/** `/override <student> <skill> <percent> <reason>`: a teacher sets a student's mastery; logged, stored and shown to the student as the teacher's. */
export async function* overrideMastery(context: FlowContext, argument: string): AsyncIterable<ReplyEvent> {
  if (!isTeacher(context)) return yield* refuseNonTeacher(context);
  const { t, percent, list } = context.messages;
  const scope = classScopeOf(context);
  if (scope === undefined) return yield askForClassPlace("/override", context.messages);
  const parsed = parseOverride(argument);
  if (!parsed.ok) {
    const problem =
      parsed.problem === "not-a-percentage" ? t("override.not-a-percentage", { amount: parsed.amount }) : t(`override.${parsed.problem}`);
    yield { type: "notice", text: `${problem} ${t("override.usage")}`, audience: "student" };
    return;
  }
  const { request } = parsed;
  const { store, log } = context.services;
  const skillId = resolveSkill(context.course, request.skill);
  if (!skillId) {
    const names = list(context.course.manifest.skills.map((skill) => `\`${skill.id}\``));
    yield { type: "notice", text: t("override.unknown-skill", { skill: request.skill, skills: names }), audience: "student" };
    return;
  }
  const studentId = await findStudent(context, scope, request.student);
  if (!studentId) {
    yield {
      type: "notice",
      text: t("override.unknown-student", { student: request.student, course: context.course.manifest.title }),
      audience: "student",
    };
    return;
  }
  const before = (await store.getMastery(context.courseId, studentId)).find((m) => m.skillId === skillId);
  await store.setOverride(context.courseId, studentId, skillId, request.value, request.reason, context.studentId);
  log.info("teacher override of mastery", {
    course: context.courseId,
    student: pseudonym(studentId),
    skill: skillId,
    value: request.value,
    previous: before?.override?.value ?? before?.pKnown ?? null,
    reason: request.reason,
    by: pseudonym(context.studentId),
  });
  const values = { skill: skillName(context.course, skillId), student: studentId, value: percent(request.value), reason: request.reason };
  const text = before
    ? t("override.set-was", { ...values, previous: percent(before.override?.value ?? before.pKnown) })
    : t("override.set", values);
  yield { type: "notice", text, audience: "student" };
}

/**
 * The student's id as typed, or a bare platform id / mention (`123`, `<@123>`) qualified the way adapters
 * qualify ids; only a member of the teacher's class is found.
 */
async function findStudent(context: FlowContext, scope: string, typed: string): Promise<string | undefined> {
  const members = new Set(await context.services.store.listClassMembers(context.courseId, scope));
  const bare = typed.replace(/^<@!?(.+)>$/, "$1");
  return [typed, bare, `${context.turn.platform}:user:${bare}`].find((id) => members.has(id));
}
