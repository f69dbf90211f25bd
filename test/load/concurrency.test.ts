import { afterEach, describe, expect, it } from "vitest";
import type { ReplyEvent } from "../../src/tutor/turn.js";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama.js";
import { startCountingProxy, type CountingProxy } from "./counting-proxy.js";
import { collect, createRealTutor, finals, makeTurn, type RealTutor } from "./real-tutor.js";

let ollama: FakeOllama | undefined;
let proxy: CountingProxy | undefined;
let real: RealTutor | undefined;

afterEach(async () => {
  await real?.close();
  await proxy?.close();
  await ollama?.stop();
  real = proxy = ollama = undefined;
});

async function setUp(maxModelRequests: number, pace: { firstTokenDelayMs: number; tokensPerSecond: number }) {
  ollama = await startFakeOllama({
    ...pace,
    respond: (request) => `Answer to: ${request.messages.filter((m) => m.role === "user").at(-1)?.content}`,
  });
  proxy = await startCountingProxy(ollama.url);
  real = await createRealTutor({ ollamaUrl: proxy.url, maxModelRequests });
  return real;
}

/** Resolves once `events` has yielded a `queued` event, then keeps collecting in the background. */
function startCollecting(events: AsyncIterable<ReplyEvent>) {
  const seen: ReplyEvent[] = [];
  let onQueued: () => void = () => {};
  const queued = new Promise<void>((resolve) => (onQueued = resolve));
  const done = (async () => {
    for await (const event of events) {
      seen.push(event);
      if (event.type === "queued") onQueued();
    }
    onQueued();
    return seen;
  })();
  return { seen, queued, done };
}

describe("concurrency through the real tutor", () => {
  it("never has more chat requests at Ollama than the limit, and answers every turn exactly once", async () => {
    const { tutor } = await setUp(3, { firstTokenDelayMs: 30, tokensPerSecond: 200 });
    const turns = Array.from({ length: 12 }, (_, i) => makeTurn(`s${i}`, `What is a for loop, question ${i}?`));
    const replies = await Promise.all(turns.map((turn) => collect(tutor.handle(turn))));
    expect(proxy!.maxChatsInFlight).toBeLessThanOrEqual(3);
    // The limit is reached, so the test would notice a limiter that let everything through one by one too.
    expect(proxy!.maxChatsInFlight).toBe(3);
    expect(proxy!.chatOrder).toHaveLength(12);
    for (const [i, events] of replies.entries()) {
      const messages = events.filter((event) => event.type === "message");
      expect(messages).toHaveLength(1);
      expect(messages[0]!.type === "message" && messages[0]!.text).toContain(`question ${i}?`);
    }
    // Students beyond the limit were told their place.
    expect(replies.flat().some((event) => event.type === "queued" && event.position >= 1)).toBe(true);
  });

  it("serves a student's single turn before another student's queued burst of five", async () => {
    const { tutor } = await setUp(1, { firstTokenDelayMs: 60, tokensPerSecond: 100 });
    // One student, five conversations (one conversation would run them one at a time anyway).
    const burst = Array.from({ length: 5 }, (_, i) =>
      startCollecting(tutor.handle(makeTurn("busy", `busy question ${i}?`, { conversationId: `thread:${i}` }))),
    );
    await Promise.all(burst.slice(1).map((reply) => reply.queued));
    const single = startCollecting(tutor.handle(makeTurn("other", "other student's question?")));
    await single.queued;
    const [singleEvents, ...burstEvents] = await Promise.all([single.done, ...burst.map((reply) => reply.done)]);

    const place = singleEvents.find((event) => event.type === "queued");
    expect(place).toMatchObject({ type: "queued", position: 2 });
    const lastBusyPlace = burstEvents[4]!.find((event) => event.type === "queued");
    expect(lastBusyPlace?.type === "queued" && lastBusyPlace.position).toBeGreaterThanOrEqual(4);
    // At the wire: after the request in flight and the burst's next one, not after all five.
    const order = proxy!.chatOrder;
    expect(order.indexOf("other student's question?")).toBe(2);
    expect(finals(singleEvents).filter((event) => event.type === "message")).toHaveLength(1);
    for (const events of burstEvents) expect(events.filter((event) => event.type === "message")).toHaveLength(1);
  });

  it("serves questions in the order they arrived, even when one arrival's first store round trip is slow", async () => {
    // Ann's answer holds the only slot for longer than Bo's and Cy's arrivals take.
    ollama = await startFakeOllama({
      firstTokenDelayMs: 400,
      tokensPerSecond: 200,
      respond: (request) => `Answer to: ${request.messages.filter((m) => m.role === "user").at(-1)?.content}`,
    });
    proxy = await startCountingProxy(ollama.url);
    // The store's claim of Bo's turn takes 300 ms (a busy database), every other one is immediate.
    let slowTurnId = "";
    real = await createRealTutor({
      ollamaUrl: proxy.url,
      maxModelRequests: 1,
      claims: {
        claimOnce: async (key) => {
          if (key.endsWith(`:${slowTurnId}`)) await new Promise((resolve) => setTimeout(resolve, 300));
          return true;
        },
      },
    });
    const { tutor } = real;
    const first = startCollecting(tutor.handle(makeTurn("ann", "ann's question?")));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const slow = makeTurn("bo", "bo's question?");
    slowTurnId = slow.id;
    const bo = startCollecting(tutor.handle(slow));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const cy = startCollecting(tutor.handle(makeTurn("cy", "cy's question?")));
    const replies = await Promise.all([first.done, bo.done, cy.done]);
    // Bo wrote before Cy: Bo's place in line was taken on arrival, not after the slow claim.
    expect(proxy!.chatOrder).toEqual(["ann's question?", "bo's question?", "cy's question?"]);
    expect(replies[2]!.find((event) => event.type === "queued")).toMatchObject({ position: 2 });
    for (const events of replies) expect(events.filter((event) => event.type === "message")).toHaveLength(1);
  });

  it("keeps no slot for a question waiting behind its own conversation's previous turn", async () => {
    const { tutor } = await setUp(2, { firstTokenDelayMs: 300, tokensPerSecond: 200 });
    const log: string[] = [];
    const follow = async (name: string, text: string) => {
      for await (const event of tutor.handle(makeTurn(name === "bob" ? "bob" : "ann", text))) {
        if (event.type === "typing" || event.type === "message") log.push(`${name} ${event.type}`);
      }
    };
    const ann = [follow("ann-1", "ann's first question?"), follow("ann-2", "ann's second question?")];
    await new Promise((resolve) => setTimeout(resolve, 50));
    await Promise.all([...ann, follow("bob", "bob's question?")]);
    // Bob's request goes out while Ann's first answer streams: her second question, which cannot start before her
    // first is answered, did not hold the second slot.
    expect(log.indexOf("bob typing")).toBeLessThan(log.indexOf("ann-1 message"));
    expect(log.indexOf("ann-2 typing")).toBeGreaterThan(log.indexOf("ann-1 message"));
    expect(proxy!.chatOrder).toEqual(["ann's first question?", "bob's question?", "ann's second question?"]);
  });

  it("looks at the model once at start (checkModel), so the first question does not wait for that look", async () => {
    const { tutor } = await setUp(2, { firstTokenDelayMs: 10, tokensPerSecond: 500 });
    const looks = () => ollama!.requests.filter((request) => request.path === "/api/tags").length;
    expect(await tutor.checkModel()).toEqual({ status: "ready" });
    expect(looks()).toBe(1);
    expect(
      finals(await collect(tutor.handle(makeTurn("ann", "what is a list?")))).filter((event) => event.type === "message"),
    ).toHaveLength(1);
    expect(looks()).toBe(1);
  });

  it("handles one conversation's turns one at a time, in the order they arrived", async () => {
    const { tutor } = await setUp(4, { firstTokenDelayMs: 20, tokensPerSecond: 300 });
    const log: string[] = [];
    const texts = ["first question?", "second question?", "third question?", "fourth question?"];
    await Promise.all(
      texts.map(async (text) => {
        for await (const event of tutor.handle(makeTurn("ann", text))) {
          if (event.type === "typing") log.push(`start ${text}`);
          if (event.type === "message") log.push(`end ${text}`);
        }
      }),
    );
    expect(log).toEqual(texts.flatMap((text) => [`start ${text}`, `end ${text}`]));
    expect(proxy!.chatOrder).toEqual(texts);
    expect(proxy!.maxChatsInFlight).toBe(1);
  });

  it("answers a turn submitted twice at the same time once", async () => {
    const { tutor } = await setUp(2, { firstTokenDelayMs: 20, tokensPerSecond: 300 });
    const turn = makeTurn("bo", "what is a list?");
    const [a, b] = await Promise.all([collect(tutor.handle(turn)), collect(tutor.handle({ ...turn }))]);
    const messages = [...a, ...b].filter((event) => event.type === "message");
    expect(messages).toHaveLength(1);
    expect(proxy!.chatOrder).toEqual(["what is a list?"]);
    // The same id later (a redelivery) is still recognised.
    expect(await collect(tutor.handle({ ...turn }))).toEqual([]);
  });
});
