import { describe, expect, it } from "vitest";
import { FairLimiter, type QueueStatus } from "../../src/tutor/llm/fair-limiter.js";

/** Runs a waitTurn generator to its end, keeping the statuses it yielded. */
async function acquire(limiter: FairLimiter, key: string, signal?: AbortSignal) {
  const statuses: QueueStatus[] = [];
  const waiting = limiter.waitTurn(key, signal);
  let step = await waiting.next();
  while (!step.done) {
    statuses.push(step.value);
    step = await waiting.next();
  }
  return { release: step.value, statuses };
}

describe("FairLimiter", () => {
  it("grants up to its capacity at once and queues the rest", async () => {
    const limiter = new FairLimiter(2);
    const a = await acquire(limiter, "a");
    await acquire(limiter, "b");
    expect(limiter.active).toBe(2);
    const third = acquire(limiter, "c");
    await new Promise((resolve) => setImmediate(resolve));
    expect(limiter.waiting).toBe(1);
    a.release();
    const c = await third;
    expect(c.statuses[0]).toMatchObject({ position: 1 });
    expect(limiter.active).toBe(2);
    expect(limiter.waiting).toBe(0);
  });

  it("frees the place of a caller that gives up while waiting", async () => {
    const limiter = new FairLimiter(1);
    const first = await acquire(limiter, "a");
    const controller = new AbortController();
    const abandoned = acquire(limiter, "b", controller.signal);
    const patient = acquire(limiter, "c");
    await new Promise((resolve) => setImmediate(resolve));
    expect(limiter.waiting).toBe(2);
    controller.abort(new Error("student left"));
    await expect(abandoned).rejects.toThrow("student left");
    expect(limiter.waiting).toBe(1);
    first.release();
    const served = await patient;
    expect(limiter.active).toBe(1);
    served.release();
    expect(limiter.active).toBe(0);
    expect(limiter.waiting).toBe(0);
  });

  it("ignores a second release of the same slot", async () => {
    const limiter = new FairLimiter(1);
    const first = await acquire(limiter, "a");
    const next = acquire(limiter, "b");
    await new Promise((resolve) => setImmediate(resolve));
    first.release();
    const second = await next;
    first.release(); // would free b's slot too if counted twice
    expect(limiter.active).toBe(1);
    const third = acquire(limiter, "c");
    await new Promise((resolve) => setImmediate(resolve));
    expect(limiter.waiting).toBe(1);
    second.release();
    (await third).release();
    expect(limiter.active).toBe(0);
  });

  it("serves keys round-robin: one key's burst does not push another key to the back", async () => {
    const limiter = new FairLimiter(1);
    const holder = await acquire(limiter, "busy");
    const served: string[] = [];
    const burst = Array.from({ length: 5 }, (_, i) => acquire(limiter, "busy").then((slot) => (served.push(`busy${i}`), slot)));
    await new Promise((resolve) => setImmediate(resolve));
    const single = acquire(limiter, "other").then((slot) => (served.push("other"), slot));
    await new Promise((resolve) => setImmediate(resolve));
    holder.release();
    for (let i = 0; i < 6; i++) {
      // Release whichever slot was granted last, one at a time.
      await new Promise((resolve) => setImmediate(resolve));
      const next = served.at(-1)!;
      const slot = next === "other" ? await single : await burst[Number(next.slice(4))]!;
      slot.release();
    }
    expect(served.indexOf("other")).toBe(1);
    const other = await single;
    expect(other.statuses[0]).toMatchObject({ position: 2 });
  });
});
