import type { AddressInfo } from "node:net";
import { App } from "@slack/bolt";
import { ConfigError } from "../../errors.js";
import { createLogger, type Logger } from "../../logger.js";
import type { TurnHandler } from "../../tutor/turn.js";
import { collectUploads } from "../teacher-uploads.js";
import { describeError } from "./describe-error.js";
import { postSlackNotice } from "./post-notice.js";
import { registerListeners } from "./register-listeners.js";
import { resolveMode, SlackAdapterOptionsSchema, type SlackAdapterOptions } from "./slack-adapter-options.js";
import { toBoltLogger } from "./to-bolt-logger.js";
import { createUserDirectory } from "./user-directory.js";
import { ClaimedOnce } from "../../tutor/store/claimed-once.js";
import { TutoringThreads } from "../tutoring-threads.js";

export interface SlackAdapter {
  mode: "socket" | "http";
  /** The HTTP port listened on (HTTP mode). */
  port: number | undefined;
  /** Stops receiving, then waits for the turns already started to finish rendering. */
  stop(): Promise<void>;
  /** A content notice to `slack:channel:<id>` or `slack:user:<id>` (the app's DM); false for other scopes. */
  postNotice(scope: string, text: string): Promise<boolean>;
}

/**
 * Connects the tutor to Slack: over Socket Mode (app token) or HTTP (signing secret, `POST /slack/events`
 * for events, commands and interactivity). Checks the bot token with `auth.test` before it listens.
 */
/** `log`: where bolt and the adapter log (stderr by default). */
export async function startSlackAdapter(
  options: SlackAdapterOptions,
  handler: TurnHandler,
  log: Logger = createLogger(),
): Promise<SlackAdapter> {
  const parsedOptions = SlackAdapterOptionsSchema.safeParse(options);
  if (!parsedOptions.success)
    throw new ConfigError(`Slack settings are invalid: ${parsedOptions.error.issues.map((issue) => issue.message).join("; ")}`);
  const settings = parsedOptions.data;
  const mode = resolveMode(settings);
  const app = new App({
    token: settings.botToken,
    ...(mode === "socket"
      ? { socketMode: true, appToken: settings.appToken }
      : { signingSecret: settings.signingSecret, processBeforeResponse: settings.processBeforeResponse }),
    clientOptions: { slackApiUrl: settings.apiUrl },
    logger: toBoltLogger(log),
    convoStore: false,
  });
  const logger = app.logger;

  try {
    await app.client.auth.test();
  } catch (error) {
    throw new ConfigError(`Slack did not accept the bot token (SLACK_BOT_TOKEN) at ${settings.apiUrl}: ${describeError(error)}`);
  }

  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>): Promise<void> => {
    inFlight.add(work);
    return work.finally(() => inFlight.delete(work));
  };
  const lookupStudent = createUserDirectory(app.client, {
    teacherGroupIds: settings.teachers.entriesOfKind("slack:group:").map((entry) => entry.slice("slack:group:".length)),
    cacheMs: settings.userCacheMs,
    onError: (what, error) => logger.warn(`Slack ${what} failed, treating the user as a student: ${describeError(error)}`),
  });
  // `url_private_download` needs the bot token (scope files:read); Slack signs the events that carry the URL.
  const collectFiles = (files: Parameters<typeof collectUploads>[0], messages: Parameters<typeof collectUploads>[1]) =>
    collectUploads(files, messages, { headers: { authorization: `Bearer ${settings.botToken}` } });
  registerListeners(app, {
    handler,
    lookupStudent,
    threads: new TutoringThreads(settings.threads),
    deliveries: new ClaimedOnce(settings.claims, {
      onStoreError: (key, error) =>
        logger.warn(`Slack delivery ${key} could not be claimed in the store; handled here: ${describeError(error)}`),
    }),
    teachers: settings.teachers,
    allowedTeams: settings.allowedTeams,
    editIntervalMs: settings.streamEditIntervalMs,
    logger,
    track,
    collectFiles,
  });

  let port: number | undefined;
  if (mode === "socket") {
    await app.start();
  } else {
    const server = await app.start({ port: settings.port, ...(settings.host === undefined ? {} : { host: settings.host }) });
    port = (server.address() as AddressInfo | null)?.port;
  }
  logger.info(mode === "socket" ? "Slack adapter connected over Socket Mode" : `Slack adapter listening on port ${port} at /slack/events`);

  return {
    mode,
    port,
    postNotice: (scope, text) => postSlackNotice(app.client, scope, text),
    async stop() {
      await app.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}
