import path from "node:path";
import { runTerminalChat } from "./adapters/terminal/terminal-chat.js";
import { createTutorApp } from "./compose.js";
import { loadConfig, type Config } from "./config.js";
import { ConfigError } from "./errors.js";
import { createLogger } from "./logger.js";
import { describeOutage } from "./tutor/model-status.js";

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
  const secrets = [config.DISCORD_TOKEN, config.SLACK_BOT_TOKEN, config.SLACK_APP_TOKEN, config.SLACK_SIGNING_SECRET].filter((s): s is string => Boolean(s));
  const log = createLogger({ level: config.TUTOR_LOG_LEVEL, secrets });
  const app = await createTutorApp(config, log);
  const courses = app.library.courses();
  if (courses.length === 0) {
    log.error(`no valid course in ${config.contentDir}; fix the problems above or set TUTOR_CONTENT_DIR`);
    await app.close();
    return 1;
  }
  const health = await app.model.health();
  const modelLine =
    health.status === "ready"
      ? `Model: ${config.OLLAMA_MODEL} at ${config.OLLAMA_HOST}.`
      : `Retrieval-only mode: ${describeOutage(health)} Until then I answer with course passages; quizzes, hints and progress work as usual.`;

  const course = courses[0]!;
  await runTerminalChat(app.tutor, {
    input: process.stdin,
    output: process.stdout,
    downloadsDir: path.join(config.dataDir, "exports"),
    greeting: `Tutor for “${course.manifest.title}” (${app.library.passageCount(course.manifest.id)} passages). ${modelLine}\nAsk a question, or type /quiz, /progress or /help. Ctrl-D to leave.`,
  });
  await app.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The tutor stopped: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
