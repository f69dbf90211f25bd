/**
 * Keys of work to be done once by whichever process gets there first: platform event ids, message ids, turn ids.
 * Kept with the profiles, so a redelivered event that reaches another process, or this one after a restart, is
 * recognised. SqliteProfileStore is the real one.
 */
/** How often a store deletes the expired claims (at a claim, by the callers' clock). */
export const CLAIM_PURGE_INTERVAL_MS = 60_000;

export interface ClaimStore {
  /**
   * Claims `key` from `now` until `expiresAt` (epoch ms). True when no claim of `key` unexpired at `now` exists,
   * and the claim is then this caller's; false otherwise. Atomic: of any number of concurrent claims of one key,
   * from any processes sharing the store, exactly one gets true (one INSERT … ON CONFLICT that replaces only an
   * expired claim). A claim that returned true survives the process's crash (SqliteProfileStore's may not survive a
   * power cut: a delivery is then at worst answered twice). Expired claims count as absent and are deleted from time
   * to time, so the store holds about the claims of the last `expiresAt - now`.
   */
  claimOnce(key: string, now: number, expiresAt: number): Promise<boolean>;
}
