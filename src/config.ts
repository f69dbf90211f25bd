import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ConfigError } from "./errors.js";

/**
 * Every setting of the tutor, read from the environment and, beneath it, an optional config file
 * (YAML or JSON with the same names; `TUTOR_CONFIG`, default `./tutor.config.yaml`). Each is documented
 * in README.md under "Settings"; keep the two in step.
 */
const url = (fix: string) => z.string().url({ message: `must be a URL: ${fix}` });
const positiveInt = z.coerce.number().int().positive();
const optionalSecret = z.string().min(1).optional();
/** Ids as a YAML list or one comma-separated string (the environment's form). */
const idList = z
  .union([z.string(), z.array(z.coerce.string())])
  .transform((value) => (typeof value === "string" ? value.split(",") : value).map((id) => id.trim()).filter((id) => id !== ""));

/**
 * Who teaches a course, one entry per person or group: `discord:user:<id>`, `discord:role:<server id>/<role id>`,
 * `slack:user:<id>`, `slack:group:<user group id>`, or `terminal` (whoever runs the terminal chat).
 */
export const TeacherEntrySchema = z
  .string()
  .trim()
  .regex(/^(?:terminal|[a-z]+:(?:user|role|group):\S+)$/, {
    message: "each teacher is discord:user:<id>, discord:role:<server id>/<role id>, slack:user:<id>, slack:group:<id> or terminal",
  })
  .refine((entry) => !entry.startsWith("discord:user:") || /^discord:user:\d+$/.test(entry), {
    message: "a Discord user is discord:user:<numeric user id>",
  })
  .refine((entry) => !entry.startsWith("discord:role:") || /^discord:role:\d+\/\d+$/.test(entry), {
    message: "a Discord role is discord:role:<server id>/<role id> (a role counts only in its own server)",
  })
  .refine((entry) => !entry.startsWith("slack:group:") || /^slack:group:S[A-Z0-9]+$/.test(entry), {
    message: "a Slack user group is slack:group:S… (its id, not its handle)",
  });

export const SettingsSchema = z.object({
  OLLAMA_HOST: url("e.g. http://127.0.0.1:11434").default("http://127.0.0.1:11434"),
  OLLAMA_MODEL: z.string().min(1).default("llama3.2"),
  /** `builtin` needs no model weights; `ollama` uses OLLAMA_EMBED_MODEL. */
  TUTOR_EMBEDDER: z.enum(["builtin", "ollama"]).default("builtin"),
  OLLAMA_EMBED_MODEL: z.string().min(1).default("nomic-embed-text"),
  OLLAMA_EMBED_QUERY_TIMEOUT_MS: positiveInt.default(3000),
  OLLAMA_TIMEOUT_MS: positiveInt.default(120_000),
  OLLAMA_IDLE_TIMEOUT_MS: positiveInt.default(30_000),
  OLLAMA_MAX_IN_FLIGHT: positiveInt.default(2),
  OLLAMA_KEEP_ALIVE: z.string().default("30m"),
  OLLAMA_NUM_CTX: positiveInt.default(8192),
  OLLAMA_NUM_PREDICT: positiveInt.default(1024),
  OLLAMA_ANSWER_TIMEOUT_MS: positiveInt.default(300_000),

  /** A PostgreSQL server for the profiles (several processes or machines); unset: SQLite in TUTOR_DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(?:ql)?:\/\/\S+$/, { message: "must be a PostgreSQL URL, postgres://user:password@host:5432/database" })
    .optional(),
  DATABASE_POOL_SIZE: positiveInt.max(1000).default(10),
  TUTOR_DATA_DIR: z.string().min(1).default("./data"),
  TUTOR_CONTENT_DIR: z.string().min(1).default("./content"),
  TUTOR_DEFAULT_COURSE: z.string().optional(),
  /** `write`: this process builds and persists the search indexes; `read`: it serves what the writing process persisted. */
  TUTOR_INDEX_MODE: z.enum(["write", "read"]).default("write"),
  TUTOR_INDEX_RELOAD_MS: positiveInt.default(2000),
  TUTOR_RETRIEVAL_K: positiveInt.max(20).default(4),
  TUTOR_MEMORY_MESSAGES: positiveInt.max(100).default(12),
  TUTOR_MEMORY_CHARS: positiveInt.default(6000),
  TUTOR_MAX_MESSAGE_CHARS: positiveInt.default(4000),
  TUTOR_MAX_REPLY_CHARS: positiveInt.min(500).default(8000),
  TUTOR_STREAM_EDIT_MS: positiveInt.default(1200),
  TUTOR_SHUTDOWN_GRACE_MS: positiveInt.default(7000),
  /** A quiz question left this long without a try or a hint lapses; fractions allowed (0.5 is half an hour). */
  TUTOR_PENDING_ITEM_TTL_HOURS: z.coerce.number().positive().max(8760).default(24),
  TUTOR_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Class scope → course id, e.g. `discord:guild:123: python-basics`. Only from the config file. */
  bindings: z.record(z.string(), z.string()).default({}),
  /** Course id → the place its teachers hear about content problems, e.g. `python-basics: discord:channel:123`. Config file only. */
  teacherChannels: z.record(z.string(), z.string()).default({}),
  /** Course id → its teachers (see TeacherEntrySchema). Config file only; a course with none can't be changed from chat. */
  teachers: z.record(z.string(), z.array(TeacherEntrySchema)).default({}),

  DISCORD_TOKEN: optionalSecret,
  DISCORD_APPLICATION_ID: z.string().optional(),
  DISCORD_GUILD_ID: z.string().optional(),
  DISCORD_API_URL: url("e.g. https://discord.com/api").default("https://discord.com/api"),
  /** Servers the bot serves; elsewhere it only answers with a refusal. Unset: every server it is in. */
  DISCORD_ALLOWED_GUILDS: idList.optional(),

  SLACK_BOT_TOKEN: optionalSecret,
  SLACK_APP_TOKEN: optionalSecret,
  SLACK_SIGNING_SECRET: optionalSecret,
  SLACK_API_URL: url("e.g. https://slack.com/api/").default("https://slack.com/api/"),
  /** Workspaces the app serves; elsewhere it only answers with a refusal. Unset: every workspace it is installed in. */
  SLACK_ALLOWED_TEAMS: idList.optional(),
  PORT: positiveInt.max(65535).default(3000),
});
export type Settings = z.infer<typeof SettingsSchema>;

export interface Config extends Settings {
  dataDir: string;
  contentDir: string;
  databaseFile: string;
  discordEnabled: boolean;
  slackMode: "socket" | "http" | "off";
}

const FIXES: Partial<Record<keyof Settings, string>> = {
  TUTOR_EMBEDDER: "set it to builtin (no model needed) or ollama (uses OLLAMA_EMBED_MODEL)",
  PORT: "set it to a free port number between 1 and 65535",
  TUTOR_LOG_LEVEL: "use debug, info, warn or error",
  DATABASE_URL:
    "write it as postgres://user:password@host:5432/database (percent-encode special characters in the password), or unset it to keep profiles in SQLite",
  DATABASE_POOL_SIZE: "use a whole number of connections, e.g. 10; processes × this must stay under the server's max_connections",
  TUTOR_INDEX_MODE: "use write in the one process that builds the search indexes and read in every other process sharing TUTOR_DATA_DIR",
  TUTOR_PENDING_ITEM_TTL_HOURS: "use a number of hours above 0 (and at most a year), e.g. 24 for a day or 0.5 for half an hour",
  teachers: "name each course's teachers as in the Settings section of README.md, e.g. `python-basics: [discord:user:123456789012345678]`",
};

/** Settings that granted teacher rights by server role or workspace standing: refused, with the way to name teachers now. */
const RETIRED: Record<string, string> = {
  DISCORD_TEACHER_ROLE:
    "teachers are named per course under `teachers:` in the config file, e.g. `python-basics: [discord:role:<server id>/<role id>]`",
  SLACK_TEACHER_GROUP: "teachers are named per course under `teachers:` in the config file, e.g. `python-basics: [slack:group:<group id>]`",
};

/** Reads and validates the settings; throws a ConfigError naming each bad setting and its fix. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const fileSettings = readConfigFile(env.TUTOR_CONFIG, cwd);
  const fromEnv = Object.fromEntries(
    Object.keys(SettingsSchema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== "")
      .map((key) => [key, env[key]]),
  );
  const retired = Object.keys(RETIRED).filter((key) => (env[key] !== undefined && env[key] !== "") || key in fileSettings);
  if (retired.length > 0)
    throw new ConfigError(`Invalid settings:\n${retired.map((key) => `- ${key} is no longer read. Fix: ${RETIRED[key]}`).join("\n")}`);
  const parsed = SettingsSchema.safeParse({ ...fileSettings, ...fromEnv });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]) as keyof Settings;
      const where = issue.path.length > 1 ? ` (${issue.path.slice(1).join(" › ")})` : "";
      return `- ${key}${where}: ${issue.message}. Fix: ${FIXES[key] ?? "see the Settings section of README.md"}`;
    });
    throw new ConfigError(`Invalid settings:\n${lines.join("\n")}`);
  }
  const settings = parsed.data;
  if (settings.SLACK_BOT_TOKEN && !settings.SLACK_APP_TOKEN && !settings.SLACK_SIGNING_SECRET) {
    throw new ConfigError(
      "Invalid settings:\n- SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is. Fix: set one of them (see the Slack section of README.md)",
    );
  }
  const dataDir = path.resolve(cwd, settings.TUTOR_DATA_DIR);
  return {
    ...settings,
    dataDir,
    contentDir: path.resolve(cwd, settings.TUTOR_CONTENT_DIR),
    databaseFile: path.join(dataDir, "tutor.db"),
    discordEnabled: Boolean(settings.DISCORD_TOKEN),
    slackMode: !settings.SLACK_BOT_TOKEN ? "off" : settings.SLACK_APP_TOKEN ? "socket" : "http",
  };
}

function readConfigFile(explicitPath: string | undefined, cwd: string): Record<string, unknown> {
  const file = path.resolve(cwd, explicitPath ?? "tutor.config.yaml");
  if (!existsSync(file)) {
    if (explicitPath) throw new ConfigError(`TUTOR_CONFIG points to ${file}, which does not exist. Fix: create it or unset TUTOR_CONFIG.`);
    return {};
  }
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, "utf8"), { maxAliasCount: 50 });
  } catch (error) {
    throw new ConfigError(
      `The config file ${file} is not valid YAML or JSON (${(error as Error).message.split("\n")[0]}). Fix: check its indentation and quotes.`,
    );
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data))
    throw new ConfigError(`The config file ${file} must hold \`NAME: value\` lines. Fix: see the Settings section of README.md.`);
  const unknown = Object.keys(data).filter((key) => !(key in SettingsSchema.shape) && !(key in RETIRED));
  if (unknown.length > 0)
    throw new ConfigError(
      `The config file ${file} has unknown setting${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}. Fix: check the names against the Settings section of README.md.`,
    );
  return data as Record<string, unknown>;
}
