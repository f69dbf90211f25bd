import { LlmModelMissingError, LlmServerDownError, LlmStreamError, TutorError } from "../errors.js";

export interface FailedCall {
  host: string;
  model: string;
  /** Whether the server had started answering (status and headers received) before the failure. */
  responded: boolean;
}

/** ollama-js does not export its ResponseError; it is recognised by shape (note `status_code`, not `status`). */
function readHttpFailure(error: unknown): { status: number; message: string } | undefined {
  if (!(error instanceof Error) || error.name !== "ResponseError") return undefined;
  const status = (error as { status_code?: unknown }).status_code;
  return typeof status === "number" ? { status, message: error.message } : undefined;
}

/**
 * Turns whatever the client threw into one of the errors in errors.ts. Unknown errors before any answer are
 * returned unchanged: they are bugs, not Ollama's state.
 */
export function mapOllamaError(error: unknown, call: FailedCall): unknown {
  if (error instanceof TutorError) return error;
  const http = readHttpFailure(error);
  if (http) {
    if (http.status === 404 && /model .* not found/.test(http.message)) return new LlmModelMissingError(call.model, { cause: error });
    // A 404 on the route itself means whatever listens there is not (this version of) Ollama.
    if (http.status === 404) return new LlmServerDownError(call.host, { cause: error });
    return new LlmStreamError(`HTTP ${http.status}: ${http.message}`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  if (call.responded) return new LlmStreamError(message, { cause: error });
  // undici reports refused, reset and unresolvable connections as TypeError("fetch failed", { cause }).
  if (error instanceof TypeError) return new LlmServerDownError(call.host, { cause: error });
  return error;
}
