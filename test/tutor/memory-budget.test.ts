import { describe, expect, it } from "vitest";
import { fitMemory } from "../../src/tutor/memory-budget.js";
import type { MemoryEntry } from "../../src/tutor/store/profile-store.js";

const entry = (content: string, at: number): MemoryEntry => ({ role: at % 2 ? "assistant" : "user", content, at });

describe("fitMemory", () => {
  it("keeps the newest entries that fit in the character budget, oldest first", () => {
    const entries = [entry("a".repeat(500), 1), entry("b".repeat(300), 2), entry("c".repeat(300), 3)];
    expect(fitMemory(entries, 700).map((kept) => kept.at)).toEqual([2, 3]);
    expect(fitMemory(entries, 1100).map((kept) => kept.at)).toEqual([1, 2, 3]);
    expect(fitMemory(entries, 599).map((kept) => kept.at)).toEqual([3]);
  });

  it("keeps the end of a newest entry that alone is over the budget, and nothing with no budget", () => {
    const [kept] = fitMemory([entry(`${"x".repeat(1000)}the end`, 1)], 10);
    expect(kept!.content).toBe("…xxthe end");
    expect(kept!.content).toHaveLength(10);
    expect(fitMemory([entry("hello", 1)], 0)).toEqual([]);
  });
});
