import { describe, expect, it } from "vitest";
import type { FlowContext } from "../../src/tutor/flow-context.js";
import { prepareWhileQueued } from "../../src/tutor/flows/model-slot.js";
import { FairLimiter } from "../../src/tutor/llm/fair-limiter.js";
import type { ReplyEvent } from "../../src/tutor/turn.js";
import { YieldingLane } from "../../src/tutor/yielding-lane.js";

/** Just what the model line needs of a turn: the shared limiter and lane, and who is asking. */
function contextFor(studentId: string, limiter: FairLimiter, prepareLane: YieldingLane): FlowContext {
  return { studentId, services: { limiter, prepareLane, stopSignal: new AbortController().signal } } as unknown as FlowContext;
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
