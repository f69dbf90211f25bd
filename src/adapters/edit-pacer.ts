/**
 * How long to wait before the next edit of a streamed message, so edits of one message stay at least
 * `intervalMs` apart (Discord allows about 5 edits per 5 s per channel, Slack about one `chat.update`
 * per second). The first send (`lastSentAt` undefined) goes at once.
 */
export function computeEditDelay(lastSentAt: number | undefined, now: number, intervalMs: number): number {
  if (lastSentAt === undefined) return 0;
  return Math.max(0, lastSentAt + intervalMs - now);
}

/**
 * Paces the edits of one streamed message, whatever the platform: a requested edit waits until
 * `intervalMs` after the previous one, requests made meanwhile fold into it, and every call runs after
 * the one before, so an edit never overtakes the post it edits.
 */
export class EditPacer {
  private lastSentAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `edit` (which should read the latest text when it runs) at the next paced moment. */
  request(edit: () => Promise<void>): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        // Counted from when the edit is decided, so deltas arriving while a call is in flight wait their turn.
        this.lastSentAt = this.now();
        this.enqueue(edit);
      },
      computeEditDelay(this.lastSentAt, this.now(), this.intervalMs),
    );
  }

  /** Drops a waiting edit, runs `last` (if any) after the calls in flight, and resolves when all are done. */
  finish(last?: () => Promise<void>): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (last !== undefined) this.enqueue(last);
    return this.queue;
  }

  private enqueue(step: () => Promise<void>): void {
    this.queue = this.queue.then(step);
  }
}
