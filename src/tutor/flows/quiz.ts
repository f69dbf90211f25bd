import { isLlmUnavailable } from "../../errors.js";
import { pseudonym } from "../../logger.js";
import { choiceLetter, type QuizItem, type ShortAnswerItem } from "../../retrieval/content/schema.js";
import { tokenizerFor } from "../../retrieval/text-terms.js";
import { hintsAsked, withoutGiveUpOffer, type FlowContext } from "../flow-context.js";
import { attemptValue } from "../pending-intent.js";
import { gradeByOverlap, gradeExactly, type Grade } from "../grading.js";
import { gradeWithRubric, screenAnswer, type RubricGrade } from "../rubric-grading.js";
import { resolveSkill, selectNextItem, skillName } from "../item-selection.js";
import { paramsFor, weakestPrerequisite } from "../learner-state.js";
import { MASTERY_THRESHOLD } from "../mastery/bkt.js";
import { describeChoice, renderQuestion, renderSolution } from "../quiz-text.js";
import { listDueReviews } from "../reviews/due-reviews.js";
import { GAVE_UP_ANSWER } from "../store/profile-store.js";
import type { Action, ReplyEvent } from "../turn.js";
import { guardFeedback } from "../leak-guard/guard-turn.js";
import { waitForModelSlot } from "./model-slot.js";

/** Items answered this recently are not asked again yet. */
export const RECENT_ITEMS = 10;

const nextActions = ({ messages }: FlowContext): Action[] => [
  { label: messages.t("button.next-question"), command: "/quiz", style: "primary" },
  { label: messages.t("button.my-progress"), command: "/progress", style: "secondary" },
];

/** What choosing the next item reads, once a turn; the tutor starts it beside the turn's first reads. */
export function startQuizReads(context: FlowContext, requestedSkill?: string) {
  const { store } = context.services;
  return context.once(`quiz:${requestedSkill ?? ""}`, () =>
    Promise.all([
      store.recentItemIds(context.courseId, context.studentId, RECENT_ITEMS),
      context.learnerState(),
      // Reviews stay the student's choice: a plain /quiz keeps teaching new material and says what is due.
      requestedSkill ? [] : store.getReviewCards(context.courseId, context.studentId),
    ]),
  );
}

/** "quiz me [on skill]": the item where learning is most likely, which becomes the pending item. */
export async function* askQuizItem(context: FlowContext, requestedSkill?: string): AsyncIterable<ReplyEvent> {
  const { messages } = context;
  let skillId: string | undefined;
  if (requestedSkill) {
    skillId = resolveSkill(context.course, requestedSkill);
    if (!skillId) {
      const names = messages.list(context.course.manifest.skills.map((skill) => `\`${skill.id}\``));
      yield { type: "notice", text: messages.t("quiz.unknown-skill", { skill: requestedSkill, skills: names }), audience: "conversation" };
      return;
    }
  }
  const [recent, state, cards] = await startQuizReads(context, requestedSkill);
  const choice = selectNextItem(context.course, state, recent, skillId);
  if (!choice) {
    yield { type: "notice", text: messages.t("quiz.no-items"), audience: "conversation" };
    return;
  }
  const { item } = choice.item;
  await context.setActiveItem({ itemId: item.id, hints: [], wrongAttempts: 0, wrongAnswers: [] });
  const name = skillName(context.course, item.skill);
  const question = renderQuestion(item, name, messages);
  const due = listDueReviews(cards, context.services.clock()).length;
  const actions =
    due > 0
      ? [...question.actions, { label: messages.t("button.review-due", { count: due }), command: "/review", style: "secondary" as const }]
      : question.actions;
  yield {
    type: "message",
    text: `_${describeChoice(choice, name, messages)}_\n\n${question.text}`,
    sources: [],
    actions,
    audience: "conversation",
  };
}

/** Grades an answer to the pending item, updates mastery on the first try, and never reveals the answer on a miss. */
export async function* gradeAnswer(context: FlowContext, typed: string): AsyncIterable<ReplyEvent> {
  const { messages } = context;
  const active = await context.activeItem();
  if (!active) {
    yield { type: "notice", text: messages.t("quiz.nothing-to-answer"), audience: "conversation" };
    return;
  }
  const { item } = active.doc;
  // "I think it's B" is graded, and kept, as "B"; a short answer as written.
  const answer = attemptValue(typed, item.type, context.course.manifest.language);
  const grade = item.type === "short_answer" ? yield* gradeShortAnswer(context, answer, item) : gradeExactly(answer, item);
  if (!grade) {
    const text =
      item.type === "multiple_choice"
        ? messages.t("quiz.answer-with-letter", { last: choiceLetter(item.choices.length - 1) })
        : messages.t("quiz.answer-with-number");
    yield { type: "notice", text, audience: "conversation" };
    return;
  }
  const state = await context.learnerState();
  let before = state.pKnown.get(item.skill) ?? 0;
  let after = before;
  const firstTry = active.wrongAttempts === 0;
  // A right answer ends the item; a wrong one keeps it, with the answer, for the next try.
  const pendingAfter = grade.correct
    ? undefined
    : {
        itemId: item.id,
        hints: active.hints,
        wrongAttempts: active.wrongAttempts + 1,
        wrongAnswers: [...active.wrongAnswers, answer.trim()],
      };
  if (firstTry) {
    // Only the first try is evidence of knowledge; a hint asked for before it counts as not knowing (as in
    // ASSISTments). A hint the leak guard showed in place of a stopped reply was not asked for: it does not count.
    const asked = hintsAsked(active);
    const evidence = grade.correct && asked === 0;
    ({ pKnownBefore: before, pKnownAfter: after } = await context.recordGradedAnswer(
      { skillId: item.skill, itemId: item.id, correct: evidence, answer, hintsUsed: asked },
      paramsFor(state, item.skill),
      pendingAfter,
    ));
  } else await context.setActiveItem(pendingAfter);
  const name = skillName(context.course, item.skill);
  const masteryLine = firstTry
    ? messages.t("quiz.mastery-change", { skill: name, before: messages.percent(before), after: messages.percent(after) })
    : messages.t("quiz.mastery-stays", { skill: name, before: messages.percent(before) });
  const approximate = grade.fallback
    ? ` ${messages.t("grade.approximate-note", { reason: messages.t(`grade.fallback.${grade.fallback}`) })}`
    : "";
  const feedback = `${describeGrade(grade, answer, messages)}${approximate}`;
  if (grade.correct) {
    const reflect = invitesReflection(item, after);
    const result = `✅ ${feedback}\n\n${item.explanation.trim()}${reflect ? `\n\n${messages.t("pedagogy.reflect")}` : ""}`;
    // The conversation remembers the question, so that a reply to "why does that work?" is understood.
    if (reflect) await rememberReflection(context, item, answer);
    yield* withPrivateMastery(context, result, masteryLine, nextActions(context));
    return;
  }
  const lines = [messages.t("grade.not-quite", { feedback })];
  const actions: Action[] = [
    { label: messages.t("button.hint"), command: "/hint" },
    { label: messages.t("button.give-up"), command: "/giveup", style: "secondary" },
  ];
  const weak =
    after < 0.5
      ? weakestPrerequisite(context.course, { ...state, pKnown: new Map(state.pKnown).set(item.skill, after) }, item.skill)
      : undefined;
  if (weak) {
    const weakName = skillName(context.course, weak);
    lines.push("", messages.t("quiz.builds-on", { skill: weakName, id: weak }));
    actions.push({ label: messages.t("button.practise", { skill: weakName }), command: `/quiz ${weak}` });
  }
  lines.push("", messages.t("quiz.try-again"));
  yield* withPrivateMastery(context, lines.join("\n"), masteryLine, actions);
}

/**
 * A right answer is followed by "why does that work?" while the skill is still being learned, on items
 * answered by picking or computing (a short answer is already an explanation in the student's words).
 * A skill already mastered is not slowed down with it.
 */
function invitesReflection(item: QuizItem, pKnownAfter: number): boolean {
  return item.type !== "short_answer" && pKnownAfter < MASTERY_THRESHOLD;
}

async function rememberReflection(context: FlowContext, item: QuizItem, answer: string): Promise<void> {
  const { store, clock, memoryMessages } = context.services;
  const { t } = context.messages;
  const content = t("pedagogy.reflection-memory", {
    prompt: item.prompt.trim(),
    answer: answer.trim(),
    solution: renderSolution(item),
    reflect: t("pedagogy.reflect"),
  });
  await store.appendMemory(
    context.courseId,
    context.studentId,
    context.conversationId,
    { role: "assistant", content, at: clock() },
    memoryMessages,
  );
}

/**
 * Answers that cannot be right are graded at once; others by the model against the rubric when it can
 * (waiting in line like any request), by key words otherwise. A grade the checks overruled is logged
 * for the teacher.
 */
async function* gradeShortAnswer(context: FlowContext, answer: string, item: ShortAnswerItem): AsyncGenerator<ReplyEvent, Grade> {
  const grade = yield* rubricGrade(context, answer, item);
  if (grade.dispute) {
    const { log, clock, gradeDisputes } = context.services;
    const record = { at: clock(), courseId: context.courseId, studentId: context.studentId, itemId: item.id, ...grade.dispute };
    log.warn("tutor: a short answer's grade was overruled by the checks", {
      course: record.courseId,
      student: pseudonym(record.studentId),
      item: record.itemId,
      kind: record.kind,
      detail: record.detail,
    });
    gradeDisputes.record(record);
  }
  return grade;
}

async function* rubricGrade(context: FlowContext, answer: string, item: ShortAnswerItem): AsyncGenerator<ReplyEvent, RubricGrade> {
  // Short answers are compared by the course language's words, as its lessons are searched.
  const tokenizer = tokenizerFor(context.course.manifest.language);
  const screened = screenAnswer(answer, item, tokenizer);
  if (screened) return screened;
  const { model, modelStatus, log } = context.services;
  if ((await modelStatus.current()).status === "ready") {
    const release = yield* waitForModelSlot(context);
    try {
      const grade = await guardFeedback(
        context,
        await gradeWithRubric(answer, item, model, tokenizer, { language: context.course.manifest.language }),
      );
      if (grade.fallback)
        log.warn("tutor: the model's rubric verdict was unusable; graded by key words", { item: item.id, reason: grade.fallback });
      return grade;
    } catch (error) {
      if (!isLlmUnavailable(error)) throw error;
      modelStatus.noteFailure(error);
      log.warn("tutor: rubric grading failed; grading by key words", { item: item.id, error });
    } finally {
      release();
    }
  }
  return { ...gradeByOverlap(answer, item, tokenizer), fallback: "model-unavailable" };
}

/** The next rung of the pending item's hint ladder. */
export async function* giveHint(context: FlowContext): AsyncIterable<ReplyEvent> {
  const { messages } = context;
  const active = await context.activeItem();
  if (!active) {
    yield { type: "notice", text: messages.t("hint.no-question"), audience: "conversation" };
    return;
  }
  const hint = await context.takeNextHint(active, "asked");
  if (!hint) {
    yield { type: "notice", text: messages.t("hint.last-given"), audience: "conversation" };
    return;
  }
  const more: Action[] =
    hint.shown < hint.total ? [{ label: messages.t("button.another-hint"), command: "/hint", style: "secondary" }] : [];
  yield { type: "message", text: hint.text, sources: [], actions: more, audience: "conversation" };
}

/**
 * Giving up in plain words ("I give up", "what is the answer?") may be said in passing: the tutor asks
 * first, and shows the answer on "yes" or `/giveup`; anything else keeps the question open.
 */
export async function* offerToGiveUp(context: FlowContext): AsyncIterable<ReplyEvent> {
  const { messages } = context;
  const active = await context.activeItem();
  if (!active) {
    yield { type: "notice", text: messages.t("quiz.nothing-to-give-up"), audience: "conversation" };
    return;
  }
  await context.setActiveItem({ ...withoutGiveUpOffer(active), giveUpOffered: true });
  const text = [messages.t("quiz.confirm-give-up"), active.wrongAttempts === 0 ? messages.t("quiz.give-up-counts-as-miss") : ""]
    .filter(Boolean)
    .join(" ");
  const actions: Action[] = [
    { label: messages.t("button.show-answer"), command: "/giveup", style: "secondary" },
    { label: messages.t("button.hint"), command: "/hint" },
  ];
  yield { type: "message", text, sources: [], actions, audience: "conversation" };
}

/** Thanks or small talk while a question waits (the router reads it so only then): it stays open, nothing is graded. */
export async function* keepItemOpen(context: FlowContext): AsyncIterable<ReplyEvent> {
  yield { type: "notice", text: context.messages.t("quiz.still-open"), audience: "conversation" };
}

/** The student chose to see the answer: it counts as a miss if they had not tried yet. */
export async function* giveUp(context: FlowContext): AsyncIterable<ReplyEvent> {
  const { messages } = context;
  const active = await context.activeItem();
  if (!active) {
    yield { type: "notice", text: messages.t("quiz.nothing-to-give-up"), audience: "conversation" };
    return;
  }
  const { item } = active.doc;
  let masteryLine = "";
  if (active.wrongAttempts === 0) {
    const state = await context.learnerState();
    const { pKnownBefore: before, pKnownAfter: after } = await context.recordGradedAnswer(
      { skillId: item.skill, itemId: item.id, correct: false, answer: GAVE_UP_ANSWER, hintsUsed: hintsAsked(active) },
      paramsFor(state, item.skill),
      undefined,
    );
    masteryLine = messages.t("quiz.mastery-change", {
      skill: skillName(context.course, item.skill),
      before: messages.percent(before),
      after: messages.percent(after),
    });
  } else await context.setActiveItem(undefined);
  const solution = renderSolution(item);
  // A lesson's solution is often code over several lines, which bold would break.
  const answer = messages.t(solution.includes("\n") ? "quiz.the-answer-block" : "quiz.the-answer", { answer: solution });
  yield* withPrivateMastery(context, `${answer}\n\n${item.explanation.trim()}`, masteryLine, nextActions(context));
}

/**
 * The graded result with the mastery change: together in a private place; in a channel or thread the
 * result stays public and the mastery line goes to the student alone.
 */
async function* withPrivateMastery(
  context: FlowContext,
  result: string,
  masteryLine: string,
  actions: Action[],
): AsyncIterable<ReplyEvent> {
  if (context.turn.visibility === "private" || !masteryLine) {
    yield { type: "message", text: masteryLine ? `${result}\n\n${masteryLine}` : result, sources: [], actions, audience: "conversation" };
    return;
  }
  yield { type: "message", text: result, sources: [], actions, audience: "conversation" };
  yield { type: "notice", text: masteryLine, audience: "student" };
}

/** The grader's verdict in words: the model's own feedback for a rubric grade, the catalog's otherwise. */
function describeGrade(grade: Grade, answer: string, messages: FlowContext["messages"]): string {
  if (grade.feedback) return grade.feedback;
  if (grade.screened) return messages.t(`grade.screened.${grade.screened}`);
  if (grade.method === "approximate") return messages.t(grade.correct ? "grade.key-points-met" : "grade.key-points-missed");
  return grade.correct ? messages.t("grade.correct") : messages.t("grade.not-right", { answer: answer.trim() });
}
