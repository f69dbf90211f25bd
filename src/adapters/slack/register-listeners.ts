import { pseudonym } from "../../logger.js";
import type { App, Logger } from "@slack/bolt";
import { messagesFor, type Messages } from "../../tutor/i18n/messages.js";
import type { TeacherRoster } from "../../tutor/teachers.js";
import type { ReplyEvent, Turn, TurnHandler } from "../../tutor/turn.js";
import { isUploadCommand, replyToUpload, toContentCommand, type CollectedUploads, type OfferedFile } from "../teacher-uploads.js";
import { ACTION_ID_PREFIX } from "./build-message-blocks.js";
import { buildHomeView } from "./build-home-view.js";
import {
  buildActionTurn,
  buildCommandTurn,
  buildHomeTurn,
  buildMessageTurn,
  type ReplyPlace,
  type StudentInfo,
} from "./build-slack-turns.js";
import { describeError } from "./describe-error.js";
import { runTurn } from "./run-turn.js";
import type { ClaimedOnce } from "../../tutor/store/claimed-once.js";
import type { TutoringThreads } from "../tutoring-threads.js";
import { toOfferedFiles } from "./shared-files.js";
import { convertSlashCommandText } from "./slash-command-text.js";
import {
  AppHomeOpenedEventSchema,
  BlockActionSchema,
  EventEnvelopeSchema,
  MessageEventSchema,
  SlashCommandSchema,
} from "./slack-payloads.js";

export interface ListenerDeps {
  handler: TurnHandler;
  lookupStudent: (userId: string) => Promise<StudentInfo>;
  /** The threads the app answers follow-ups in without a mention, kept across restarts. */
  threads: TutoringThreads;
  /** Event ids and messages already taken by this worker or another sharing the store: Slack retries, double deliveries. */
  deliveries: ClaimedOnce;
  /** Only the files of someone who teaches a course are downloaded; the tutor decides for the course at hand. */
  teachers: TeacherRoster;
  /** `SLACK_ALLOWED_TEAMS`; undefined: every workspace. */
  allowedTeams?: readonly string[] | undefined;
  editIntervalMs: number;
  logger: Logger;
  /** Keeps a turn's work so `stop()` can wait for it. */
  track: (work: Promise<void>) => Promise<void>;
  /** Downloads a teacher's shared files (with the bot token) within the size limit; refusals in `messages`' language. */
  collectFiles: (files: OfferedFile[], messages: Messages) => Promise<CollectedUploads>;
}

/** Someone outside the allowed workspaces: no lookup, no tutor, one short refusal. */
const NOBODY: StudentInfo = { displayName: "", groups: [] };

/** Message subtypes that are still a person writing; the others are edits, joins, bots, … */
const STUDENT_SUBTYPES = new Set(["file_share", "thread_broadcast"]);

/**
 * Wires bolt's listeners to the tutor. Every listener acknowledges first (events are acknowledged by
 * bolt itself) and works afterwards, and every delivery is checked against what was already seen:
 * Slack's retries carry the same `event_id`, and a mention arrives as `app_mention` and as `message`
 * with the same `channel` and `ts`.
 */
export function registerListeners(app: App, deps: ListenerDeps): void {
  const report = (what: string, error: unknown) => deps.logger.error(`Slack ${what} failed: ${describeError(error)}`);
  const render = { editIntervalMs: deps.editIntervalMs, report, logError: (line: string) => deps.logger.error(line) };
  const languageFor = (scopes: readonly string[]) => deps.handler.languageFor(scopes);
  const messagesOf = async (turn: Turn) => messagesFor(await languageFor(turn.classScopes));
  const start = (turn: Turn, place: ReplyPlace, refusals: string[] = []) => {
    const handler: TurnHandler =
      refusals.length === 0 ? deps.handler : { handle: (t) => replyToUpload(deps.handler, t, refusals), languageFor };
    return deps.track(runTurn(turn, place, handler, app.client, render));
  };
  const served = (teamId: string) => deps.allowedTeams === undefined || deps.allowedTeams.includes(teamId);
  const refuse = (turn: Turn, place: ReplyPlace) =>
    deps.track(
      runTurn(
        turn,
        place,
        {
          handle: async function* (t) {
            yield* refusal(await messagesOf(t));
          },
          languageFor,
        },
        app.client,
        render,
      ),
    );
  const teachesSomewhere = (userId: string, student: StudentInfo) =>
    deps.teachers.coursesOf({ id: `slack:user:${userId}`, groups: student.groups }).length > 0;

  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === "string" && !(await deps.deliveries.first(`slack:event:${eventId}`))) {
      deps.logger.debug(`Slack event ${eventId} seen before (a retry); ignored`);
      return;
    }
    await next();
  });

  const onMessage = async (rawEvent: unknown, rawBody: unknown, botUserId: string | undefined) => {
    const parsedEvent = MessageEventSchema.safeParse(rawEvent);
    const envelope = EventEnvelopeSchema.safeParse(rawBody);
    if (!parsedEvent.success || !envelope.success) return;
    const event = parsedEvent.data;
    const user = event.user;
    if (user === undefined || event.bot_id !== undefined || user === botUserId) return;
    if (event.subtype !== undefined && !STUDENT_SUBTYPES.has(event.subtype)) return;
    const direct = event.channel_type === "im";
    // In channels a plain message is only for the tutor inside a thread it answered in; mentions come as app_mention.
    if (
      event.type === "message" &&
      !direct &&
      (event.thread_ts === undefined || !(await deps.threads.has(`slack:thread:${event.channel}:${event.thread_ts}`)))
    )
      return;
    if (!(await deps.deliveries.first(`slack:message:${envelope.data.team_id}:${event.channel}:${event.ts}`))) return;
    if (!served(envelope.data.team_id)) {
      const { turn, place } = buildMessageTurn({ ...event, user }, envelope.data.team_id, NOBODY, botUserId);
      return refuse(turn, place);
    }
    if (!direct) await deps.threads.add(`slack:thread:${event.channel}:${event.thread_ts ?? event.ts}`);
    const student = await deps.lookupStudent(user);
    const { turn, place } = buildMessageTurn({ ...event, user }, envelope.data.team_id, student, botUserId);
    const contentCommand = toContentCommand(turn.text);
    turn.text = turn.text === "" ? "/help" : (contentCommand ?? turn.text);
    // Only a teacher's files are fetched; a student's upload reaches the tutor empty and is refused there.
    const { attachments, refusals } =
      teachesSomewhere(user, student) && isUploadCommand(contentCommand)
        ? await deps.collectFiles(toOfferedFiles(event.files), await messagesOf(turn))
        : { attachments: [], refusals: [] };
    turn.attachments = attachments;
    await start(turn, place, refusals);
  };

  app.event("app_mention", async ({ event, body, context }) => onMessage(event, body, context.botUserId));
  app.event("message", async ({ event, body, context }) => onMessage(event, body, context.botUserId));

  app.command("/tutor", async ({ ack, command }) => {
    await ack();
    const parsed = SlashCommandSchema.safeParse(command);
    if (!parsed.success) return deps.logger.warn("Slack /tutor command without the expected fields; ignored");
    const { text, private: privateOnly } = convertSlashCommandText(parsed.data.text);
    if (!served(parsed.data.team_id)) {
      const { turn, place } = buildCommandTurn(parsed.data, text, true, NOBODY);
      return refuse(turn, place);
    }
    const student = await deps.lookupStudent(parsed.data.user_id);
    const { turn, place } = buildCommandTurn(parsed.data, text, privateOnly, {
      ...student,
      displayName: student.displayName || parsed.data.user_name,
    });
    // A slash command carries no files: Slack uploads arrive as files shared in a message.
    const uploadByMessage = teachesSomewhere(parsed.data.user_id, student) && isUploadCommand(text);
    await start(turn, place, uploadByMessage ? [(await messagesOf(turn)).t("adapter.slack-upload-by-message")] : []);
  });

  app.action(new RegExp(`^${ACTION_ID_PREFIX}`), async ({ ack, body }) => {
    await ack();
    const parsed = BlockActionSchema.safeParse(body);
    if (!parsed.success) return deps.logger.warn("Slack block action without the expected fields; ignored");
    const teamId = parsed.data.team?.id ?? parsed.data.user.team_id ?? "unknown";
    if (!served(teamId)) {
      const refused = buildActionTurn(parsed.data, teamId, NOBODY);
      return refused && (await refuse(refused.turn, refused.place));
    }
    const built = buildActionTurn(parsed.data, teamId, await deps.lookupStudent(parsed.data.user.id));
    if (built !== undefined) await start(built.turn, built.place);
  });

  app.event("app_home_opened", async ({ event, body }) => {
    const parsed = AppHomeOpenedEventSchema.safeParse(event);
    const envelope = EventEnvelopeSchema.safeParse(body);
    // Outside the allowed workspaces the App Home stays as Slack shows it: there is no conversation to refuse in.
    if (!parsed.success || !envelope.success || parsed.data.tab === "messages" || !served(envelope.data.team_id)) return;
    const userId = parsed.data.user;
    const turn = buildHomeTurn(envelope.data.team_id, userId, envelope.data.event_id, await deps.lookupStudent(userId));
    await deps.track(publishHome(app, deps, turn, userId));
  });

  app.error(async (error) => deps.logger.error(`Slack listener failed: ${describeError(error)}`));
}

async function* refusal(messages: Messages): AsyncIterable<ReplyEvent> {
  yield { type: "notice", text: messages.t("adapter.slack-workspace-not-served"), audience: "conversation" };
}

async function publishHome(app: App, deps: ListenerDeps, turn: Turn, userId: string): Promise<void> {
  try {
    const replies = [];
    for await (const reply of deps.handler.handle(turn)) replies.push(reply);
    await app.client.views.publish({
      user_id: userId,
      view: buildHomeView(replies, messagesFor(await deps.handler.languageFor(turn.classScopes))),
    });
  } catch (error) {
    deps.logger.error(`Slack App Home for ${pseudonym(`slack:user:${userId}`)} failed: ${describeError(error)}`);
  }
}
