import { describe, expect, it } from "vitest";
import { SerialLanes } from "../../src/tutor/serial-lanes.js";

/** A promise the test resolves by hand, so ordering does not depend on timers. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe("SerialLanes", () => {
  it("runs work of the same key one at a time, in arrival order", async () => {
    const lanes = new SerialLanes();
    const log: string[] = [];
    const gates = [gate(), gate(), gate()];
    const run = async (n: number) => {
      const release = await lanes.acquire("student|conv");
      log.push(`start ${n}`);
      await gates[n]!.promise;
      log.push(`end ${n}`);
      release();
    };
    const all = Promise.all([run(0), run(1), run(2)]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(["start 0"]);
    gates[2]!.open();
    gates[1]!.open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(["start 0"]);
    gates[0]!.open();
    await all;
    expect(log).toEqual(["start 0", "end 0", "start 1", "end 1", "start 2", "end 2"]);
    expect(lanes.activeLanes).toBe(0);
  });

  it("different keys run concurrently", async () => {
    const lanes = new SerialLanes();
    const first = await lanes.acquire("a");
    // While "a" is held, "b" is granted at once.
    const second = await lanes.acquire("b");
    expect(lanes.activeLanes).toBe(2);
    let thirdGranted = false;
    const third = lanes.acquire("a").then((release) => {
      thirdGranted = true;
      return release;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(thirdGranted).toBe(false);
    second();
    first();
    (await third)();
    expect(thirdGranted).toBe(true);
    expect(lanes.activeLanes).toBe(0);
  });
});
