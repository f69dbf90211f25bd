import { createHash } from "node:crypto";
import { fstatSync, mkdirSync, openSync, writeSync } from "node:fs";
import path from "node:path";

/**
 * One-line structured logs on stderr for the operator. Values that look like secrets (bot tokens,
 * app tokens, bearer headers) are masked, so a token pasted into an error never reaches a log file.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * A short stable stand-in for a student's or teacher's id in logs: the operator can follow one person
 * across lines without the log naming them, and "forget me" leaves nothing in old log files to find.
 */
export function pseudonym(id: string): string {
  return `p-${createHash("sha256").update(id).digest("hex").slice(0, 10)}`;
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

const SECRET_PATTERNS: RegExp[] = [
  /\bxox[abposr]-[A-Za-z0-9-]{8,}/g, // Slack bot/user tokens
  /\bxapp-[A-Za-z0-9-]{8,}/g, // Slack app-level tokens
  /\b[MNO][A-Za-z\d_-]{23,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,40}\b/g, // Discord bot tokens
  /\b(Bot|Bearer)\s+[A-Za-z0-9._-]{16,}/g,
];

export function redactSecrets(text: string, extraSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of extraSecrets) if (secret.length >= 6) out = out.split(secret).join("[redacted]");
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, "[redacted]");
  return out;
}

export function createLogger(options: { level?: LogLevel; write?: (line: string) => void; secrets?: readonly string[] } = {}): Logger {
  const threshold = RANK[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const secrets = options.secrets ?? [];
  const log = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (RANK[level] < threshold) return;
    const extra = fields
      ? ` ${JSON.stringify(fields, (_key, value: unknown) => (value instanceof Error ? { name: value.name, message: value.message } : value))}`
      : "";
    write(redactSecrets(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${extra}`, secrets));
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

/** Appends each line to `file` (created with its folder), synchronously, so nothing is lost when the process stops. */
export function appendToFile(file: string): (line: string) => void {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, "a");
  return (line) => writeSync(fd, `${line}\n`);
}

/**
 * True when stderr shows on the same screen or file as stdout: in the terminal chat the logs would be
 * printed between the tutor's replies, so they go to a file instead.
 */
export function stderrSharesStdout(): boolean {
  try {
    const [out, err] = [fstatSync(1), fstatSync(2)];
    return out.dev === err.dev && out.ino === err.ino && out.rdev === err.rdev;
  } catch {
    return false;
  }
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
