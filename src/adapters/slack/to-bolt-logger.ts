import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "../../logger.js";
import { redactSecrets } from "../../logger.js";
import { describeError } from "./describe-error.js";

const RANK: Record<LogLevel, number> = { [LogLevel.DEBUG]: 0, [LogLevel.INFO]: 1, [LogLevel.WARN]: 2, [LogLevel.ERROR]: 3 };

/**
 * Bolt and its WebClient log through this: the project's logger underneath, bolt's own chatter kept
 * at the level bolt asks for, every part turned into one line without tokens.
 */
export function toBoltLogger(log: Logger, name = "slack"): BoltLogger {
  let level = LogLevel.INFO;
  const write =
    (at: LogLevel, sink: (message: string) => void) =>
    (...parts: unknown[]) => {
      if (RANK[at] < RANK[level]) return;
      sink(
        redactSecrets(
          `${name}: ${parts.map((part) => (typeof part === "string" ? part : part instanceof Error ? describeError(part) : safeJson(part))).join(" ")}`,
        ),
      );
    };
  return {
    debug: write(LogLevel.DEBUG, (message) => log.debug(message)),
    info: write(LogLevel.INFO, (message) => log.info(message)),
    warn: write(LogLevel.WARN, (message) => log.warn(message)),
    error: write(LogLevel.ERROR, (message) => log.error(message)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next: string) => {
      name = next;
    },
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
