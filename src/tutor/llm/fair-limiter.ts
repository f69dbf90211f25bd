/** Where a waiting request stands. */
export interface QueueStatus {
  /** 1 = next to be served. */
  position: number;
  etaSeconds: number;
}

interface Waiter {
  key: string;
  grant: () => void;
  /** Has the waiter look again at its state (granted, its place, the line closed). */
  wake: () => void;
}

/** The estimate of a request's time before any has finished: a local model's answer takes seconds. */
const INITIAL_SERVICE_MS = 8_000;

/**
 * Limits requests to the model to `capacity` at a time (to match the server's parallelism) and serves
 * waiting requests round-robin across keys (students), so one student's burst cannot starve a class.
 * Waiting callers are told their place and an estimate from recent service times.
 */
export class FairLimiter {
  private inFlight = 0;
  /** Keys in round-robin order, each with its own FIFO of waiters. */
  private readonly queues = new Map<string, Waiter[]>();
  private meanServiceMs = INITIAL_SERVICE_MS;
  private waitingCount = 0;
  private readonly closed: AbortSignal | undefined;

  /**
   * `closed` (the tutor's shutdown) ends every wait with its reason: one listener for the whole line, where one
   * per waiter would cost each student of a burst an EventTarget listener before the first one's turn goes on.
   */
  constructor(
    readonly capacity: number,
    private readonly clock: () => number = Date.now,
    { closed }: { closed?: AbortSignal } = {},
  ) {
    this.closed = closed;
    closed?.addEventListener("abort", () => this.wakeAll(), { once: true });
  }

  get waiting(): number {
    return this.waitingCount;
  }

  get active(): number {
    return this.inFlight;
  }

  /** A caller would be served at once: a slot is free and nobody is waiting. */
  get hasFreeSlot(): boolean {
    return this.inFlight < this.capacity && this.waiting === 0;
  }

  /**
   * Waits for a slot, yielding the caller's queue status whenever it must wait or its place changes;
   * returns the function that frees the slot (call it exactly once, in a `finally`). A slot granted while
   * the caller is paused at a status, then abandoned (`return()`, a throw, or `signal` aborting), goes
   * back at once: it is never lost.
   */
  async *waitTurn(key: string, signal?: AbortSignal): AsyncGenerator<QueueStatus, () => void> {
    signal?.throwIfAborted();
    this.closed?.throwIfAborted();
    if (this.hasFreeSlot) return this.take();
    let granted = false;
    let handedOver = false;
    let wake: () => void = () => {};
    const waiter: Waiter = {
      key,
      grant: () => {
        granted = true;
        wake();
      },
      wake: () => wake(),
    };
    const queue = this.queues.get(key) ?? [];
    queue.push(waiter);
    this.queues.set(key, queue);
    this.waitingCount += 1;
    const abandon = () => {
      this.remove(waiter);
      wake();
    };
    signal?.addEventListener("abort", abandon, { once: true });
    try {
      let lastPosition = 0;
      while (!granted) {
        signal?.throwIfAborted();
        this.closed?.throwIfAborted();
        const position = this.positionOf(waiter);
        if (position !== lastPosition) {
          lastPosition = position;
          yield { position, etaSeconds: Math.ceil((position * this.meanServiceMs) / this.capacity / 1000) };
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          // Re-check every second so positions shown stay fresh as others are served.
          setTimeout(resolve, 1000).unref?.();
        });
      }
      signal?.throwIfAborted();
      handedOver = true;
      return this.releaser(this.clock());
    } finally {
      signal?.removeEventListener("abort", abandon);
      if (!granted) this.remove(waiter);
      else if (!handedOver) this.giveBack();
    }
  }

  private take(): () => void {
    this.inFlight += 1;
    return this.releaser(this.clock());
  }

  private releaser(startedAt: number): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.meanServiceMs = 0.8 * this.meanServiceMs + 0.2 * Math.max(1, this.clock() - startedAt);
      this.giveBack();
    };
  }

  /** A slot back to the pool, and on to the next waiter. */
  private giveBack(): void {
    this.inFlight -= 1;
    this.grantNext();
  }

  /** Hands free slots to the next keys in round-robin order. */
  private grantNext(): void {
    while (this.inFlight < this.capacity) {
      const next = this.queues.entries().next();
      if (next.done) return;
      const [key, queue] = next.value;
      const waiter = queue.shift()!;
      this.waitingCount -= 1;
      this.queues.delete(key);
      // The key goes to the back of the line if it has more waiting.
      if (queue.length > 0) this.queues.set(key, queue);
      this.inFlight += 1;
      waiter.grant();
    }
  }

  /**
   * 1-based place in the serving order. Round r serves the r-th waiter of every key in key order, so a
   * waiter at depth d of its key follows d whole rounds, plus this round's keys ahead of its own.
   */
  private positionOf(waiter: Waiter): number {
    const depth = (this.queues.get(waiter.key) ?? []).indexOf(waiter);
    let ahead = 0;
    let beforeOwnKey = true;
    for (const [key, queue] of this.queues) {
      if (key === waiter.key) beforeOwnKey = false;
      ahead += Math.min(queue.length, depth) + (beforeOwnKey && queue.length > depth ? 1 : 0);
    }
    return ahead + 1;
  }

  private wakeAll(): void {
    for (const queue of this.queues.values()) for (const waiter of queue) waiter.wake();
  }

  private remove(waiter: Waiter): void {
    const queue = this.queues.get(waiter.key);
    if (!queue) return;
    const index = queue.indexOf(waiter);
    if (index >= 0) {
      queue.splice(index, 1);
      this.waitingCount -= 1;
    }
    if (queue.length === 0) this.queues.delete(waiter.key);
  }
}
