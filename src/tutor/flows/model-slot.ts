import type { FlowContext } from "../flow-context.js";
import type { ReplyEvent } from "../turn.js";
import type { LaneTicket } from "../yielding-lane.js";

/**
 * Waits for a free slot at the model, telling the student their place in line while they wait.
 * Use as `const release = yield* waitForModelSlot(context)` and release in a `finally`.
 */
export async function* waitForModelSlot(context: FlowContext): AsyncGenerator<ReplyEvent, () => void> {
  const { release } = yield* prepareWhileQueued(context, async () => undefined);
  return release;
}

/**
 * Waits in the student's place in the model's line (taken as the turn arrived, or now) and does `prepare`
 * (retrieval, the prompt) while waiting there: in a busy class the search happens during a wait the student has
 * anyway, instead of after it. In line, `prepare` runs in the tutor's prepare lane (between other students'
 * streams); with a slot (at once or before the lane got to it) it goes ahead of the lane. Yields the student's
 * place in line; returns what `prepare` made and the slot's release (call it in a `finally`). If `prepare`
 * fails, the place in line is given up and its error thrown.
 */
export async function* prepareWhileQueued<T>(
  context: FlowContext,
  prepare: () => Promise<T>,
): AsyncGenerator<ReplyEvent, { value: T; release: () => void }> {
  const place = context.placeInLine();
  let ticket: LaneTicket<T> | undefined;
  let release: (() => void) | undefined;
  let handedOver = false;
  try {
    try {
      const waiting = place.wait();
      let step = await waiting.next();
      ticket = context.services.prepareLane.schedule(prepare);
      ticket.result.catch(() => place.giveUp());
      while (!step.done) {
        yield { type: "queued", position: step.value.position, etaSeconds: step.value.etaSeconds };
        step = await waiting.next();
      }
      release = step.value;
    } catch (error) {
      // Given up because `prepare` failed: its error is the one that matters.
      if (place.givenUp && ticket) await ticket.result;
      throw error;
    }
    ticket.hurry();
    const value = await ticket.result;
    handedOver = true;
    return { value, release };
  } finally {
    if (!handedOver) {
      release?.();
      place.giveUp();
    }
  }
}
