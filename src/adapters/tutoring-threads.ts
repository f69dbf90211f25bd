import { LRUCache } from "lru-cache";
import type { TutoringThreadStore } from "../tutor/store/tutoring-thread-store.js";

/** Threads whose answer (tutoring or not) is kept in memory; the store holds them all. */
const REMEMBERED = 10_000;

/**
 * The threads an adapter answers follow-ups in without a mention. A bounded cache in front of the store:
 * the store survives a restart, the cache spares it a read for every message in a busy thread.
 */
export class TutoringThreads {
  private readonly known = new LRUCache<string, boolean>({ max: REMEMBERED });

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
    if (cached !== undefined) return cached;
    const stored = (await this.store?.isTutoringThread(threadKey)) ?? false;
    this.known.set(threadKey, stored);
    return stored;
  }
}
