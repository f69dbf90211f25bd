import type { Course } from "../../retrieval/content/schema.js";
import { renderMasteryChart } from "../charts/chart-thread.js";
import type { MasteryChartInput } from "../charts/mastery-chart.js";
import { messagesFor, type Messages } from "../i18n/messages.js";
import { buildLearnerState, type LearnerState } from "../learner-state.js";
import type { FlowContext } from "../flow-context.js";
import { resolveSkill, selectNextItem } from "../item-selection.js";
import { MASTERY_THRESHOLD } from "../mastery/bkt.js";
import { chartRows, describePitch, explainSkill, RECENT_MARKS, renderProgress } from "../progress-report.js";
import { describeChoice } from "../quiz-text.js";
import { skillName } from "../item-selection.js";
import { listDueReviews } from "../reviews/due-reviews.js";
import { sanitizeText } from "../sanitize.js";
import type { ReplyEvent } from "../turn.js";
import { answerQuestion } from "./answer-question.js";
import { RECENT_ITEMS } from "./quiz.js";

/** What the progress report shows, read once a turn; the tutor starts it beside the turn's first reads. */
export function startProgressReads(context: FlowContext) {
  const { store } = context.services;
  return context.once("progress", () =>
    Promise.all([
      context.learnerState(),
      // The report shows each skill's last few answers: the store returns only those.
      store.listAttempts({ courseId: context.courseId, studentId: context.studentId, latestPerSkill: RECENT_MARKS }),
      store.getReviewCards(context.courseId, context.studentId),
      store.recentItemIds(context.courseId, context.studentId, RECENT_ITEMS),
    ]),
  );
}

/** The student's own profile, with a chart of mastery per skill: private wherever it is asked for. */
export async function* showProgress(context: FlowContext): AsyncIterable<ReplyEvent> {
  const { clock } = context.services;
  const { messages } = context;
  const [state, attempts, cards, recent] = await startProgressReads(context);
  const now = clock();
  const next = selectNextItem(context.course, state, recent);
  const due = listDueReviews(cards, now);
  const nextStep = next && describeChoice(next, skillName(context.course, next.item.item.skill), messages, "next-step");
  const text = renderProgress(context.course, state, attempts, { due, cards, now }, nextStep, messages);
  const actions = [
    { label: messages.t("button.quiz-me"), command: "/quiz" },
    ...(due.length > 0 ? [{ label: messages.t("button.review"), command: "/review" }] : []),
  ];
  // The chart is drawn (on the chart thread) while the report goes out.
  const chart = renderMasteryChart(masteryChartOf(context.course, state, messages));
  chart.catch(() => undefined);
  yield { type: "message", text, sources: [], actions, audience: "student" };
  let png: Uint8Array;
  try {
    png = await chart;
  } catch (error) {
    // The report above says it all in words; the picture is a bonus.
    context.services.log.warn("tutor: the mastery chart could not be drawn; the progress report went without it", { error });
    return;
  }
  yield {
    type: "file",
    name: "mastery.png",
    mimeType: "image/png",
    data: png,
    caption: messages.t("chart.caption", { threshold: messages.percent(MASTERY_THRESHOLD) }),
    audience: "student",
  };
}

/** The mastery chart of `state`, in the course's words. */
function masteryChartOf(course: Course, state: LearnerState, messages: Messages): MasteryChartInput {
  return {
    title: messages.t("chart.title", { course: course.manifest.title }),
    legend: messages.t("chart.legend", { threshold: messages.percent(MASTERY_THRESHOLD) }),
    rows: chartRows(course, state),
    threshold: MASTERY_THRESHOLD,
    formatPercent: messages.percent,
  };
}

/**
 * For a process that will serve students (src/main.ts): draws each course's chart once, as a student with no
 * records would see it, so that the chart thread is loaded and holds what every student of the course shares (its
 * labels laid out and drawn) before the first `/progress` instead of inside it. Never fails: a chart that cannot be
 * drawn now is tried again when a student asks.
 */
export async function warmUpProgressCharts(courses: readonly Course[]): Promise<void> {
  await Promise.all(
    courses.map((course) =>
      renderMasteryChart(masteryChartOf(course, buildLearnerState(course, [], new Map()), messagesFor(course.manifest.language))).catch(
        () => undefined,
      ),
    ),
  );
}

/**
 * "why <skill>": how the estimate came about; "why" alone: what my last answer was pitched at. A "why"
 * about anything else is a question for the course.
 */
export async function* explainWhy(context: FlowContext, skillText?: string): AsyncIterable<ReplyEvent> {
  const { store, clock } = context.services;
  const pitch = await store.getAnswerPitch(context.courseId, context.studentId, context.conversationId);
  if (skillText === undefined) {
    yield {
      type: "message",
      text: pitch ? describePitch(context.course, pitch, context.messages) : context.messages.t("why.no-pitch-yet"),
      sources: [],
      actions: [],
      audience: "student",
    };
    return;
  }
  const skillId = resolveSkill(context.course, skillText);
  if (!skillId) {
    // The student's own words, not the router's cut ("why is it not a float?" is read as "why <skill>").
    const typed = sanitizeText(context.turn.text).trim();
    yield* answerQuestion(context, typed.startsWith("/") ? `why ${skillText}` : typed);
    return;
  }
  const attempts = await store.listAttempts({ courseId: context.courseId, studentId: context.studentId, skillId });
  const card = (await store.getReviewCards(context.courseId, context.studentId)).find((c) => c.skillId === skillId);
  const explained = explainSkill(context.course, await context.learnerState(), skillId, attempts, { card, now: clock() }, context.messages);
  const text = pitch?.skillId === skillId ? `${explained}\n${describePitch(context.course, pitch, context.messages)}` : explained;
  yield { type: "message", text, sources: [], actions: [], audience: "student" };
}
