import type { MemoryEntry } from "./store/profile-store.js";

/**
 * The newest conversation entries whose text fits in `maxChars`, oldest first: memory is capped in
 * characters as well as in messages, so a few very long messages cannot crowd out the course passages.
 * The newest entry alone over the budget keeps only its end.
 */
export function fitMemory(entries: readonly MemoryEntry[], maxChars: number): MemoryEntry[] {
  const kept: MemoryEntry[] = [];
  let used = 0;
  for (let index = entries.length - 1; index >= 0; index--) {
    const entry = entries[index]!;
    if (used + entry.content.length > maxChars) {
      if (kept.length === 0 && maxChars > 0)
        kept.push({ ...entry, content: `…${entry.content.slice(entry.content.length - maxChars + 1)}` });
      break;
    }
    kept.push(entry);
    used += entry.content.length;
  }
  return kept.reverse();
}
