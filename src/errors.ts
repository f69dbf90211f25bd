/**
 * Expected failures, one class per cause, so each layer can say the right thing. Messages are written
 * for the person who can fix them and never contain secrets.
 */
export type ErrorCode =
  | "config-invalid"
  | "content-invalid"
  | "llm-server-down"
  | "llm-model-missing"
  | "llm-timeout"
  | "llm-stream-failed"
  | "llm-bad-output"
  | "index-embedder-mismatch"
  | "store-busy"
  | "store-unavailable"
  | "store-transfer-refused";

export class TutorError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ConfigError extends TutorError {
  constructor(message: string) {
    super("config-invalid", message);
  }
}

export class LlmServerDownError extends TutorError {
  constructor(
    readonly host: string,
    options?: { cause?: unknown },
  ) {
    super(
      "llm-server-down",
      `Ollama is not answering at ${host}. Start it with \`ollama serve\` (or set OLLAMA_HOST to where it runs).`,
      options,
    );
  }
}

export class LlmModelMissingError extends TutorError {
  constructor(
    readonly model: string,
    options?: { cause?: unknown },
  ) {
    super("llm-model-missing", `The model "${model}" is not installed in Ollama. Run \`ollama pull ${model}\`.`, options);
  }
}

export class LlmTimeoutError extends TutorError {
  constructor(
    readonly afterMs: number,
    options?: { cause?: unknown },
  ) {
    super("llm-timeout", `Ollama did not answer within ${Math.round(afterMs / 1000)} s.`, options);
  }
}

export class LlmStreamError extends TutorError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super("llm-stream-failed", `Ollama stopped in the middle of an answer: ${detail}`, options);
  }
}

export class LlmBadOutputError extends TutorError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super("llm-bad-output", `The model's answer was not in the expected form: ${detail}`, options);
  }
}

/** The profile store's database server cannot be reached (restarting, down, unreachable): nothing of the call was kept. */
export class StoreUnavailableError extends TutorError {
  /** `server` (host:port, never the password) names the server for the operator's log. */
  constructor(options?: { cause?: unknown; server?: string }) {
    const why = options?.cause instanceof Error ? `: ${options.cause.message}` : "";
    super(
      "store-unavailable",
      `The profile database${options?.server ? ` at ${options.server}` : ""} cannot be reached${why}. Nothing was written; check that the PostgreSQL server runs and DATABASE_URL names it.`,
      options,
    );
  }
}

/** Another process held the profile database's write lock for longer than a store call waits for it. */
export class StoreBusyError extends TutorError {
  constructor(
    readonly waitedMs: number,
    options?: { cause?: unknown },
  ) {
    super(
      "store-busy",
      `The profile database stayed locked by another process for ${waitedMs} ms (SQLite allows one writer at a time); nothing was written. A long job such as \`npm run mastery -- fit\` may hold it: try again once it is done.`,
      options,
    );
  }
}

/** The profile database is locked by another process: StoreBusyError, or SQLite's own "database is busy/locked". */
export function isStoreBusy(error: unknown): boolean {
  if (error instanceof StoreBusyError) return true;
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

export function isLlmUnavailable(error: unknown): error is TutorError {
  return error instanceof TutorError && error.code.startsWith("llm-");
}

/** `npm run store -- export|import` refused its input or its target; the message names the file, line or table and the fix. */
export class StoreTransferError extends TutorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("store-transfer-refused", message, options);
  }
}
