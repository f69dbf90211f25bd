import type { FlowContext } from "../flow-context.js";
import type { ReplyEvent } from "../turn.js";

/**
 * Waits for a free slot at the model, telling the student their place in line while they wait.
 * Use as `const release = yield* waitForModelSlot(context)` and release in a `finally`.
 */
export async function* waitForModelSlot(context: FlowContext): AsyncGenerator<ReplyEvent, () => void> {
  const waiting = context.services.limiter.waitTurn(context.studentId);
  let step = await waiting.next();
  while (!step.done) {
    yield { type: "queued", position: step.value.position, etaSeconds: step.value.etaSeconds };
    step = await waiting.next();
  }
  return step.value;
}
