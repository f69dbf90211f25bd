export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatOptions {
  signal?: AbortSignal;
  /** Sampling temperature; graders use 0. */
  temperature?: number;
}

/** Whether the model can answer right now, and if not, what the operator should do. */
export type ModelHealth = { status: "ready" } | { status: "server-down"; host: string } | { status: "model-missing"; model: string };

/**
 * The tutor's only view of a language model. `OllamaChatModel` is the real one; tests point it at a
 * fake Ollama server over HTTP. Failures are thrown as the errors in `errors.ts`.
 */
export interface ChatModel {
  readonly name: string;
  /** Streams the assistant's reply, piece by piece. */
  stream(messages: ChatMessage[], options?: ChatOptions): AsyncIterable<string>;
  /** A whole reply whose content is JSON matching `schema` (a JSON Schema object). */
  completeJson(messages: ChatMessage[], schema: Record<string, unknown>, options?: ChatOptions): Promise<unknown>;
  health(): Promise<ModelHealth>;
}
