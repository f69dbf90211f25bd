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

  describe("a slot granted to a caller paused at its place-in-line notice, then abandoned, goes back", () => {
    /** b waits behind a (capacity 1), paused at its "number 1 in line" notice; then a releases, which grants b's slot. */
    async function grantedWhilePaused(signal?: AbortSignal) {
      const limiter = new FairLimiter(1);
      const first = await acquire(limiter, "a");
      const waiting = limiter.waitTurn("b", signal);
      const notice = await waiting.next();
      expect(notice).toMatchObject({ done: false, value: { position: 1 } });
      first.release();
      expect(limiter.active).toBe(1);
      return { limiter, waiting };
    }

    it("by return()", async () => {
      const { limiter, waiting } = await grantedWhilePaused();
      await waiting.return(() => {});
      expect(limiter.active).toBe(0);
      const next = await acquire(limiter, "c");
      expect(next.statuses).toEqual([]);
    });

    it("by throw()", async () => {
      const { limiter, waiting } = await grantedWhilePaused();
      await expect(waiting.throw(new Error("turn failed"))).rejects.toThrow("turn failed");
      expect(limiter.active).toBe(0);
    });

    it("by its signal aborting before it resumes", async () => {
      const controller = new AbortController();
      const { limiter, waiting } = await grantedWhilePaused(controller.signal);
      controller.abort(new Error("shutting down"));
      await expect(waiting.next()).rejects.toThrow("shutting down");
      expect(limiter.active).toBe(0);
      expect(limiter.waiting).toBe(0);
    });

    it("and a caller that resumes takes it at once, without waiting out the re-check", async () => {
      const { limiter, waiting } = await grantedWhilePaused();
      const step = await waiting.next();
      expect(step.done).toBe(true);
      expect(limiter.active).toBe(1);
      (step.value as () => void)();
      expect(limiter.active).toBe(0);
    });

    it("by its signal aborting while it sleeps between notices, granted or not", async () => {
      for (const grantFirst of [false, true]) {
        const limiter = new FairLimiter(1);
        const first = await acquire(limiter, "a");
        const controller = new AbortController();
        const waiting = limiter.waitTurn("b", controller.signal);
        await waiting.next();
        const sleeping = waiting.next();
        await new Promise((resolve) => setImmediate(resolve));
        if (grantFirst) first.release();
        controller.abort(new Error("gone"));
        await expect(sleeping).rejects.toThrow("gone");
        if (!grantFirst) first.release();
        expect(limiter.active).toBe(0);
        expect(limiter.waiting).toBe(0);
      }
    });
  });

  it("a signal already aborted takes no slot", async () => {
    const limiter = new FairLimiter(1);
    const controller = new AbortController();
    controller.abort(new Error("stopped"));
    await expect(acquire(limiter, "a", controller.signal)).rejects.toThrow("stopped");
    expect(limiter.active).toBe(0);
  });

  it("closed, ends every wait with the reason and takes no new one; slots held stay until released", async () => {
    const closing = new AbortController();
    const limiter = new FairLimiter(1, Date.now, { closed: closing.signal });
    const holder = await acquire(limiter, "a");
    const waits = [acquire(limiter, "b"), acquire(limiter, "c"), acquire(limiter, "b")];
    await new Promise((resolve) => setImmediate(resolve));
    expect(limiter.waiting).toBe(3);
    closing.abort(new Error("shutting down"));
    for (const wait of waits) await expect(wait).rejects.toThrow("shutting down");
    expect([limiter.active, limiter.waiting]).toEqual([1, 0]);
    await expect(acquire(limiter, "d")).rejects.toThrow("shutting down");
    holder.release();
    expect(limiter.active).toBe(0);
  });
});
