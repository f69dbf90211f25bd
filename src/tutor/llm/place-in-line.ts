import type { YieldingLane } from "../yielding-lane.js";
import type { FairLimiter, QueueStatus } from "./fair-limiter.js";

/**
 * Longest a place waiting to start holds the prepare lane for its turn's first store work: a turn that never
 * reports it (a consumer that stopped reading its replies) must not stop the places behind it.
 */
const START_HOLD_MS = 1000;

/** When a turn in line may start its store work, and how it says that work is made. */
export interface TurnStart {
  started: Promise<void>;
  /** The first store work is made (or the turn ended): the next place in the lane may start. Idempotent. */
  done(): void;
}

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
  /** The slot was free as the place was taken: the model waits for this turn's work, nobody else's. */
  readonly grantedOnArrival: boolean;

  constructor(limiter: FairLimiter, key: string) {
    this.grantedOnArrival = limiter.hasFreeSlot;
    const waiting = limiter.waitTurn(key, this.leave.signal);
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

  /**
   * For a place that waits: its turn starts its store work (claim, first reads) when `lane` comes to it, after the
   * places before it have made theirs, or at once when its slot comes. When a class arrives at once, the store then
   * serves first the turns the model is waiting for, and those in line one after another while they wait anyway,
   * instead of every turn's work at once, the first ones' last.
   */
  startInLane(lane: YieldingLane): TurnStart {
    let done!: () => void;
    const made = new Promise<void>((resolve) => (done = resolve));
    let start!: () => void;
    const started = new Promise<void>((resolve) => (start = resolve));
    // Granted (or given up): the turn goes at once, and the places behind it need not wait for its work.
    const settled = this.granted.then(
      () => undefined,
      () => undefined,
    );
    const ticket = lane.schedule(async () => {
      start();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([made, settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, START_HOLD_MS).unref()))]);
      clearTimeout(timer);
    });
    void settled.then(ticket.hurry);
    return { started, done };
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
