import { isStoreBusy, StoreUnavailableError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Course } from "../retrieval/content/schema.js";
import type { CourseCatalog } from "../retrieval/course-library.js";
import { FlowContext, withoutGiveUpOffer, type TutorServices } from "./flow-context.js";
import { answerQuestion, startAnswerReads } from "./flows/answer-question.js";
import { manageContent } from "./flows/content-admin.js";
import { bindCourse } from "./flows/course-binding.js";
import { sayNothingHeard, showHelp } from "./flows/help.js";
import { exportData, forget } from "./flows/privacy.js";
import { explainWhy, showProgress, startProgressReads } from "./flows/progress.js";
import { askQuizItem, giveHint, giveUp, gradeAnswer, keepItemOpen, offerToGiveUp, startQuizReads } from "./flows/quiz.js";
import { offerReviews } from "./flows/review.js";
import { chooseTeachingStyle } from "./flows/teaching-style.js";
import { overrideMastery, showClassView } from "./flows/teacher-view.js";
import type { ChatModel, ModelHealth } from "./llm/chat-model.js";
import { leakGuardFor } from "./leak-guard/leak-guard.js";
import type { LeakLog } from "./leak-guard/leak-log.js";
import type { GradeDisputeRecord } from "./rubric-grading.js";
import { InMemoryTeacherLog, type TeacherLog } from "./teacher-log.js";
import { FairLimiter } from "./llm/fair-limiter.js";
import { PlaceInLine, type TurnStart } from "./llm/place-in-line.js";
import { ModelStatus } from "./model-status.js";
import { remindDueReviewsOnReturn } from "./reviews/return-reminder.js";
import { routeText, type Intent } from "./router.js";
import { sanitizeText } from "./sanitize.js";
import { SerialLanes } from "./serial-lanes.js";
import { ShutdownGate, withStopSignal } from "./shutdown.js";
import { messagesFor, type Messages } from "./i18n/messages.js";
import type { ClaimStore } from "./store/claim-store.js";
import { ClaimedOnce } from "./store/claimed-once.js";
import type { ProfileStore } from "./store/profile-store.js";
import { describeCourseWithoutTeachers, TeacherRoster } from "./teachers.js";
import { YieldingLane } from "./yielding-lane.js";
import { TurnSchema, type ParsedTurn, type ReplyEvent, type Turn, type TurnHandler } from "./turn.js";

/** A day: long enough for a question to wait overnight in a chat, short enough that an old one does not grade a new conversation. */
export const DEFAULT_PENDING_ITEM_TTL_MS = 24 * 60 * 60 * 1000;

export interface TutorOptions {
  catalog: CourseCatalog;
  store: ProfileStore;
  /** Where turns are claimed so each is handled once by every process sharing it (the profile store); this process's memory alone without it. */
  claims?: ClaimStore;
  model: ChatModel;
  log: Logger;
  /** Course for places no teacher has bound; the first course when absent. */
  defaultCourseId?: string;
  /** Class scope → course, from the config file; a teacher's `/course` binding wins. */
  bindings?: Record<string, string>;
  /** Each course's teachers, from the config file; without it nobody may change a course from chat. */
  teachers?: TeacherRoster;
  retrievalK?: number;
  memoryMessages?: number;
  memoryChars?: number;
  maxMessageChars?: number;
  /** Longest generated answer; the model is stopped there. */
  maxReplyChars?: number;
  /** Model requests in flight at once; match Ollama's OLLAMA_NUM_PARALLEL. */
  maxModelRequests?: number;
  /** A quiz item untouched this long is set aside (default a day). */
  pendingItemTtlMs?: number;
  /** How long the model is taken as down before it is checked again (default 15 s). */
  modelRecheckMs?: number;
  clock?: () => number;
}

/**
 * The tutor: one turn in, a stream of reply events out. Platform-neutral; it checks the turn, keeps each
 * conversation's turns in order, finds the course, reads the intent and hands over to a flow.
 */
export class Tutor implements TurnHandler {
  private readonly lanes = new SerialLanes();
  private readonly handled: ClaimedOnce;
  private readonly services: TutorServices;
  /** Replies the leak guard stopped (for teachers and tests). */
  readonly leakLog: LeakLog = new InMemoryTeacherLog();
  /** Short-answer grades the checks overruled (for teachers and tests). */
  readonly gradeDisputes: TeacherLog<GradeDisputeRecord> = new InMemoryTeacherLog();
  private readonly maxMessageChars: number;
  private readonly gate = new ShutdownGate();

  constructor(private readonly options: TutorOptions) {
    const clock = options.clock ?? Date.now;
    this.maxMessageChars = options.maxMessageChars ?? 4000;
    this.handled = new ClaimedOnce(options.claims, {
      clock,
      onStoreError: (key, error) => options.log.warn("tutor: could not claim a turn in the store; handling it here", { key, error }),
    });
    this.services = {
      catalog: options.catalog,
      store: options.store,
      model: withStopSignal(options.model, this.gate.signal),
      limiter: new FairLimiter(options.maxModelRequests ?? 2, clock, { closed: this.gate.signal }),
      prepareLane: new YieldingLane(),
      leakLog: this.leakLog,
      gradeDisputes: this.gradeDisputes,
      log: options.log,
      clock,
      modelStatus: new ModelStatus(options.model, options.log, clock, options.modelRecheckMs),
      teachers: options.teachers ?? new TeacherRoster(),
      retrievalK: options.retrievalK ?? 4,
      memoryMessages: options.memoryMessages ?? 12,
      memoryChars: options.memoryChars ?? 6000,
      maxReplyChars: options.maxReplyChars ?? 8000,
      pendingItemTtlMs: options.pendingItemTtlMs ?? DEFAULT_PENDING_ITEM_TTL_MS,
    };
    // A course's leak guard reads every lesson once (a fraction of a second for a large course): at
    // start-up, not inside the first student's turn. A course reloaded later builds its own on first use.
    for (const course of options.catalog.courses()) leakGuardFor(course);
    this.logTeacherGaps();
  }

  /** Says, for the operator, which courses nobody may change from chat and which configured teachers name no course. */
  private logTeacherGaps(): void {
    const { catalog, log } = this.options;
    const { teachers } = this.services;
    const loaded = new Set(catalog.courses().map((course) => course.manifest.id));
    for (const courseId of loaded) if (!teachers.hasTeachers(courseId)) log.warn(describeCourseWithoutTeachers(courseId));
    for (const courseId of teachers.courseIds()) {
      if (!loaded.has(courseId))
        log.warn(`teachers: the config file names teachers of ${courseId}, which is not a loaded course; check its id against course.yaml`);
    }
  }

  async *handle(input: Turn): AsyncIterable<ReplyEvent> {
    const parsed = TurnSchema.safeParse(input);
    if (!parsed.success) {
      this.options.log.error("tutor: an adapter sent a malformed turn", { issues: parsed.error.issues.map((issue) => issue.message) });
      yield { type: "notice", text: (await this.messagesFor()).t("error.unreadable-turn"), audience: "conversation" };
      return;
    }
    const turn = parsed.data;
    if (this.gate.draining) {
      yield { type: "notice", text: (await this.messagesFor(turn)).t("shutdown.restarting"), audience: "conversation" };
      return;
    }
    // What the words ask before the store says whether a quiz item is pending: enough to start the right reads, and
    // to know a question.
    const expected = turn.text.length <= this.maxMessageChars ? routeText(sanitizeText(turn.text)) : undefined;
    const claimKey = `turn:${turn.platform}:${turn.id}`;
    const laneKey = `${turn.student.id}\u0000${turn.conversationId}`;
    const takePlace = () => new PlaceInLine(this.services.limiter, turn.student.id);
    // A question takes its place in the model's line as it arrives, before anything is sent to the store (see
    // PlaceInLine). Not a delivery this process already has, nor one behind its conversation's previous turn: that
    // place would hold a slot the turn cannot use yet, so it is taken when the turn's lane comes.
    const asksTheModel = this.mayAskTheModel(expected);
    let place: PlaceInLine | undefined =
      asksTheModel && !this.handled.seenHere(claimKey) && !this.lanes.busy(laneKey) ? takePlace() : undefined;
    // One that must wait in line starts its store work when the prepare lane comes to it, or when its slot does.
    const start = place && !place.grantedOnArrival ? place.startInLane(this.services.prepareLane) : undefined;
    // Claimed while the turn makes its first reads (process): on a database server, one round trip instead of two.
    const claimed = this.handled.first(claimKey, start?.started);
    let repeat = false;
    claimed.then((first) => (repeat = !first)).catch(() => undefined);
    const leave = this.gate.enter();
    const release = await this.lanes.acquire(laneKey);
    place ??= asksTheModel && !repeat ? takePlace() : undefined;
    try {
      await start?.started;
      yield* this.process(turn, claimed, expected, place, start);
      if (this.gate.signal.aborted && (await claimed))
        yield { type: "notice", text: (await this.messagesFor(turn)).t("shutdown.cut-by-restart"), audience: "conversation" };
    } catch (error) {
      if (!(await claimed)) return;
      if (this.gate.signal.aborted && error === this.gate.signal.reason) {
        // The shutdown ended the turn before it had an answer to cut (a wait in line): nothing failed.
        yield { type: "notice", text: (await this.messagesFor(turn)).t("shutdown.restarting"), audience: "conversation" };
        return;
      }
      this.options.log.error("tutor: a turn failed", { turn: turn.id, error });
      const text = (await this.messagesFor(turn)).t(
        error instanceof StoreUnavailableError ? "error.store-unavailable" : isStoreBusy(error) ? "error.store-busy" : "error.internal",
      );
      yield { type: "notice", text, audience: "conversation" };
    } finally {
      start?.done();
      place?.giveUp();
      release();
      leave();
    }
  }

  /**
   * Words that are not a command, to a model not known to be down: a question, or an answer a model may grade.
   * Whether a quiz item is pending is not known yet; a turn that turns out not to need the model gives the place up.
   */
  private mayAskTheModel(expected: Intent | undefined): boolean {
    const known = this.services.modelStatus.known();
    return (!known || known.status === "ready") && expected?.kind === "ask";
  }

  /** Asks the model's server how it is, and remembers it: at start (src/main.ts), so no question waits for that look. */
  checkModel(): Promise<ModelHealth> {
    return this.services.modelStatus.current();
  }

  /**
   * Stops taking turns (new ones get a short "restarting" notice), lets those in progress finish for up to
   * `graceMs`, then cuts their model streams with a notice. The caller closes the store afterwards.
   */
  shutdown(graceMs: number): Promise<{ finishedInGrace: boolean }> {
    return this.gate.drain(graceMs);
  }

  /** The turn, once `claimed` says this delivery is the first: one that is not stops after its reads, saying nothing. */
  private async *process(
    turn: ParsedTurn,
    claimed: Promise<boolean>,
    expected: Intent | undefined,
    place: PlaceInLine | undefined,
    start: TurnStart | undefined,
  ): AsyncIterable<ReplyEvent> {
    const tooLong = turn.text.length > this.maxMessageChars;
    const course = tooLong ? undefined : await this.resolveCourse(turn.classScopes);
    const context = course && new FlowContext(this.services, turn, course, place);
    if (context && expected) startFlowReads(context, expected);
    // The claim and the reads every turn starts with go to the store together, with those its flow will make. A
    // repeat's reads change nothing the first delivery would not: at most they drop a lapsed pending item, as it does.
    const [first, reminder, active] = await Promise.all([claimed, context && remindDueReviewsOnReturn(context), context?.activeItem()]);
    start?.done();
    if (!first) return;
    if (tooLong) {
      const messages = await this.messagesFor(turn);
      yield {
        type: "notice",
        text: messages.t("error.message-too-long", {
          size: messages.number(turn.text.length),
          limit: messages.number(this.maxMessageChars),
        }),
        audience: "conversation",
      };
      return;
    }
    if (!context) {
      yield { type: "notice", text: (await this.messagesFor()).t("error.no-course"), audience: "conversation" };
      return;
    }
    if (reminder) yield reminder;
    if (context.itemLapsed) yield { type: "notice", text: context.messages.t("quiz.item-lapsed"), audience: "conversation" };
    const pending = active && { ...active.doc.item, giveUpOffered: active.giveUpOffered };
    const intent = routeText(sanitizeText(turn.text), pending, context.course.manifest.language);
    if (intent.kind !== "ask" && intent.kind !== "answer") place?.giveUp();
    // "See the answer?" stands for one turn: whatever else the student says keeps the question open.
    if (active?.giveUpOffered && intent.kind !== "give-up") await context.setActiveItem(withoutGiveUpOffer(active));
    yield* dispatch(context, intent);
  }

  /**
   * The language of the course the places decide: in the place's course when it can be found (the store
   * may be what failed), else the default course's.
   */
  async languageFor(classScopes: readonly string[]): Promise<string> {
    let course: Course | undefined;
    try {
      course = await this.resolveCourse(classScopes);
    } catch {
      course = undefined;
    }
    course ??= this.defaultCourse();
    return course?.manifest.language ?? "en";
  }

  /** The words for a turn that has no flow. */
  private async messagesFor(turn?: ParsedTurn): Promise<Messages> {
    return messagesFor(await this.languageFor(turn?.classScopes ?? []));
  }

  private async resolveCourse(classScopes: readonly string[]): Promise<Course | undefined> {
    const { catalog, store, bindings = {} } = this.options;
    for (const scope of classScopes) {
      const bound = (await store.getBinding(scope)) ?? bindings[scope];
      const course = bound ? catalog.course(bound) : undefined;
      if (course) return course;
    }
    return this.defaultCourse();
  }

  /** The operator's default course, else the first the catalog has. */
  private defaultCourse(): Course | undefined {
    const { catalog, defaultCourseId } = this.options;
    return (defaultCourseId ? catalog.course(defaultCourseId) : undefined) ?? catalog.courses()[0];
  }
}

/**
 * Starts the reads of the flow the words ask for (read before any pending item is known), beside the turn's first
 * reads: on a database server, one round trip fewer. The flow then finds them made (FlowContext.once). A flow the
 * pending item turns the words into (an answer instead of a question) starts whatever it misses itself.
 */
function startFlowReads(context: FlowContext, expected: Intent): void {
  switch (expected.kind) {
    case "ask":
      void startAnswerReads(context);
      return;
    case "quiz":
      void startQuizReads(context, expected.skill);
      return;
    case "answer":
      void context.learnerState();
      return;
    case "progress":
      void startProgressReads(context);
      return;
  }
}

function dispatch(context: FlowContext, intent: Intent): AsyncIterable<ReplyEvent> {
  switch (intent.kind) {
    case "ask":
      return answerQuestion(context, intent.question);
    case "quiz":
      return askQuizItem(context, intent.skill);
    case "answer":
      return gradeAnswer(context, intent.answer);
    case "hint":
      return giveHint(context);
    case "give-up":
      return intent.confirmed ? giveUp(context) : offerToGiveUp(context);
    case "progress":
      return showProgress(context);
    case "why":
      return explainWhy(context, intent.skill);
    case "export":
      return exportData(context);
    case "forget":
      return forget(context, intent.confirmed);
    case "course":
      return bindCourse(context, intent.courseId);
    case "content":
      return manageContent(context, intent.action, intent.argument);
    case "class-view":
      return showClassView(context);
    case "override":
      return overrideMastery(context, intent.argument);
    case "style":
      return chooseTeachingStyle(context, intent.style);
    case "review":
      return offerReviews(context);
    case "help":
      return showHelp(context);
    case "small-talk":
      return keepItemOpen(context);
    case "empty":
      return sayNothingHeard(context.messages);
  }
}
