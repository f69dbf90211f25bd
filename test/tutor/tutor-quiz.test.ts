import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateKnowledge, DEFAULT_BKT_PARAMS } from "../../src/tutor/mastery/bkt.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";
import { GOOD_SHORT_ANSWER, reachShortAnswer } from "./short-answer.js";
import { collect, noticesOf, onlyMessage, turnOf } from "./turns.js";

const COURSE = "python-basics";
// The first item for a new student: the root skill's first beginner item (see item-selection tests).
const FIRST_ITEM = "type-of-quoted-number";
const EXPLANATION = "Anything written between quotes is a string (str), even if it looks like a number.";
const AFTER_MISS = updateKnowledge(DEFAULT_BKT_PARAMS.prior, false, DEFAULT_BKT_PARAMS);
const AFTER_HIT = updateKnowledge(DEFAULT_BKT_PARAMS.prior, true, DEFAULT_BKT_PARAMS);

const idOf = (student: string) => `test:user:${student}`;
const conversationOf = (student: string) => `conversation-of-${student}`;

describe("a multiple-choice quiz, answered through the real tutor", () => {
  let fixture: TutorFixture;
  const say = async (student: string, text: string) => collect(fixture.handler, turnOf(student, text));
  const pKnown = async (student: string, skill = "values-and-types") =>
    (await fixture.store.getMastery(COURSE, idOf(student))).find((m) => m.skillId === skill)?.pKnown;
  const pending = (student: string) => fixture.store.getPendingItem(COURSE, idOf(student), conversationOf(student));

  beforeAll(async () => {
    fixture = await createTutorFixture();
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("/quiz, a wrong answer, /hint, the right answer: mastery moves on the first try only", async () => {
    const quiz = onlyMessage(await say("ada", "/quiz"));
    expect(quiz.text).toContain("Next up: Values and types");
    expect(quiz.text).toContain('What is the type of the value `"3.5"` (with the quotes)?');
    expect(quiz.text).toContain("**C)** str");
    expect(quiz.actions.map((action) => action.command)).toEqual(["/answer A", "/answer B", "/answer C", "/answer D", "/hint"]);
    expect(await pending("ada")).toMatchObject({ itemId: FIRST_ITEM, hints: [], wrongAttempts: 0 });
    expect(quiz.text).not.toContain(EXPLANATION);

    const miss = onlyMessage(await say("ada", "A"));
    expect(miss.text).toContain("❌ Not quite. A is not right.");
    expect(miss.text).toContain("Mastery of Values and types: 20% → 18%.");
    expect(miss.text).not.toContain(EXPLANATION);
    expect(miss.actions.map((action) => action.command)).toEqual(["/hint", "/giveup"]);
    expect(await pKnown("ada")).toBeCloseTo(AFTER_MISS, 12);
    expect(await pending("ada")).toMatchObject({ itemId: FIRST_ITEM, wrongAttempts: 1 });

    const hint = onlyMessage(await say("ada", "/hint"));
    expect(hint.text).toBe("💡 Hint 1 of 3: Look carefully at what surrounds the number.");
    expect(hint.actions.map((action) => action.command)).toEqual(["/hint"]);

    const hit = onlyMessage(await say("ada", "/answer c"));
    expect(hit.text).toContain("✅ Correct!");
    expect(hit.text).toContain(EXPLANATION);
    expect(hit.text).toContain("Mastery of Values and types stays at 18% (only the first try counts).");
    expect(await pending("ada")).toBeUndefined();
    expect(await pKnown("ada")).toBeCloseTo(AFTER_MISS, 12);
    expect(
      (await fixture.store.listAttempts({ studentId: idOf("ada") })).map(({ itemId, correct, answer, hintsUsed }) => ({
        itemId,
        correct,
        answer,
        hintsUsed,
      })),
    ).toEqual([{ itemId: FIRST_ITEM, correct: false, answer: "A", hintsUsed: 0 }]);

    expect(noticesOf(await say("ada", "/answer C"))).toEqual([
      expect.objectContaining({ text: expect.stringContaining("no question waiting") }),
    ]);
  });

  it("a right first answer raises mastery", async () => {
    await say("linus", "/quiz");
    expect(onlyMessage(await say("linus", "str")).text).toContain("Mastery of Values and types: 20% → 60%.");
    expect(await pKnown("linus")).toBeCloseTo(AFTER_HIT, 12);
  });

  it("a right answer after a hint counts as not known", async () => {
    await say("grace", "/quiz");
    await say("grace", "/hint");
    const hit = onlyMessage(await say("grace", "C"));
    expect(hit.text).toContain("✅ Correct!");
    expect(hit.text).toContain("20% → 18%");
    expect(await fixture.store.listAttempts({ studentId: idOf("grace") })).toMatchObject([{ correct: false, hintsUsed: 1 }]);
  });

  it("an answer that is not a choice is asked again, not graded", async () => {
    await say("edsger", "/quiz");
    expect(noticesOf(await say("edsger", "E"))).toEqual([expect.objectContaining({ text: "Please answer with a letter from A to D." })]);
    expect(await fixture.store.listAttempts({ studentId: idOf("edsger") })).toEqual([]);
    expect((await pending("edsger"))?.wrongAttempts).toBe(0);
  });

  it("the hint ladder ends with a pointer to /giveup", async () => {
    await say("alan", "/quiz");
    for (const n of [1, 2, 3]) expect(onlyMessage(await say("alan", "/hint")).text).toMatch(new RegExp(`^💡 Hint ${n} of 3: `));
    expect(noticesOf(await say("alan", "/hint"))[0]?.text).toContain("That was my last hint");
  });

  it("/giveup reveals the answer only then, and counts as a miss", async () => {
    const before = [...(await say("barbara", "/quiz")), ...(await say("barbara", "/hint"))];
    expect(JSON.stringify(before)).not.toContain("The answer");
    expect(JSON.stringify(before)).not.toContain(EXPLANATION);
    const reveal = onlyMessage(await say("barbara", "/giveup"));
    expect(reveal.text).toContain("The answer: **C) str**");
    expect(reveal.text).toContain(EXPLANATION);
    expect(reveal.text).toContain("Mastery of Values and types: 20% → 18%.");
    expect(await pending("barbara")).toBeUndefined();
    expect(await fixture.store.listAttempts({ studentId: idOf("barbara") })).toMatchObject([
      { itemId: FIRST_ITEM, correct: false, answer: "(gave up)", hintsUsed: 1 },
    ]);
    expect(noticesOf(await say("barbara", "/giveup"))[0]?.text).toContain("no question to give up on");
  });

  it("a second /quiz avoids the item just seen", async () => {
    await say("kurt", "/quiz");
    await say("kurt", "/giveup");
    const next = onlyMessage(await say("kurt", "/quiz"));
    expect((await pending("kurt"))?.itemId).not.toBe(FIRST_ITEM);
    expect(next.text).toContain("Which of these values is a boolean?");
  });

  it("quiz on an unknown skill lists the skills", async () => {
    expect(noticesOf(await say("kurt", "/quiz knitting"))[0]?.text).toMatch(/I don't know a skill called “knitting”.*`values-and-types`/);
  });
});

describe("a short answer while the model is down", () => {
  let fixture: TutorFixture;
  beforeAll(async () => {
    fixture = await createTutorFixture();
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("is graded by key-word overlap, and says so", async () => {
    await reachShortAnswer(fixture, "ada");
    const hit = onlyMessage(await collect(fixture.handler, turnOf("ada", GOOD_SHORT_ANSWER)));
    expect(hit.text).toContain("✅ That matches the key points. _(Graded by key words: my language model is unavailable.)_");
    await reachShortAnswer(fixture, "grace");
    const miss = onlyMessage(await collect(fixture.handler, turnOf("grace", "it makes count equal")));
    expect(miss.text).toContain("❌ Not quite. That misses some of the key points.");
  });
});
