import type { FairLimiter, QueueStatus } from "./fair-limiter.js";

/**
 * A place in the model's line, held from the moment it is taken: its wait runs by itself, so a slot granted
 * while its owner is busy elsewhere (reading the student's state) is taken at once. The tutor takes one as a
 * question arrives, before any database work: in a burst, students keep the order they wrote in, and the
 * reads happen during a wait they have anyway. The flow that asks the model `wait`s on it; a turn that does
 * not `giveUp`s, which frees a slot it was granted.
 */
export class PlaceInLine {
  private readonly leave = new AbortController();
  private readonly granted: Promise<() => void>;
  private status: QueueStatus | undefined;
  private changed: (() => void) | undefined;
  private settled = false;
  private handedOver = false;

  constructor(limiter: FairLimiter, key: string, signal: AbortSignal) {
    const waiting = limiter.waitTurn(key, AbortSignal.any([this.leave.signal, signal]));
    this.granted = (async () => {
      try {
        for (let step = await waiting.next(); ; step = await waiting.next()) {
          if (step.done) return step.value;
          this.status = step.value;
          this.changed?.();
        }
      } finally {
        this.settled = true;
        this.changed?.();
      }
    })();
    this.granted.catch(() => undefined);
  }

  /** `giveUp` was called. */
  get givenUp(): boolean {
    return this.leave.signal.aborted;
  }

  /** Yields the place's status whenever it changes until the slot comes; returns the slot's release (call it once). */
  async *wait(): AsyncGenerator<QueueStatus, () => void> {
    let shown: QueueStatus | undefined;
    while (!this.settled) {
      if (this.status && this.status !== shown) {
        shown = this.status;
        yield shown;
        continue;
      }
      await new Promise<void>((resolve) => (this.changed = resolve));
    }
    const release = await this.granted;
    this.handedOver = true;
    return release;
  }

  /** Leaves the line, freeing a slot granted and not handed over; nothing once `wait` has handed the slot over. */
  giveUp(): void {
    if (this.handedOver) return;
    this.leave.abort();
    this.granted.then(
      (release) => {
        if (!this.handedOver) release();
      },
      () => undefined,
    );
  }
}
