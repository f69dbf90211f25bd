import type { TurnHandler } from "../../src/tutor/turn.js";

/** The text a student sends to stand in for a busy model: the tutor's reply comes after a place in line. */
export const QUEUED_TEXT = "排队";
/** The text a student sends to stand in for a tutor bug: the handler throws. */
export const FAILING_TEXT = "出错";

/**
 * The real tutor's handler, with two turns standing in for what a test cannot cause on demand, which the
 * adapter words itself: a place in line (then the tutor's `/help`) and an exception.
 */
export function withQueueAndFailure(tutor: TurnHandler, queued: { position: number; etaSeconds: number }): TurnHandler {
  return {
    languageFor: (scopes) => tutor.languageFor(scopes),
    async *handle(turn) {
      if (turn.text === QUEUED_TEXT) {
        yield { type: "queued", ...queued };
        yield* tutor.handle({ ...turn, text: "/help" });
      } else if (turn.text === FAILING_TEXT) throw new Error("a tutor bug");
      else yield* tutor.handle(turn);
    },
  };
}

/** Every string in a request body sent to a platform: contents, button labels, thread names, views. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}
