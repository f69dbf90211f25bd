import { describe, expect, it } from "vitest";
import type { MultipleChoiceItem, NumericItem, ShortAnswerItem } from "../../src/retrieval/content/schema.js";
import { gradeByOverlap, gradeChoice, gradeExactly, gradeNumber, readChoice, readNumber } from "../../src/tutor/grading.js";

const base = { id: "item", skill: "skill", prompt: "?", explanation: "Because.", hints: ["h"], difficulty: "beginner" as const };
const mc: MultipleChoiceItem = { ...base, type: "multiple_choice", choices: ["int", "float", "str", "bool"], answer: "C" };
const numeric = (answer: number, tolerance = 0): NumericItem => ({ ...base, type: "numeric", answer, tolerance });
const short: ShortAnswerItem = { ...base, type: "short_answer", answer: "A for loop repeats its block once for each item of a sequence", rubric: "Mentions repetition per item." };

describe("readChoice", () => {
  it.each([
    ["C", "C"],
    ["c", "C"],
    ["c)", "C"],
    ["(c)", "C"],
    ["answer: c", "C"],
    ["Answer is A.", "A"],
    ["str", "C"],
    ["  Float ", "B"],
    ["“bool”", "D"],
  ])("%j → %s", (text, letter) => {
    expect(readChoice(text, mc)).toBe(letter);
  });

  it.each(["E", "F", "maybe", "int or str", ""])("%j cannot be read", (text) => {
    expect(readChoice(text, mc)).toBeUndefined();
  });
});

describe("gradeChoice", () => {
  it("right and wrong letters; feedback on a miss never names the right choice", () => {
    expect(gradeChoice("c", mc)).toEqual({ correct: true, feedback: "Correct!", method: "exact" });
    const wrong = gradeChoice("A", mc);
    expect(wrong).toMatchObject({ correct: false, method: "exact" });
    expect(wrong?.feedback).not.toMatch(/\bC\b|str/);
    expect(gradeChoice("Z", mc)).toBeUndefined();
  });
});

describe("readNumber", () => {
  it.each<[string, number]>([
    ["42", 42],
    ["-2", -2],
    ["3.5", 3.5],
    [".5", 0.5],
    ["1,000", 1000],
    ["-12,345.5", -12345.5],
    ["3,5", 3.5],
    ["1_000", 1000],
    ["1 000", 1000],
    ["1e3", 1000],
  ])("%j → %d", (text, value) => {
    expect(readNumber(text)).toBe(value);
  });

  it.each(["nine", "1,2,3", "12abc", "--1", "Infinity", "NaN", "", "0x10"])("%j cannot be read", (text) => {
    expect(readNumber(text)).toBeUndefined();
  });
});

describe("gradeNumber", () => {
  it("exact keys, with the float error of 0.1 + 0.2 forgiven", () => {
    expect(gradeNumber("9", numeric(9))?.correct).toBe(true);
    expect(gradeNumber("10", numeric(9))).toEqual({ correct: false, feedback: "10 is not right.", method: "exact" });
    expect(gradeNumber("0.30000000000000004", numeric(0.3))?.correct).toBe(true);
    expect(gradeNumber("0,3", numeric(0.3))?.correct).toBe(true);
  });

  it("tolerance is inclusive on both sides", () => {
    const pi = numeric(3.14, 0.01);
    expect(gradeNumber("3.15", pi)?.correct).toBe(true);
    expect(gradeNumber("3.13", pi)?.correct).toBe(true);
    expect(gradeNumber("3.16", pi)?.correct).toBe(false);
    expect(gradeNumber("1,000", numeric(1000))?.correct).toBe(true);
  });

  it("unreadable input is undefined, not wrong", () => {
    expect(gradeNumber("about nine", numeric(9))).toBeUndefined();
    expect(gradeExactly("about nine", numeric(9))).toBeUndefined();
  });
});

describe("gradeExactly", () => {
  it("grades choices and numbers, leaves short answers to the model", () => {
    expect(gradeExactly("C", mc)?.correct).toBe(true);
    expect(gradeExactly("9", numeric(9))?.correct).toBe(true);
    expect(gradeExactly(short.answer, short)).toBeUndefined();
  });
});

describe("gradeByOverlap", () => {
  it("enough of the key words (60 %) is right, whatever the wording around them", () => {
    expect(gradeByOverlap("It repeats the block once for each item in the sequence, that's a for loop", short)).toEqual({ correct: true, feedback: "That matches the key points.", method: "approximate" });
  });

  it("too few key words is wrong, and the feedback does not give the answer", () => {
    const grade = gradeByOverlap("it loops", short);
    expect(grade).toMatchObject({ correct: false, method: "approximate" });
    expect(grade.feedback).not.toContain("sequence");
  });

  it("stop words alone earn nothing", () => {
    expect(gradeByOverlap("a the of for each", { ...short, answer: "the of a" }).correct).toBe(false);
  });
});
