import { RecentKeys } from "../../shared/recent-keys.js";
import type { ClaimStore } from "./claim-store.js";

/**
 * How long a delivery is remembered: far longer than any platform redelivers (Slack retries within minutes,
 * Discord replays what a resumed session missed), short enough that the claims stay a small table.
 */
const CLAIM_TTL_MS = 24 * 60 * 60 * 1000;

/** Keys this process remembers without asking the store (a retry often comes back to the same process). */
const REMEMBERED = 10_000;

/**
 * Deliveries handled once across every process sharing a ClaimStore, and across restarts: a bounded in-memory set
 * in front answers the repeats this process already saw, the store decides the rest. Without a store (tests, a
 * terminal), this process's memory alone.
 */
export class ClaimedOnce {
  private readonly recent = new RecentKeys(REMEMBERED);

  constructor(
    private readonly store: ClaimStore | undefined,
    private readonly options: {
      /** A failed claim is reported here and the delivery handled: answering twice beats never answering. */
      onStoreError: (key: string, error: unknown) => void;
      clock?: () => number;
      ttlMs?: number;
    },
  ) {}

  /** This process has had `key` already (a repeat, or the first delivery itself): known without asking the store. */
  seenHere(key: string): boolean {
    return this.recent.has(key);
  }

  /**
   * True for the first delivery of `key` (this process handles it), false for every repeat, in any process. This
   * process knows the key at once; the store is asked once `askStore` resolves (the turn's work may start later).
   */
  async first(key: string, askStore?: Promise<void>): Promise<boolean> {
    if (!this.recent.add(key)) return false;
    if (!this.store) return true;
    await askStore;
    const now = (this.options.clock ?? Date.now)();
    try {
      return await this.store.claimOnce(key, now, now + (this.options.ttlMs ?? CLAIM_TTL_MS));
    } catch (error) {
      this.options.onStoreError(key, error);
      return true;
    }
  }
}
