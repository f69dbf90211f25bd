import path from "node:path";
import { startDiscordAdapter } from "./adapters/discord/discord-adapter.js";
import { startSlackAdapter } from "./adapters/slack/start-slack-adapter.js";
import { createTeacherChannelNotifier, type NoticePoster } from "./adapters/teacher-channels.js";
import { runTerminalChat } from "./adapters/terminal/terminal-chat.js";
import { createTutorApp, type TutorApp } from "./compose.js";
import { loadConfig, type Config } from "./config.js";
import { ConfigError } from "./errors.js";
import { appendToFile, createLogger, stderrSharesStdout, type Logger } from "./logger.js";
import { createLogNotifier } from "./retrieval/teacher-notifier.js";
import { warmUpProgressCharts } from "./tutor/flows/progress.js";
import { rehearseTurns } from "./tutor/rehearsal.js";
import { describeOutage } from "./tutor/model-status.js";
import { messagesFor } from "./tutor/i18n/messages.js";

/** Something started that must be stopped before exit. */
type Stoppable = { name: string; stop(): Promise<void>; postNotice?: NoticePoster["postNotice"] };

async function startChatAdapters(config: Config, app: TutorApp, log: Logger): Promise<Stoppable[]> {
  const started: Stoppable[] = [];
  if (config.discordEnabled) {
    const discord = await startDiscordAdapter(
      {
        token: config.DISCORD_TOKEN!,
        apiUrl: config.DISCORD_API_URL,
        threads: app.store,
        claims: app.store,
        teachers: app.teachers,
        allowedGuilds: config.DISCORD_ALLOWED_GUILDS,
        streamEditIntervalMs: config.TUTOR_STREAM_EDIT_MS,
        logger: log,
      },
      app.tutor,
    );
    log.info(`discord: connected as user ${discord.botUserId}`);
    started.push({ name: "discord", stop: () => discord.stop(), postNotice: discord.postNotice });
  }
  if (config.slackMode !== "off") {
    const slack = await startSlackAdapter(
      {
        botToken: config.SLACK_BOT_TOKEN!,
        appToken: config.SLACK_APP_TOKEN,
        signingSecret: config.SLACK_SIGNING_SECRET,
        port: config.PORT,
        apiUrl: config.SLACK_API_URL,
        teachers: app.teachers,
        allowedTeams: config.SLACK_ALLOWED_TEAMS,
        threads: app.store,
        claims: app.store,
        streamEditIntervalMs: config.TUTOR_STREAM_EDIT_MS,
      },
      app.tutor,
      log,
    );
    log.info(slack.mode === "socket" ? "slack: connected in Socket Mode" : `slack: listening on port ${slack.port} at /slack/events`);
    started.push({ name: "slack", stop: () => slack.stop(), postNotice: slack.postNotice });
  }
  return started;
}

async function main(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const databasePassword = config.DATABASE_URL ? decodeURIComponent(new URL(config.DATABASE_URL).password) : undefined;
  const secrets = [
    config.DISCORD_TOKEN,
    config.SLACK_BOT_TOKEN,
    config.SLACK_APP_TOKEN,
    config.SLACK_SIGNING_SECRET,
    databasePassword,
  ].filter((s): s is string => Boolean(s));
  // The terminal chat is the student's screen: logs there go to a file (stderr when it is elsewhere).
  const terminalChat = !config.discordEnabled && config.slackMode === "off";
  const logFile = terminalChat && stderrSharesStdout() ? path.join(config.dataDir, "tutor.log") : undefined;
  const log = createLogger({ level: config.TUTOR_LOG_LEVEL, secrets, ...(logFile ? { write: appendToFile(logFile) } : {}) });
  const app = await createTutorApp(config, log, { watchContent: true });
  const courses = app.library.courses();
  if (courses.length === 0) {
    log.error(`no valid course in ${config.contentDir}; fix the problems above or set TUTOR_CONTENT_DIR`);
    if (logFile) process.stderr.write(`No valid course in ${config.contentDir}: the problems are in ${logFile}.\n`);
    await app.close();
    return 1;
  }

  // One look at the model before the first student, who would otherwise wait for it.
  const checkingModel = app.tutor.checkModel();
  checkingModel.catch(() => undefined);
  void warmUpProgressCharts(courses);
  // While the adapters connect: every flow runs once in memory, so the first class is served as fast as the next.
  rehearseTurns(app.library, config.TUTOR_DEFAULT_COURSE).catch((error: unknown) =>
    log.warn("the start-up rehearsal could not run; the first students' turns will be slower", { error }),
  );

  let adapters: Stoppable[];
  try {
    adapters = await startChatAdapters(config, app, log);
  } catch (error) {
    await app.close();
    if (error instanceof ConfigError) {
      log.error(error.message);
      return 2;
    }
    throw error;
  }

  // Content notices (a broken file, a hard-to-find lesson) reach each course's teacherChannels place from now on.
  const posters = adapters.flatMap(({ postNotice }) => (postNotice ? [{ postNotice }] : []));
  app.library.setNotifier(createTeacherChannelNotifier(config.teacherChannels, posters, createLogNotifier(log), log, app.teachers));

  if (adapters.length === 0) {
    const health = await checkingModel;
    const course = (config.TUTOR_DEFAULT_COURSE ? app.library.course(config.TUTOR_DEFAULT_COURSE) : undefined) ?? courses[0]!;
    const messages = messagesFor(await app.tutor.languageFor(["terminal"]));
    const modelLine =
      health.status === "ready"
        ? messages.t("terminal.model-ready", { model: config.OLLAMA_MODEL, host: config.OLLAMA_HOST })
        : messages.t("terminal.retrieval-only", { outage: describeOutage(health, messages) });
    const chat = runTerminalChat(app.tutor, {
      input: process.stdin,
      output: process.stdout,
      downloadsDir: path.join(config.dataDir, "exports"),
      greeting: `${messages.t("terminal.greeting", { course: course.manifest.title, count: app.library.passageCount(course.manifest.id) })} ${modelLine}\n${messages.t("terminal.how-to")}${logFile ? `\n${messages.t("terminal.log-file", { path: logFile })}` : ""}`,
    });
    await Promise.race([chat, waitForStopSignal()]);
    await stopGracefully(app, [], log, config.TUTOR_SHUTDOWN_GRACE_MS);
    return 0;
  }

  await waitForStopSignal();
  await stopGracefully(app, adapters, log, config.TUTOR_SHUTDOWN_GRACE_MS);
  return 0;
}

function waitForStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGTERM", resolve);
    process.once("SIGINT", resolve);
  });
}

/**
 * New turns get a "restarting" notice while the adapters still deliver; replies in progress finish or are
 * cut with a notice after the grace period; then the adapters stop and the store is closed (flushed).
 */
async function stopGracefully(app: TutorApp, adapters: Stoppable[], log: Logger, graceMs: number): Promise<void> {
  log.info(`stopping: finishing replies in progress (up to ${graceMs / 1000} s)`);
  const { finishedInGrace } = await app.tutor.shutdown(graceMs);
  if (!finishedInGrace) log.warn("stopping: replies still running after the grace period were cut with a notice");
  await Promise.allSettled(adapters.map((adapter) => adapter.stop()));
  await app.close();
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The tutor stopped: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
