import { LlmTimeoutError } from "../errors.js";
import { mapOllamaError } from "./map-ollama-error.js";
import { guardNdjson } from "./ndjson-guard.js";

export type FetchFunction = typeof fetch;

export interface OllamaCallOptions {
  host: string;
  model: string;
  fetch?: FetchFunction;
  /** The caller's cancellation; its reason is what the call then throws. */
  signal?: AbortSignal;
}

/**
 * One request to Ollama with its own cancellation, so that ending one call never touches another (the
 * client's `abort()` would end every stream of that client). Timeouts live here because ollama-js passes
 * no signal for non-streamed calls: the fetch given to the client adds this call's signal to every request.
 */
export class OllamaCall {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private responded = false;
  private readonly signal: AbortSignal;
  readonly fetch: FetchFunction;

  constructor(private readonly options: OllamaCallOptions) {
    const signals = [this.controller.signal, options.signal].filter((s): s is AbortSignal => s !== undefined);
    const callSignal = (this.signal = AbortSignal.any(signals));
    const baseFetch = options.fetch ?? fetch;
    this.fetch = async (input, init) => {
      const signal = init?.signal ? AbortSignal.any([init.signal, callSignal]) : callSignal;
      const response = await baseFetch(input, { ...init, signal });
      this.responded = true;
      const isNdjson = response.headers.get("content-type")?.includes("application/x-ndjson") ?? false;
      if (!isNdjson || !response.body) return response;
      return new Response(response.body.pipeThrough(guardNdjson()), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    };
  }

  /** (Re)starts the countdown after which the call is abandoned with an LlmTimeoutError. */
  armTimeout(ms: number): void {
    this.disarmTimeout();
    this.timer = setTimeout(() => this.controller.abort(new LlmTimeoutError(ms)), ms);
  }

  disarmTimeout(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** A limit on the whole call, however steadily it makes progress (a model that never stops talking). */
  setDeadline(ms: number): void {
    clearTimeout(this.deadline);
    this.deadline = setTimeout(() => this.controller.abort(new LlmTimeoutError(ms)), ms);
  }

  /** Releases the timers and the connection; harmless after a normal finish. */
  end(): void {
    this.disarmTimeout();
    clearTimeout(this.deadline);
    this.controller.abort();
  }

  /** What to throw for a failure of this call: the abort reason if it was cancelled, else the mapped error. */
  toError(error: unknown): unknown {
    if (this.signal.aborted) return this.signal.reason;
    return mapOllamaError(error, { host: this.options.host, model: this.options.model, responded: this.responded });
  }
}
