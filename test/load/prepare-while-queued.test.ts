import { describe, expect, it } from "vitest";
import type { FlowContext } from "../../src/tutor/flow-context.js";
import { prepareWhileQueued } from "../../src/tutor/flows/model-slot.js";
import { FairLimiter, type QueueStatus } from "../../src/tutor/llm/fair-limiter.js";
import { PlaceInLine } from "../../src/tutor/llm/place-in-line.js";
import type { ReplyEvent } from "../../src/tutor/turn.js";
import { YieldingLane } from "../../src/tutor/yielding-lane.js";

/** Just what the model line needs of a turn: the shared limiter and lane, and who is asking. */
function contextFor(studentId: string, limiter: FairLimiter, prepareLane: YieldingLane): FlowContext {
  return {
    studentId,
    services: { limiter, prepareLane },
    placeInLine: () => new PlaceInLine(limiter, studentId),
  } as unknown as FlowContext;
}

/** Runs the generator to its end, keeping what it yielded. */
async function drain<T>(flow: AsyncGenerator<ReplyEvent, T>): Promise<{ events: ReplyEvent[]; value: T }> {
  const events: ReplyEvent[] = [];
  let step = await flow.next();
  while (!step.done) {
    events.push(step.value);
    step = await flow.next();
  }
  return { events, value: step.value };
}

describe("YieldingLane", () => {
  it("runs tasks one at a time, in order, letting other callbacks run between them; hurry starts one at once", async () => {
    const lane = new YieldingLane();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(name);
      setImmediate(() => log.push(`after ${name}`));
      return name;
    };
    const a = lane.schedule(task("a"));
    const b = lane.schedule(task("b"));
    const c = lane.schedule(task("c"));
    c.hurry();
    expect(await Promise.all([a.result, b.result, c.result])).toEqual(["a", "b", "c"]);
    expect(log[0]).toBe("c");
    expect(log.indexOf("after a")).toBeLessThan(log.indexOf("b"));
  });

  it("runs hurried tasks one after another, so the first is done before the second starts", async () => {
    const lane = new YieldingLane();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setImmediate(resolve));
      log.push(`end ${name}`);
    };
    const a = lane.schedule(task("a"));
    const b = lane.schedule(task("b"));
    b.hurry();
    a.hurry();
    await Promise.all([a.result, b.result]);
    expect(log).toEqual(["start b", "end b", "start a", "end a"]);
  });

  it("hands a task's error to its caller and goes on with the next", async () => {
    const lane = new YieldingLane();
    const failing = lane.schedule(async () => {
      throw new Error("search failed");
    });
    const next = lane.schedule(async () => 2);
    await expect(failing.result).rejects.toThrow("search failed");
    expect(await next.result).toBe(2);
  });
});

describe("PlaceInLine", () => {
  /** Runs the place's wait to its end: the statuses it showed and the slot's release. */
  async function waitIn(place: PlaceInLine): Promise<{ statuses: QueueStatus[]; release: () => void }> {
    const statuses: QueueStatus[] = [];
    const waiting = place.wait();
    for (let step = await waiting.next(); ; step = await waiting.next()) {
      if (step.done) return { statuses, release: step.value };
      statuses.push(step.value);
    }
  }

  it("takes a slot freed while its owner is busy elsewhere at once, without being asked", async () => {
    const limiter = new FairLimiter(1);
    const ann = await waitIn(new PlaceInLine(limiter, "ann"));
    const bob = new PlaceInLine(limiter, "bob");
    expect(limiter.waiting).toBe(1);
    ann.release();
    await new Promise((resolve) => setImmediate(resolve));
    // Nobody has asked Bob's place about its wait yet, and the slot is already his.
    expect([limiter.active, limiter.waiting]).toEqual([1, 0]);
    const { statuses, release } = await waitIn(bob);
    expect(statuses).toEqual([]);
    release();
    expect(limiter.active).toBe(0);
  });

  it("shows its place while queued, then hands the slot over", async () => {
    const limiter = new FairLimiter(1);
    const ann = await waitIn(new PlaceInLine(limiter, "ann"));
    const bob = waitIn(new PlaceInLine(limiter, "bob"));
    await new Promise((resolve) => setImmediate(resolve));
    ann.release();
    const { statuses, release } = await bob;
    expect(statuses).toEqual([{ position: 1, etaSeconds: expect.any(Number) }]);
    expect(limiter.active).toBe(1);
    release();
  });

  it("given up, frees the slot it was granted, or leaves the line", async () => {
    const limiter = new FairLimiter(1);
    const granted = new PlaceInLine(limiter, "ann");
    await new Promise((resolve) => setImmediate(resolve));
    expect(limiter.active).toBe(1);
    const queued = new PlaceInLine(limiter, "bob");
    expect(limiter.waiting).toBe(1);
    queued.giveUp();
    await new Promise((resolve) => setImmediate(resolve));
    expect(limiter.waiting).toBe(0);
    granted.giveUp();
    await new Promise((resolve) => setImmediate(resolve));
    expect([limiter.active, limiter.waiting]).toEqual([0, 0]);
  });

  it("knows whether the slot was free as it was taken", () => {
    const limiter = new FairLimiter(1);
    expect(new PlaceInLine(limiter, "ann").grantedOnArrival).toBe(true);
    expect(new PlaceInLine(limiter, "bob").grantedOnArrival).toBe(false);
  });

  it("in line, starts its turn's work when the lane comes to it, after the places before it are done, or at once when its slot comes", async () => {
    const limiter = new FairLimiter(1);
    const lane = new YieldingLane();
    const ann = await waitIn(new PlaceInLine(limiter, "ann"));
    const log: string[] = [];
    const starts = ["bob", "cid", "dee"].map((name) => {
      const start = new PlaceInLine(limiter, name).startInLane(lane);
      void start.started.then(() => log.push(name));
      return start;
    });
    const turns = () => new Promise((resolve) => setTimeout(resolve, 20));
    await turns();
    // Bob's work has started; Cid waits for it to be done, however long it takes.
    expect(log).toEqual(["bob"]);
    starts[0]!.done();
    await turns();
    expect(log).toEqual(["bob", "cid"]);
    starts[1]!.done();
    await turns();
    expect(log).toEqual(["bob", "cid", "dee"]);
    ann.release();
  });

  it("granted while waiting for the lane, starts at once, ahead of the places before it", async () => {
    const limiter = new FairLimiter(1);
    const lane = new YieldingLane();
    const ann = await waitIn(new PlaceInLine(limiter, "ann"));
    const log: string[] = [];
    const inLine = (name: string) => {
      const place = new PlaceInLine(limiter, name);
      const start = place.startInLane(lane);
      void start.started.then(() => log.push(name));
      return { place, start };
    };
    // Dee is ahead of Cid in the lane and has not finished her work; Bob is next for the model.
    const dee = inLine("dee");
    const bob = inLine("bob");
    const cid = inLine("cid");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).toEqual(["dee"]);
    // Bob's and Dee's places leave the line, so the slot Ann frees is Cid's: Cid starts though Dee still holds the lane.
    bob.place.giveUp();
    dee.place.giveUp();
    ann.release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).toEqual(["dee", "bob", "cid"]);
    for (const { start } of [dee, bob, cid]) start.done();
  });

  it("given up after handing its slot over, leaves the slot with its holder", async () => {
    const limiter = new FairLimiter(1);
    const place = new PlaceInLine(limiter, "ann");
    const { release } = await waitIn(place);
    place.giveUp();
    await new Promise((resolve) => setImmediate(resolve));
    expect(limiter.active).toBe(1);
    release();
    expect(limiter.active).toBe(0);
  });
});

describe("prepareWhileQueued", () => {
  it("prepares while the student waits in line, and hands over the slot with what it made", async () => {
    const limiter = new FairLimiter(1);
    const lane = new YieldingLane();
    const first = await drain(prepareWhileQueued(contextFor("ann", limiter, lane), async () => "ann's prompt"));
    expect(first.events).toEqual([]);
    let prepared!: (whileWaiting: boolean) => void;
    const preparing = new Promise<boolean>((resolve) => (prepared = resolve));
    const second = drain(
      prepareWhileQueued(contextFor("bob", limiter, lane), async () => {
        prepared(limiter.active === 1 && limiter.waiting === 1);
        return "bob's prompt";
      }),
    );
    expect(await preparing).toBe(true);
    first.value.release();
    const { events, value } = await second;
    expect(events).toEqual([{ type: "queued", position: 1, etaSeconds: expect.any(Number) }]);
    expect(value.value).toBe("bob's prompt");
    expect(limiter.active).toBe(1);
    value.release();
    expect(limiter.active).toBe(0);
  });

  it("gives up the place in line when preparing fails, with that error", async () => {
    const limiter = new FairLimiter(1);
    const lane = new YieldingLane();
    const held = await drain(prepareWhileQueued(contextFor("ann", limiter, lane), async () => 1));
    const failing = drain(
      prepareWhileQueued(contextFor("bob", limiter, lane), async () => {
        throw new Error("index missing");
      }),
    );
    await expect(failing).rejects.toThrow("index missing");
    expect(limiter.waiting).toBe(0);
    held.value.release();
    expect(limiter.active).toBe(0);
  });

  it("with a free slot, a failed preparation frees the slot", async () => {
    const limiter = new FairLimiter(1);
    const flow = prepareWhileQueued(contextFor("ann", limiter, new YieldingLane()), async () => {
      throw new Error("no course");
    });
    await expect(drain(flow)).rejects.toThrow("no course");
    expect(limiter.active).toBe(0);
  });
});
