import { afterEach, describe, expect, it } from "vitest";
import type { ProfileStore } from "../../src/tutor/store/profile-store.js";
import { createTutorFixture, type TutorFixture, tutorOf } from "../support/tutor-fixture.js";
import { collect, messagesOf, turnOf } from "./turns.js";

let fixture: TutorFixture | undefined;

afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** The fixture's store, telling `calls` the name of every method called on it (and `onCall` that it grew). */
function recording(store: ProfileStore, calls: string[], onCall: () => void = () => {}): ProfileStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        onCall();
        return value.apply(target, args);
      };
    },
  });
}

/** A claim store whose answers wait until `answer` is called: the turn's first round trip, held open. */
function heldClaims() {
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  return {
    answer,
    claims: {
      claimOnce: async () => {
        await answered;
        return true;
      },
    },
  };
}

describe("a turn's reads go to the store beside its claim", () => {
  it.each([
    ["/progress", ["getMastery", "getSkillParams", "listAttempts", "getReviewCards", "recentItemIds"]],
    ["/quiz", ["getMastery", "getSkillParams", "getReviewCards", "recentItemIds"]],
    ["/answer 1", ["getMastery", "getSkillParams"]],
    ["What does a for loop repeat?", ["getMastery", "getSkillParams", "getMemory", "getPendingItem"]],
  ])("%s: its flow's reads are sent while the claim is still unanswered", async (text, expectedReads) => {
    fixture = await createTutorFixture();
    const calls: string[] = [];
    let allSent: () => void = () => {};
    const sent = new Promise<void>((resolve) => (allSent = resolve));
    const onCall = () => expectedReads.every((read) => calls.includes(read)) && allSent();
    const { answer, claims } = heldClaims();
    const tutor = tutorOf(fixture, { store: recording(fixture.store, calls, onCall), claims });
    const reply = collect(tutor, turnOf("ann", text));
    // Reads that wait for the claim would never come while it is held: give up after a while and show what came.
    await Promise.race([sent, new Promise((resolve) => setTimeout(resolve, 2000))]);
    const beforeTheClaim = [...calls];
    answer();
    const events = await reply;
    for (const read of expectedReads) expect(beforeTheClaim).toContain(read);
    expect(events.length).toBeGreaterThan(0);
  });

  it("reads each of them once in the turn", async () => {
    fixture = await createTutorFixture();
    const calls: string[] = [];
    const tutor = tutorOf(fixture, { store: recording(fixture.store, calls) });
    expect(messagesOf(await collect(tutor, turnOf("ann", "/progress")))).toHaveLength(1);
    for (const read of ["getMastery", "listAttempts", "getReviewCards", "recentItemIds"])
      expect(calls.filter((call) => call === read)).toHaveLength(1);
  });
});
