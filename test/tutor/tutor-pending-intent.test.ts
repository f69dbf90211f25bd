import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tutor } from "../../src/tutor/tutor.js";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama.js";
import { createTutorFixture, tutorOf, type TutorFixture } from "../support/tutor-fixture.js";
import { reachShortAnswer, SHORT_ANSWER_ITEM } from "./short-answer.js";
import { collect, messagesOf, noticesOf, onlyMessage, turnOf } from "./turns.js";

const COURSE = "python-basics";
// The first item for a new student (see tutor-quiz.test.ts): multiple choice, the answer is C) str.
const FIRST_ITEM = "type-of-quoted-number";
const EXPLANATION = "Anything written between quotes is a string (str)";
const MODEL_REPLY = "Loops repeat a block of code. What do you think the quotes do here?";

const idOf = (student: string) => `test:user:${student}`;

describe("chat while a question is pending is not an answer (real tutor, fake Ollama)", () => {
  let fake: FakeOllama;
  let fixture: TutorFixture;
  const say = (student: string, text: string) => collect(fixture.handler, turnOf(student, text));
  const pending = (student: string) => fixture.store.getPendingItem(COURSE, idOf(student), `conversation-of-${student}`);
  const attempts = (student: string) => fixture.store.listAttempts({ courseId: COURSE, studentId: idOf(student) });
  const mastery = (student: string) => fixture.store.getMastery(COURSE, idOf(student));
  const chatRequests = () => fake.requests.filter((request) => request.path === "/api/chat").length;

  beforeAll(async () => {
    fake = await startFakeOllama({ respond: () => MODEL_REPLY });
    fixture = await createTutorFixture({ ollamaUrl: fake.url });
  });
  afterAll(async () => {
    await fixture.close();
    await fake.stop();
  });

  it("with a short answer pending, thanks and a hint request leave mastery and the item as they were; the hint is given", async () => {
    await reachShortAnswer(fixture, "ada");
    const masteryBefore = await mastery("ada");
    const attemptsBefore = (await attempts("ada")).length;

    const thanks = await say("ada", "thanks");
    expect(messagesOf(thanks)).toEqual([]);
    expect(noticesOf(thanks).map((notice) => notice.text)).toEqual([expect.stringContaining("Your question is still open")]);

    const hint = onlyMessage(await say("ada", "can you give me a hint"));
    expect(hint.text).toMatch(/^💡 Hint 1 of \d+: /);

    const explained = onlyMessage(await say("ada", "explain this question"));
    expect(explained.text).toContain(MODEL_REPLY);

    expect(await mastery("ada")).toEqual(masteryBefore);
    expect(await attempts("ada")).toHaveLength(attemptsBefore);
    expect(await pending("ada")).toMatchObject({ itemId: SHORT_ANSWER_ITEM, wrongAttempts: 0, hints: ["asked"] });
  });

  it("with a multiple-choice item pending, “explain loops to me” is answered, not met with “answer with a letter”", async () => {
    await say("grace", "/quiz");
    expect((await pending("grace"))?.itemId).toBe(FIRST_ITEM);
    const asked = chatRequests();
    const events = await say("grace", "explain loops to me");
    expect(onlyMessage(events).text).toContain(MODEL_REPLY);
    expect(JSON.stringify(events)).not.toContain("Please answer with a letter");
    expect(chatRequests()).toBe(asked + 1);
    expect(await attempts("grace")).toEqual([]);
    expect(await pending("grace")).toMatchObject({ itemId: FIRST_ITEM, wrongAttempts: 0 });
  });

  it("“I think it's B” is graded as B", async () => {
    await say("linus", "/quiz");
    const graded = onlyMessage(await say("linus", "I think it's B"));
    expect(graded.text).toContain("❌ Not quite. B is not right.");
    expect(graded.text).toContain("Mastery of Values and types: 20% → 18%.");
    expect((await attempts("linus")).map(({ answer, correct }) => ({ answer, correct }))).toEqual([{ answer: "B", correct: false }]);
  });

  it("“what is the answer?” asks first; anything else keeps the question open; “yes” then shows the answer", async () => {
    await say("alan", "/quiz");
    const offer = onlyMessage(await say("alan", "what is the answer?"));
    expect(offer.text).toContain("Do you want to see the answer?");
    expect(offer.text).toContain("it will count as a miss");
    expect(offer.text).not.toContain(EXPLANATION);
    expect(offer.actions.map((action) => action.command)).toEqual(["/giveup", "/hint"]);
    expect(await pending("alan")).toMatchObject({ itemId: FIRST_ITEM, giveUpOffered: true });
    expect(await attempts("alan")).toEqual([]);

    const declined = await say("alan", "no");
    expect(JSON.stringify(declined)).not.toContain(EXPLANATION);
    expect(await pending("alan")).toMatchObject({ itemId: FIRST_ITEM });
    expect((await pending("alan"))?.giveUpOffered).toBeUndefined();
    // Without the offer standing, "yes" is no confirmation.
    expect(JSON.stringify(await say("alan", "yes"))).not.toContain(EXPLANATION);
    expect((await pending("alan"))?.itemId).toBe(FIRST_ITEM);

    await say("alan", "I give up");
    const revealed = onlyMessage(await say("alan", "yes"));
    expect(revealed.text).toContain("The answer: **C) str**");
    expect(revealed.text).toContain(EXPLANATION);
    expect(await pending("alan")).toBeUndefined();
    expect((await attempts("alan")).map(({ answer, correct }) => ({ answer, correct }))).toEqual([{ answer: "(gave up)", correct: false }]);
  });

  it("/giveup still shows the answer at once", async () => {
    await say("barbara", "/quiz");
    expect(onlyMessage(await say("barbara", "/giveup")).text).toContain("The answer: **C) str**");
  });
});

describe("Chinese answers and chat on the Chinese sample course", () => {
  let fixture: TutorFixture;
  const say = (student: string, text: string) => collect(fixture.handler, turnOf(student, text));
  const attempts = (student: string) => fixture.store.listAttempts({ courseId: "python-intro-zh", studentId: idOf(student) });

  beforeAll(async () => {
    fixture = await createTutorFixture({ env: { TUTOR_DEFAULT_COURSE: "python-intro-zh" } });
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("“谢谢” and “给我一个提示” are no attempts; “我觉得是Ｂ。” is graded as B; “答案是什么？” asks first", async () => {
    await say("mei", "/quiz");
    expect(noticesOf(await say("mei", "谢谢")).map((notice) => notice.text)).toEqual([expect.stringContaining("这道题还在等你")]);
    expect(onlyMessage(await say("mei", "给我一个提示")).text).toMatch(/^💡/);
    expect(await attempts("mei")).toEqual([]);

    const graded = onlyMessage(await say("mei", "我觉得是Ｂ。"));
    expect(graded.text).toMatch(/✅|❌/);
    expect((await attempts("mei")).map(({ answer }) => answer)).toEqual(["B"]);

    await say("lin", "/quiz");
    expect(onlyMessage(await say("lin", "答案是什么？")).text).toContain("要看答案吗？");
    expect(await attempts("lin")).toEqual([]);
    expect(onlyMessage(await say("lin", "是的")).text).toContain("答案");
    expect((await attempts("lin")).map(({ answer }) => answer)).toEqual(["(gave up)"]);
  });
});

describe("a pending item lapses after the configured time", () => {
  let fixture: TutorFixture;
  let now = 1_000_000;
  let tutor: Tutor;
  const TTL_MS = 60 * 60 * 1000;
  const say = (text: string) => collect(tutor, turnOf("kim", text));
  const pending = () => fixture.store.getPendingItem(COURSE, idOf("kim"), "conversation-of-kim");

  beforeAll(async () => {
    fixture = await createTutorFixture();
    // The same real parts, on a clock the test moves.
    tutor = tutorOf(fixture, { clock: () => now, pendingItemTtlMs: TTL_MS });
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("within the time a letter is an answer; after it the message is a fresh turn, and the student is told once", async () => {
    await say("/quiz");
    now += TTL_MS - 1;
    await say("/hint");
    // Working on it (a hint, a try) keeps it open for another full period.
    now += TTL_MS - 1;
    expect((await pending())?.itemId).toBe(FIRST_ITEM);

    now += 2;
    const lapsed = await say("C");
    expect(noticesOf(lapsed).map((notice) => notice.text)).toContainEqual(expect.stringContaining("set it aside"));
    expect(JSON.stringify(lapsed)).not.toContain("Correct");
    expect(await pending()).toBeUndefined();
    expect(await fixture.store.listAttempts({ studentId: idOf("kim") })).toEqual([]);

    const next = await say("what is a variable?");
    expect(JSON.stringify(next)).not.toContain("set it aside");
  });
});
