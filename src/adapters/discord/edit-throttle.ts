/**
 * How long to wait before the next edit of a streamed message, so edits stay inside Discord's rate
 * limit (about 5 edits per 5 s per channel). The first post happens at once.
 */
export function delayBeforeNextEdit(lastEditAt: number | undefined, now: number, intervalMs: number): number {
  if (lastEditAt === undefined) return 0;
  return Math.max(0, lastEditAt + intervalMs - now);
}
