import { Ollama, type ChatRequest } from "ollama";
import { isSameModel } from "../../ollama/model-name.js";
import { OllamaCall, type FetchFunction } from "../../ollama/ollama-call.js";
import type { ChatMessage, ChatModel, ChatOptions, ModelHealth } from "./chat-model.js";
import { parseJsonReply } from "./parse-json-reply.js";

export interface OllamaChatModelOptions {
  /** e.g. `http://127.0.0.1:11434`; anything ollama-js accepts as a host. */
  host: string;
  model: string;
  /** Limit for a whole non-streamed request, and for the first token of a stream (model loading included). */
  requestTimeoutMs?: number;
  /** Longest silence allowed between two streamed chunks. */
  idleTimeoutMs?: number;
  /** Limit for health(); short, since a healthy local server answers /api/tags in milliseconds. */
  healthTimeoutMs?: number;
  /** Longest a streamed answer may take in all, however steadily it streams. */
  answerTimeoutMs?: number;
  keepAlive?: string | number;
  numCtx?: number;
  /** Most tokens the model may generate for one reply (Ollama's `num_predict`). */
  numPredict?: number;
  fetch?: FetchFunction;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
const DEFAULT_ANSWER_TIMEOUT_MS = 300_000;
const DEFAULT_HEALTH_TIMEOUT_MS = 2_000;

export class OllamaChatModel implements ChatModel {
  readonly name: string;

  constructor(private readonly options: OllamaChatModelOptions) {
    this.name = `ollama:${options.model}`;
  }

  async *stream(messages: ChatMessage[], options?: ChatOptions): AsyncGenerator<string> {
    const call = this.startCall(options?.signal);
    call.armTimeout(this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    call.setDeadline(this.options.answerTimeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS);
    try {
      const parts = await this.createClient(call).chat({ ...this.buildRequest(messages, options), stream: true });
      for await (const part of parts) {
        // The clock stops while the consumer holds the piece: only the server's silence counts.
        call.disarmTimeout();
        if (part.message.content) yield part.message.content;
        call.armTimeout(this.options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
      }
    } catch (error) {
      throw call.toError(error);
    } finally {
      call.end();
    }
  }

  async completeJson(messages: ChatMessage[], schema: Record<string, unknown>, options?: ChatOptions): Promise<unknown> {
    const call = this.startCall(options?.signal);
    call.armTimeout(this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    let content: string;
    try {
      const request = this.buildRequest(messages, { temperature: options?.temperature ?? 0 });
      const reply = await this.createClient(call).chat({ ...request, format: schema, stream: false });
      content = reply.message.content;
    } catch (error) {
      throw call.toError(error);
    } finally {
      call.end();
    }
    return parseJsonReply(content);
  }

  async health(): Promise<ModelHealth> {
    const call = this.startCall();
    call.armTimeout(this.options.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS);
    try {
      const { models } = await this.createClient(call).list();
      const installed = models.some((m) => isSameModel(m.name, this.options.model));
      return installed ? { status: "ready" } : { status: "model-missing", model: this.options.model };
    } catch {
      // Whatever went wrong, nothing usable answers at this address.
      return { status: "server-down", host: this.options.host };
    } finally {
      call.end();
    }
  }

  private startCall(signal?: AbortSignal): OllamaCall {
    return new OllamaCall({ host: this.options.host, model: this.options.model, fetch: this.options.fetch, signal });
  }

  /** A client per call: the client's own abort() would end every stream it has open. */
  private createClient(call: OllamaCall): Ollama {
    return new Ollama({ host: this.options.host, fetch: call.fetch });
  }

  private buildRequest(messages: ChatMessage[], options?: ChatOptions): ChatRequest {
    const modelOptions: NonNullable<ChatRequest["options"]> = {};
    if (options?.temperature !== undefined) modelOptions.temperature = options.temperature;
    if (this.options.numCtx !== undefined) modelOptions.num_ctx = this.options.numCtx;
    if (this.options.numPredict !== undefined) modelOptions.num_predict = this.options.numPredict;
    return {
      model: this.options.model,
      messages: messages.map(({ role, content }) => ({ role, content })),
      options: modelOptions,
      ...(this.options.keepAlive !== undefined && { keep_alive: this.options.keepAlive }),
    };
  }
}
