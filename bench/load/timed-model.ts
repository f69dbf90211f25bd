import type { ChatMessage, ChatModel, ChatOptions } from "../../src/tutor/llm/chat-model.js";

export interface StreamTiming {
  startedAt: number;
  firstChunkAt?: number;
  endedAt?: number;
}

/** Pulls the bench's turn tag (`#t123`) out of the question the tutor passed to the model. */
export function tagOf(messages: ChatMessage[]): string | undefined {
  const question = messages.filter((message) => message.role === "user").at(-1)?.content ?? "";
  return /#t\d+/.exec(question)?.[0];
}

/**
 * The model, with timestamps of each stream's start, first chunk (as it leaves the model, before the tutor
 * sees it) and end, by turn tag: the tutor's own time is the turn's time minus these.
 */
export function timeModel(
  model: ChatModel,
  timings: Map<string, StreamTiming>,
  now: () => number = performance.now.bind(performance),
): ChatModel {
  return {
    name: model.name,
    health: () => model.health(),
    completeJson: (messages, schema, options) => model.completeJson(messages, schema, options),
    stream: (messages: ChatMessage[], options?: ChatOptions) => {
      const tag = tagOf(messages);
      return (async function* () {
        const timing: StreamTiming = { startedAt: now() };
        if (tag) timings.set(tag, timing);
        try {
          for await (const piece of model.stream(messages, options)) {
            timing.firstChunkAt ??= now();
            yield piece;
          }
        } finally {
          timing.endedAt = now();
        }
      })();
    },
  };
}

/** The value at quantile q (0..1) of `values`, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
