import { isLlmUnavailable } from "../../errors.js";
import { fitMemory } from "../memory-budget.js";
import { formatCitation, type ScoredPassage } from "../../retrieval/passage.js";
import type { FlowContext } from "../flow-context.js";
import type { Messages } from "../i18n/messages.js";
import { explanationLevel } from "../learner-state.js";
import { describeOutage } from "../model-status.js";
import { prepareWhileQueued } from "./model-slot.js";
import type { ChatMessage, ModelHealth } from "../llm/chat-model.js";
import { buildTutorPrompt } from "../prompt.js";
import { describePendingItem } from "../pedagogy/item-state.js";
import { classifyQuestion, findQuestionSkill } from "../pedagogy/read-question.js";
import type { AnswerPitch } from "../store/profile-store.js";
import { guardTurn, type TurnGuard } from "../leak-guard/guard-turn.js";
import { StreamGate } from "../leak-guard/stream-gate.js";
import type { Citation, ReplyEvent } from "../turn.js";

/**
 * A question about the course: retrieve, then stream a grounded answer at the student's level. Every
 * piece passes the leak guard before the student sees it; a leak stops the model and ends with a hint.
 */
export async function* answerQuestion(context: FlowContext, question: string): AsyncIterable<ReplyEvent> {
  const { store, model, modelStatus, log, clock, memoryMessages, maxReplyChars } = context.services;
  const known = modelStatus.known();
  if (known && known.status !== "ready") {
    yield* answerFromPassages(context, question, known);
    return;
  }
  // A health check that has to ask the server runs while the student takes a place in line.
  const checking = known ? Promise.resolve(known) : modelStatus.current();
  checking.catch(() => undefined);
  const { value: prepared, release } = yield* prepareWhileQueued(context, () => prepareAnswer(context, question));
  const { found, guard, messages, pitch } = prepared;
  let health: ModelHealth;
  try {
    health = await checking;
  } catch (error) {
    release();
    throw error;
  }
  if (health.status !== "ready") {
    release();
    yield* answerFromPassages(context, question, health, found);
    return;
  }
  let answer = "";
  const gate = new StreamGate(guard.streamCheck());
  const stop = new AbortController();
  let stopped: string | undefined;
  let tooLong = false;
  try {
    yield { type: "typing" };
    for await (const chunk of model.stream(messages, { signal: stop.signal })) {
      const piece = chunk.slice(0, maxReplyChars - answer.length);
      tooLong = piece.length < chunk.length;
      answer += piece;
      const step = gate.push(piece);
      if (step.kind === "leak") {
        stopped = await guard.replace(step.leak, step.safe, "answer");
        break;
      }
      if (step.text) yield { type: "delta", text: step.text };
      if (tooLong) break;
    }
  } catch (error) {
    if (!isLlmUnavailable(error)) throw error;
    modelStatus.noteFailure(error);
    log.warn("tutor: the model failed during an answer", { error });
    if (!answer) {
      if (modelStatus.shouldTell(context.conversationKey)) {
        yield { type: "notice", text: context.messages.t("answer.model-stopped"), audience: "conversation" };
      }
      yield await guardedPassages(context, found, guard);
      return;
    }
    answer += `\n\n${context.messages.t("answer.cut-off")}`;
  } finally {
    stop.abort();
    release();
  }
  if (stopped === undefined) {
    const last = gate.finish();
    if (last.kind === "leak") stopped = await guard.replace(last.leak, last.safe, "answer");
    else if (last.text) yield { type: "delta", text: last.text };
  }
  if (stopped === undefined && tooLong) {
    const note = `\n\n_(I stopped here: my answer reached its length limit of ${maxReplyChars.toLocaleString("en")} characters. Ask about the part you need for more.)_`;
    answer += note;
    yield { type: "delta", text: note };
  }
  if (stopped !== undefined) answer = stopped;
  // The question and the answer go to memory together (one transaction), beside the answer's pitch.
  const at = clock();
  await Promise.all([
    store.appendMemory(
      context.courseId,
      context.studentId,
      context.conversationId,
      [
        { role: "user", content: question, at },
        { role: "assistant", content: answer, at },
      ],
      memoryMessages,
    ),
    pitch && store.setAnswerPitch(context.courseId, context.studentId, context.conversationId, pitch),
  ]);
  yield { type: "message", text: answer, sources: citedSources(answer, found), actions: [], audience: "conversation" };
}

/** The course passages instead of an answer, with a word to the student about the model once per outage. */
async function* answerFromPassages(
  context: FlowContext,
  question: string,
  health: ModelHealth,
  found?: ScoredPassage[],
): AsyncIterable<ReplyEvent> {
  const { catalog, modelStatus, retrievalK } = context.services;
  const passages = found ?? (await catalog.search(context.courseId, question, retrievalK));
  if (modelStatus.shouldTell(context.conversationKey)) {
    yield {
      type: "notice",
      text: context.messages.t("answer.retrieval-only", { outage: describeOutage(health, context.messages) }),
      audience: "conversation",
    };
  }
  yield await guardedPassages(context, passages, await guardTurn(context, question));
}

/**
 * The student's state an answer is written for, read once a turn. The tutor starts these reads as a question
 * arrives, beside the turn's first reads: in a burst, the students served first find theirs at the head of
 * the database's line instead of behind every other arrival's. They go together: on a database server, each
 * one waited for by itself is a round trip more.
 */
export function startAnswerReads(context: FlowContext) {
  const { store, memoryMessages } = context.services;
  return context.once("answer", () =>
    Promise.all([
      context.learnerState(),
      context.activeItem(),
      store.getMemory(context.courseId, context.studentId, context.conversationId, memoryMessages),
      context.teachingStyle(),
    ]),
  );
}

/** Everything the model call needs, made while the student waits in line for the model. */
async function prepareAnswer(
  context: FlowContext,
  question: string,
): Promise<{ found: ScoredPassage[]; guard: TurnGuard; messages: ChatMessage[]; pitch?: AnswerPitch }> {
  const { catalog, retrievalK, memoryChars, clock } = context.services;
  const reads = startAnswerReads(context);
  const found = await catalog.search(context.courseId, question, retrievalK);
  const guard = await guardTurn(context, question);
  const [state, active, remembered, style] = await reads;
  const skillId = findQuestionSkill(context.course, question, found, active?.doc.item.skill);
  const skill = context.course.manifest.skills.find(({ id }) => id === skillId);
  const level = explanationLevel(state, skillId ? [skillId] : []);
  const memory = fitMemory(remembered, memoryChars);
  const previousQuestion = memory.findLast((entry) => entry.role === "user")?.content;
  const messages = buildTutorPrompt({
    courseTitle: context.course.manifest.title,
    language: context.course.manifest.language,
    question,
    passages: found.map(({ passage }) => passage),
    style,
    questionKind: classifyQuestion(question, { itemPending: active !== undefined, previousQuestion }),
    level,
    pitchedAt: skill && { name: skill.name, description: skill.description },
    memory,
    pendingItem: active && describePendingItem(active),
  });
  const pitch = skill && { question, skillId: skill.id, pKnown: state.pKnown.get(skill.id) ?? 0, level, at: clock() };
  return { found, guard, messages, pitch };
}

/** Quoted lessons are checked too: a lesson may work through the very example a pending quiz item asks. */
async function guardedPassages(context: FlowContext, found: readonly ScoredPassage[], guard: TurnGuard): Promise<ReplyEvent> {
  const passages = passagesOnlyAnswer(found, context.messages);
  const leak = passages.type === "message" ? guard.check(passages.text) : undefined;
  return leak
    ? { type: "message", text: await guard.replace(leak, "", "passages"), sources: [], actions: [], audience: "conversation" }
    : passages;
}

function toCitation({ passage }: ScoredPassage): Citation {
  return { label: formatCitation(passage), file: passage.file, startLine: passage.startLine, endLine: passage.endLine };
}

/** The passages the answer cites as [n]; all of them when it cites none. */
function citedSources(answer: string, found: readonly ScoredPassage[]): Citation[] {
  const cited = new Set([...answer.matchAll(/\[(\d{1,2})\]/g)].map((match) => Number(match[1]) - 1));
  const chosen = found.filter((_, index) => cited.has(index));
  return (chosen.length > 0 ? chosen : found).map(toCitation);
}

/** Retrieval-only mode: the best passages, quoted and cited, when no model can write an answer. */
function passagesOnlyAnswer(found: readonly ScoredPassage[], messages: Messages): ReplyEvent {
  if (found.length === 0) {
    return { type: "message", text: messages.t("answer.nothing-found"), sources: [], actions: [], audience: "conversation" };
  }
  const shown = found.slice(0, 3);
  const quotes = shown.map(({ passage }, index) => `**[${index + 1}] ${formatCitation(passage)}**\n${excerpt(passage.text, 700)}`);
  return {
    type: "message",
    text: `${messages.t("answer.course-says")}\n\n${quotes.join("\n\n")}`,
    sources: shown.map(toCitation),
    actions: [],
    audience: "conversation",
  };
}

/** A passage cut at a line boundary, with any open code fence closed. */
function excerpt(text: string, limit: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= limit) return trimmed;
  const cut = trimmed.slice(0, Math.max(trimmed.lastIndexOf("\n", limit), limit / 2)).trimEnd();
  const fences = (cut.match(/```/g) ?? []).length;
  return `${cut}${fences % 2 === 1 ? "\n```" : ""}\n…`;
}
