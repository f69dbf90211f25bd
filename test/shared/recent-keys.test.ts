import { describe, expect, it } from "vitest";
import { RecentKeys } from "../../src/shared/recent-keys.js";

describe("RecentKeys", () => {
  it("accepts an id once", () => {
    const ids = new RecentKeys(10);
    expect(ids.add("turn-1")).toBe(true);
    expect(ids.add("turn-1")).toBe(false);
    expect(ids.add("turn-2")).toBe(true);
  });

  it("stays within its capacity, forgetting the oldest", () => {
    const ids = new RecentKeys(3);
    for (const id of ["a", "b", "c", "d"]) expect(ids.add(id)).toBe(true);
    expect(ids.add("b")).toBe(false);
    expect(ids.add("d")).toBe(false);
    expect(ids.add("a")).toBe(true);
  });
});
