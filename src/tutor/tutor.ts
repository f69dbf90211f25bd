import { isLlmUnavailable } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Course, QuizItemDoc } from "../retrieval/content/schema.js";
import type { CourseCatalog } from "../retrieval/course-library.js";
import { formatCitation, type ScoredPassage } from "../retrieval/passage.js";
import { gradeByOverlap, gradeExactly, gradeWithRubric, type Grade } from "./grading.js";
import { resolveSkill, selectNextItem, skillName } from "./item-selection.js";
import { buildLearnerState, explanationLevel, paramsFor, weakestPrerequisite, type LearnerState } from "./learner-state.js";
import type { ChatModel } from "./llm/chat-model.js";
import { updateKnowledge } from "./mastery/bkt.js";
import { describeOutage, ModelStatus } from "./model-status.js";
import { explainSkill, renderProgress } from "./progress-report.js";
import { buildTutorPrompt } from "./prompt.js";
import { percent, renderQuestion, renderSolution } from "./quiz-text.js";
import { routeText, type Intent } from "./router.js";
import { sanitizeText } from "./sanitize.js";
import { RecentIds, SerialLanes } from "./serial-lanes.js";
import type { ProfileStore } from "./store/profile-store.js";
import { TurnSchema, type Action, type Audience, type Citation, type ParsedTurn, type ReplyEvent, type Turn, type TurnHandler } from "./turn.js";

export interface TutorOptions {
  catalog: CourseCatalog;
  store: ProfileStore;
  model: ChatModel;
  log: Logger;
  /** Course for places no teacher has bound; the first course when absent. */
  defaultCourseId?: string;
  /** Class scope → course, from the config file; a teacher's `/course` binding wins. */
  bindings?: Record<string, string>;
  retrievalK?: number;
  memoryMessages?: number;
  maxMessageChars?: number;
  clock?: () => number;
}

/** Everything a turn's handling needs, resolved once. */
interface TurnScope {
  turn: ParsedTurn;
  course: Course;
  studentId: string;
  conversationId: string;
}

const HELP = [
  "**How I can help**",
  "- Ask me anything about the course: I answer from the lessons and tell you where to read more.",
  "- `/quiz` (or “quiz me”, “quiz me on loops”): a question picked for you. Answer by typing, or with the buttons.",
  "- `/hint`: the next hint for the question you are on. `/giveup`: see the answer and why.",
  "- `/progress`: what you have mastered and what to do next. `/why <skill>`: how I estimated a skill.",
  "- `/export`: a file with everything I keep about you. `/forget-me`: delete it all.",
].join("\n");

/**
 * The tutor: one turn in, a stream of reply events out. Platform-neutral; all state is in the store,
 * the course catalog and the model behind their interfaces.
 */
export class Tutor implements TurnHandler {
  private readonly lanes = new SerialLanes();
  private readonly handled = new RecentIds();
  private readonly modelStatus: ModelStatus;
  private readonly clock: () => number;
  private readonly retrievalK: number;
  private readonly memoryMessages: number;
  private readonly maxMessageChars: number;

  constructor(private readonly options: TutorOptions) {
    this.clock = options.clock ?? Date.now;
    this.retrievalK = options.retrievalK ?? 4;
    this.memoryMessages = options.memoryMessages ?? 12;
    this.maxMessageChars = options.maxMessageChars ?? 4000;
    this.modelStatus = new ModelStatus(options.model, options.log, this.clock);
  }

  async *handle(input: Turn): AsyncIterable<ReplyEvent> {
    const parsed = TurnSchema.safeParse(input);
    if (!parsed.success) {
      this.options.log.error("tutor: an adapter sent a malformed turn", { issues: parsed.error.issues.map((issue) => issue.message) });
      yield { type: "notice", text: "Sorry, I could not read that message.", audience: "conversation" };
      return;
    }
    const turn = parsed.data;
    if (!this.handled.add(turn.id)) return;
    const release = await this.lanes.acquire(`${turn.student.id}\u0000${turn.conversationId}`);
    try {
      yield* this.process(turn);
    } catch (error) {
      this.options.log.error("tutor: a turn failed", { turn: turn.id, error });
      yield { type: "notice", text: "Sorry, something went wrong on my side. Please try again in a moment.", audience: "conversation" };
    } finally {
      release();
    }
  }

  private async *process(turn: ParsedTurn): AsyncIterable<ReplyEvent> {
    if (turn.text.length > this.maxMessageChars) {
      yield { type: "notice", text: `Your message is ${turn.text.length.toLocaleString("en")} characters long; I read at most ${this.maxMessageChars.toLocaleString("en")}. Please send a shorter question, with just the part that matters.`, audience: "conversation" };
      return;
    }
    const course = this.resolveCourse(turn);
    if (!course) {
      yield { type: "notice", text: "No course is available here yet. A teacher can set one up with `/course <course-id>`.", audience: "conversation" };
      return;
    }
    const scope: TurnScope = { turn, course, studentId: turn.student.id, conversationId: turn.conversationId };
    const pending = this.pendingItem(scope);
    const intent = routeText(sanitizeText(turn.text), pending?.doc.item);
    yield* this.dispatch(scope, intent);
  }

  private dispatch(scope: TurnScope, intent: Intent): AsyncIterable<ReplyEvent> {
    switch (intent.kind) {
      case "ask":
        return this.answerQuestion(scope, intent.question);
      case "quiz":
        return this.askQuizItem(scope, intent.skill);
      case "answer":
        return this.gradeAnswer(scope, intent.answer);
      case "hint":
        return this.giveHint(scope);
      case "give-up":
        return this.giveUp(scope);
      case "progress":
        return this.showProgress(scope);
      case "why":
        return this.explainWhy(scope, intent.skill);
      case "export":
        return this.exportData(scope);
      case "forget":
        return this.forget(scope, intent.confirmed);
      case "course":
        return this.bindCourse(scope, intent.courseId);
      case "help":
        return single({ type: "message", text: HELP, sources: [], actions: [{ label: "Quiz me", command: "/quiz" }], audience: "conversation" });
      case "empty":
        return single({ type: "notice", text: "I did not catch a question there. Ask me about the course, or type `/help`.", audience: "conversation" });
    }
  }

  private resolveCourse(turn: ParsedTurn): Course | undefined {
    const { catalog, store, bindings = {}, defaultCourseId } = this.options;
    for (const scope of turn.classScopes) {
      const bound = store.getBinding(scope) ?? bindings[scope];
      const course = bound ? catalog.course(bound) : undefined;
      if (course) return course;
    }
    return (defaultCourseId ? catalog.course(defaultCourseId) : undefined) ?? catalog.courses()[0];
  }

  private learnerState(scope: TurnScope): LearnerState {
    const { store } = this.options;
    return buildLearnerState(scope.course, store.getMastery(scope.course.manifest.id, scope.studentId), store.getSkillParams(scope.course.manifest.id));
  }

  private pendingItem(scope: TurnScope): { doc: QuizItemDoc; hintsShown: number; wrongAttempts: number } | undefined {
    const pending = this.options.store.getPendingItem(scope.course.manifest.id, scope.studentId, scope.conversationId);
    const doc = pending && scope.course.items.find(({ item }) => item.id === pending.itemId);
    return doc && pending ? { doc, hintsShown: pending.hintsShown, wrongAttempts: pending.wrongAttempts } : undefined;
  }

  private async *answerQuestion(scope: TurnScope, question: string): AsyncIterable<ReplyEvent> {
    const { catalog, store, model, log } = this.options;
    const courseId = scope.course.manifest.id;
    const found = await catalog.search(courseId, question, this.retrievalK);
    const health = await this.modelStatus.current();
    if (health.status !== "ready") {
      if (this.modelStatus.shouldTell(`${scope.studentId}|${scope.conversationId}`)) {
        yield { type: "notice", text: `I can't reach my language model right now, so I'll answer with the course passages that match your question. (For the operator: ${describeOutage(health)})`, audience: "conversation" };
      }
      yield passagesOnlyAnswer(found);
      return;
    }
    const state = this.learnerState(scope);
    const skills = [...new Set(found.flatMap(({ passage }) => passage.skills))];
    const pending = this.pendingItem(scope);
    const messages = buildTutorPrompt({
      courseTitle: scope.course.manifest.title,
      question,
      passages: found.map(({ passage }) => passage),
      level: explanationLevel(state, skills),
      memory: store.getMemory(courseId, scope.studentId, scope.conversationId, this.memoryMessages),
      pendingItemPrompt: pending?.doc.item.prompt,
    });
    yield { type: "typing" };
    let answer = "";
    try {
      for await (const piece of model.stream(messages)) {
        answer += piece;
        yield { type: "delta", text: piece };
      }
    } catch (error) {
      if (!isLlmUnavailable(error)) throw error;
      this.modelStatus.noteFailure(error);
      log.warn("tutor: the model failed during an answer", { error });
      if (!answer) {
        yield { type: "notice", text: "My language model stopped answering, so here is what the course says.", audience: "conversation" };
        yield passagesOnlyAnswer(found);
        return;
      }
      answer += "\n\n_(My answer was cut off: the language model stopped. The sources below have the rest.)_";
    }
    store.appendMemory(courseId, scope.studentId, scope.conversationId, { role: "user", content: question, at: this.clock() }, this.memoryMessages);
    store.appendMemory(courseId, scope.studentId, scope.conversationId, { role: "assistant", content: answer, at: this.clock() }, this.memoryMessages);
    yield { type: "message", text: answer, sources: citedSources(answer, found), actions: [], audience: "conversation" };
  }

  private async *askQuizItem(scope: TurnScope, requestedSkill?: string): AsyncIterable<ReplyEvent> {
    const { store } = this.options;
    const courseId = scope.course.manifest.id;
    let skillId: string | undefined;
    if (requestedSkill) {
      skillId = resolveSkill(scope.course, requestedSkill);
      if (!skillId) {
        const names = scope.course.manifest.skills.map((skill) => `\`${skill.id}\``).join(", ");
        yield { type: "notice", text: `I don't know a skill called “${requestedSkill}”. The skills of this course are: ${names}.`, audience: "conversation" };
        return;
      }
    }
    const state = this.learnerState(scope);
    const recent = store.listAttempts({ courseId, studentId: scope.studentId }).slice(-10).reverse().map((attempt) => attempt.itemId);
    const choice = selectNextItem(scope.course, state, recent, skillId);
    if (!choice) {
      yield { type: "notice", text: "This course has no quiz items yet.", audience: "conversation" };
      return;
    }
    const { item } = choice.item;
    store.setPendingItem(courseId, scope.studentId, scope.conversationId, { itemId: item.id, hintsShown: 0, wrongAttempts: 0, askedAt: this.clock() });
    const question = renderQuestion(item, skillName(scope.course, item.skill));
    yield { type: "message", text: `_${choice.reason}_\n\n${question.text}`, sources: [], actions: question.actions, audience: "conversation" };
  }

  private async *gradeAnswer(scope: TurnScope, answer: string): AsyncIterable<ReplyEvent> {
    const { store, log } = this.options;
    const courseId = scope.course.manifest.id;
    const pending = this.pendingItem(scope);
    if (!pending) {
      yield { type: "notice", text: "There is no question waiting for an answer. Type `/quiz` for one.", audience: "conversation" };
      return;
    }
    const { item } = pending.doc;
    const grade = await this.grade(answer, pending.doc);
    if (!grade) {
      const expected = item.type === "multiple_choice" ? `a letter from A to ${String.fromCharCode(64 + item.choices.length)}` : "a number, like 42 or 3.5";
      yield { type: "notice", text: `Please answer with ${expected}.`, audience: "conversation" };
      return;
    }
    const state = this.learnerState(scope);
    const before = state.pKnown.get(item.skill) ?? 0;
    let after = before;
    const firstTry = pending.wrongAttempts === 0;
    if (firstTry) {
      // Only the first try is evidence of knowledge; a hint before it counts as not knowing (as in ASSISTments).
      const evidence = grade.correct && pending.hintsShown === 0;
      after = updateKnowledge(before, evidence, paramsFor(state, item.skill));
      store.recordAttempt({ courseId, studentId: scope.studentId, skillId: item.skill, itemId: item.id, correct: evidence, answer, hintsUsed: pending.hintsShown, at: this.clock() }, after);
    }
    const name = skillName(scope.course, item.skill);
    const masteryLine = firstTry ? `Mastery of ${name}: ${percent(before)} → ${percent(after)}.` : `Mastery of ${name} stays at ${percent(before)} (only the first try counts).`;
    const approximate = grade.method === "approximate" ? " _(Graded by key words: my language model is unavailable.)_" : "";
    if (grade.correct) {
      store.setPendingItem(courseId, scope.studentId, scope.conversationId, undefined);
      const text = `✅ ${grade.feedback}${approximate}\n\n${item.explanation.trim()}\n\n${masteryLine}`;
      yield { type: "message", text, sources: [], actions: nextActions(), audience: "conversation" };
      return;
    }
    store.setPendingItem(courseId, scope.studentId, scope.conversationId, { itemId: item.id, hintsShown: pending.hintsShown, wrongAttempts: pending.wrongAttempts + 1, askedAt: this.clock() });
    const lines = [`❌ Not quite. ${grade.feedback}${approximate}`, "", masteryLine];
    const weakPrerequisite = weakestPrerequisite(scope.course, { ...state, pKnown: new Map(state.pKnown).set(item.skill, after) }, item.skill);
    if (weakPrerequisite && after < 0.5) {
      lines.push("", `This question builds on **${skillName(scope.course, weakPrerequisite)}**, which you have not mastered yet. It may help to practise that first: \`/quiz ${weakPrerequisite}\`.`);
    }
    lines.push("", "Try again, ask for a `/hint`, or `/giveup` to see the answer.");
    log.debug("tutor: wrong answer", { item: item.id });
    const actions: Action[] = [{ label: "Hint", command: "/hint" }, { label: "Give up", command: "/giveup", style: "secondary" }];
    if (weakPrerequisite && after < 0.5) actions.push({ label: `Practise ${skillName(scope.course, weakPrerequisite)}`, command: `/quiz ${weakPrerequisite}` });
    yield { type: "message", text: lines.join("\n"), sources: [], actions, audience: "conversation" };
  }

  private async grade(answer: string, doc: QuizItemDoc): Promise<Grade | undefined> {
    const { item } = doc;
    if (item.type !== "short_answer") return gradeExactly(answer, item);
    if ((await this.modelStatus.current()).status === "ready") {
      try {
        return await gradeWithRubric(answer, item, this.options.model);
      } catch (error) {
        this.modelStatus.noteFailure(error);
        this.options.log.warn("tutor: rubric grading failed; grading by key words", { item: item.id, error });
      }
    }
    return gradeByOverlap(answer, item);
  }

  private async *giveHint(scope: TurnScope): AsyncIterable<ReplyEvent> {
    const pending = this.pendingItem(scope);
    if (!pending) {
      yield { type: "notice", text: "Hints are for quiz questions, and none is waiting. Type `/quiz` for one, or just ask me about the course.", audience: "conversation" };
      return;
    }
    const hints = pending.doc.item.hints;
    if (pending.hintsShown >= hints.length) {
      yield { type: "notice", text: "That was my last hint. Have a go, or type `/giveup` to see the answer with an explanation.", audience: "conversation" };
      return;
    }
    const shown = pending.hintsShown + 1;
    this.options.store.setPendingItem(scope.course.manifest.id, scope.studentId, scope.conversationId, { itemId: pending.doc.item.id, hintsShown: shown, wrongAttempts: pending.wrongAttempts, askedAt: this.clock() });
    yield { type: "message", text: `💡 Hint ${shown} of ${hints.length}: ${hints[shown - 1]}`, sources: [], actions: shown < hints.length ? [{ label: "Another hint", command: "/hint", style: "secondary" }] : [], audience: "conversation" };
  }

  private async *giveUp(scope: TurnScope): AsyncIterable<ReplyEvent> {
    const { store } = this.options;
    const courseId = scope.course.manifest.id;
    const pending = this.pendingItem(scope);
    if (!pending) {
      yield { type: "notice", text: "There is no question to give up on. Type `/quiz` for one.", audience: "conversation" };
      return;
    }
    const { item } = pending.doc;
    let masteryLine = "";
    if (pending.wrongAttempts === 0) {
      const state = this.learnerState(scope);
      const before = state.pKnown.get(item.skill) ?? 0;
      const after = updateKnowledge(before, false, paramsFor(state, item.skill));
      store.recordAttempt({ courseId, studentId: scope.studentId, skillId: item.skill, itemId: item.id, correct: false, answer: "(gave up)", hintsUsed: pending.hintsShown, at: this.clock() }, after);
      masteryLine = `\n\nMastery of ${skillName(scope.course, item.skill)}: ${percent(before)} → ${percent(after)}.`;
    }
    store.setPendingItem(courseId, scope.studentId, scope.conversationId, undefined);
    yield { type: "message", text: `The answer: **${renderSolution(item)}**\n\n${item.explanation.trim()}${masteryLine}`, sources: [], actions: nextActions(), audience: "conversation" };
  }

  private async *showProgress(scope: TurnScope): AsyncIterable<ReplyEvent> {
    const state = this.learnerState(scope);
    const attempts = this.options.store.listAttempts({ courseId: scope.course.manifest.id, studentId: scope.studentId });
    const next = selectNextItem(scope.course, state, []);
    yield { type: "message", text: renderProgress(scope.course, state, attempts, next?.reason), sources: [], actions: [{ label: "Quiz me", command: "/quiz" }], audience: "student" };
  }

  private async *explainWhy(scope: TurnScope, skillText: string): AsyncIterable<ReplyEvent> {
    const skillId = resolveSkill(scope.course, skillText);
    if (!skillId) {
      yield* this.answerQuestion(scope, `why ${skillText}`);
      return;
    }
    const attempts = this.options.store.listAttempts({ courseId: scope.course.manifest.id, studentId: scope.studentId });
    yield { type: "message", text: explainSkill(scope.course, this.learnerState(scope), skillId, attempts), sources: [], actions: [], audience: "student" };
  }

  private async *exportData(scope: TurnScope): AsyncIterable<ReplyEvent> {
    const data = this.options.store.exportStudent(scope.studentId);
    const json = JSON.stringify({ exportedAt: new Date(this.clock()).toISOString(), ...data }, null, 2);
    yield { type: "file", name: "my-tutor-data.json", mimeType: "application/json", data: new TextEncoder().encode(json), caption: "Everything I keep about you: mastery, answers and our conversations.", audience: "student" };
  }

  private async *forget(scope: TurnScope, confirmed: boolean): AsyncIterable<ReplyEvent> {
    if (!confirmed) {
      yield {
        type: "message",
        text: "This deletes everything I keep about you: your mastery, your answers, your open questions and our conversations, in every course. It cannot be undone. Are you sure?",
        sources: [],
        actions: [{ label: "Yes, delete my data", command: "/forget-me confirm", style: "danger" }],
        audience: "student",
      };
      return;
    }
    const removed = this.options.store.forgetStudent(scope.studentId);
    this.options.log.info("tutor: a student's data was deleted at their request", { records: removed });
    yield { type: "notice", text: `Done: I deleted everything I kept about you (${removed} records). If you talk to me again, I start from scratch.`, audience: "student" };
  }

  private async *bindCourse(scope: TurnScope, courseId?: string): AsyncIterable<ReplyEvent> {
    const courses = this.options.catalog.courses().map((course) => `\`${course.manifest.id}\` (${course.manifest.title})`);
    if (!courseId) {
      yield { type: "notice", text: `This place uses **${scope.course.manifest.title}** (\`${scope.course.manifest.id}\`). Courses available: ${courses.join(", ")}.`, audience: "student" };
      return;
    }
    if (!scope.turn.student.isTeacher) {
      yield { type: "notice", text: "Only teachers can change the course of this place.", audience: "student" };
      return;
    }
    const course = this.options.catalog.course(courseId);
    const target = scope.turn.classScopes[0];
    if (!course || !target) {
      yield { type: "notice", text: course ? "This place cannot be bound to a course." : `There is no course \`${courseId}\`. Available: ${courses.join(", ")}.`, audience: "student" };
      return;
    }
    this.options.store.setBinding(target, course.manifest.id);
    this.options.log.info("tutor: course bound", { scope: target, course: course.manifest.id });
    yield { type: "notice", text: `This place now uses **${course.manifest.title}**.`, audience: "conversation" };
  }
}

async function* single(event: ReplyEvent): AsyncIterable<ReplyEvent> {
  yield event;
}

function nextActions(): Action[] {
  return [
    { label: "Next question", command: "/quiz", style: "primary" },
    { label: "My progress", command: "/progress", style: "secondary" },
  ];
}

function toCitation({ passage }: ScoredPassage): Citation {
  return { label: formatCitation(passage), file: passage.file, startLine: passage.startLine, endLine: passage.endLine };
}

/** The passages the answer cites as [n]; all of them when it cites none. */
export function citedSources(answer: string, found: readonly ScoredPassage[]): Citation[] {
  const cited = new Set([...answer.matchAll(/\[(\d{1,2})\]/g)].map((match) => Number(match[1]) - 1));
  const chosen = found.filter((_, index) => cited.has(index));
  return (chosen.length > 0 ? chosen : found).map(toCitation);
}

/** Retrieval-only mode: the best passages, quoted and cited, when no model can write an answer. */
export function passagesOnlyAnswer(found: readonly ScoredPassage[], audience: Audience = "conversation"): ReplyEvent {
  if (found.length === 0) {
    return { type: "message", text: "I could not find anything about that in the course. Try other words, or ask your teacher.", sources: [], actions: [], audience };
  }
  const shown = found.slice(0, 3);
  const quotes = shown.map(({ passage }, index) => `**[${index + 1}] ${formatCitation(passage)}**\n${excerpt(passage.text, 700)}`);
  return { type: "message", text: `Here is what the course says:\n\n${quotes.join("\n\n")}`, sources: shown.map(toCitation), actions: [], audience };
}

function excerpt(text: string, limit: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= limit) return trimmed;
  const cut = trimmed.slice(0, limit);
  const fences = (cut.match(/```/g) ?? []).length;
  return `${cut.slice(0, Math.max(cut.lastIndexOf("\n"), limit / 2)).trimEnd()}${fences % 2 === 1 ? "\n```" : ""}\n…`;
}
