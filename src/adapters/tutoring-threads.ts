import { LRUCache } from "lru-cache";
import type { TutoringThreadStore } from "../tutor/store/tutoring-thread-store.js";

/** Threads whose answer (tutoring or not) is kept in memory; the store holds them all. */
const REMEMBERED = 10_000;

/**
 * How long "not a tutoring thread" is believed without asking the store again: another process (a Slack worker,
 * another instance after a restart) may have started tutoring in the thread since.
 */
export const NOT_TUTORING_RECHECK_MS = 5_000;

/**
 * The threads an adapter answers follow-ups in without a mention. A bounded cache in front of the store:
 * the store survives a restart and is shared by every process, the cache spares it a read for every message
 * in a busy thread. A tutoring thread stays one; a thread found not to be one is asked about again after
 * NOT_TUTORING_RECHECK_MS, so one that another process started tutoring in is recognised within that time.
 */
export class TutoringThreads {
  /** true: a tutoring thread; a number: when the store said it was not one. */
  private readonly known = new LRUCache<string, true | number>({ max: REMEMBERED });

  constructor(
    private readonly store: TutoringThreadStore | undefined,
    private readonly clock: () => number = Date.now,
  ) {}

  async add(threadKey: string): Promise<void> {
    if (this.known.get(threadKey) === true) return;
    this.known.set(threadKey, true);
    await this.store?.rememberThread(threadKey, this.clock());
  }

  async has(threadKey: string): Promise<boolean> {
    const cached = this.known.get(threadKey);
    if (cached === true) return true;
    const now = this.clock();
    if (cached !== undefined && now - cached < NOT_TUTORING_RECHECK_MS) return false;
    const stored = (await this.store?.isTutoringThread(threadKey)) ?? false;
    // A thread added meanwhile (by this process) stays a tutoring thread.
    if (this.known.get(threadKey) !== true) this.known.set(threadKey, stored ? true : now);
    return stored;
  }
}
