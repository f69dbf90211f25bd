/**
 * How long to wait before the next `chat.update` of a streamed answer, so that edits of one message stay
 * at least `intervalMs` apart (Slack rate-limits `chat.update`, about one per second per channel is safe).
 * The first send (`lastSentAt` undefined) goes at once.
 */
export function computeEditDelay(lastSentAt: number | undefined, now: number, intervalMs: number): number {
  if (lastSentAt === undefined) return 0;
  return Math.max(0, lastSentAt + intervalMs - now);
}
