import { beforeAll, describe, expect, it } from "vitest";
import type { Course, QuizItem } from "../../src/retrieval/content/schema.js";
import { findAnswerLeak } from "../../src/tutor/leak-guard/answer-leak.js";
import { ProtectedIndex } from "../../src/tutor/leak-guard/protected-index.js";
import { itemOf, loadSampleCourse } from "./course.js";

let course: Course;
let five: QuizItem;
let twentyEight: QuizItem;
let fourteen: QuizItem;
beforeAll(async () => {
  course = await loadSampleCourse();
  five = itemOf(course, "floor-division-result");
  twentyEight = itemOf(course, "trace-two-variables");
  fourteen = itemOf(course, "precedence-power-times-plus");
});

describe("findAnswerLeak", () => {
  it("a multi-digit numeric answer is caught in any form, but not inside a list of numbers", () => {
    expect(findAnswerLeak("So we get 28.", twentyEight)?.kind).toBe("answer");
    expect(findAnswerLeak("28.0", twentyEight)?.kind).toBe("answer");
    expect(findAnswerLeak("Month lengths: [31, 28, 31]", twentyEight)).toBeUndefined();
    expect(findAnswerLeak("We get 280 or 2.8, not the same.", twentyEight)).toBeUndefined();
  });

  it("a numeric answer is caught in Chinese numerals and full-width digits, but not inside a longer number", () => {
    const twentyFive: QuizItem = { ...twentyEight, type: "numeric", answer: 25, tolerance: 0 } as QuizItem;
    expect(findAnswerLeak("答案是二十五。", twentyFive)?.kind).toBe("answer");
    expect(findAnswerLeak("结果是２５", twentyFive)?.kind).toBe("answer");
    expect(findAnswerLeak("写成大写就是贰拾伍", twentyFive)?.kind).toBe("answer");
    expect(findAnswerLeak("二十八", twentyEight)?.kind).toBe("answer");
    expect(findAnswerLeak("这个列表有一百二十五个元素。", twentyFive)).toBeUndefined();
    expect(findAnswerLeak("循环运行五次，每次加一。", five)).toBeUndefined();
    const threeAndAHalf: QuizItem = { ...twentyEight, type: "numeric", answer: 3.5, tolerance: 0 } as QuizItem;
    expect(findAnswerLeak("应该是三点五", threeAndAHalf)?.kind).toBe("answer");
    expect(findAnswerLeak("二十三点五", threeAndAHalf)).toBeUndefined();
  });

  it("a one-character answer is caught right after a Chinese answer cue, not after one further back", () => {
    expect(findAnswerLeak("答案是五。", five)?.kind).toBe("answer");
    expect(findAnswerLeak("正确答案为 5", five)?.kind).toBe("answer");
    expect(findAnswerLeak("答案：5", five)?.kind).toBe("answer");
    expect(findAnswerLeak("所以结果是五。", five, { studentMessage: "这道题的答案是多少？" })?.kind).toBe("answer");
    expect(findAnswerLeak("所以结果是五。", five)).toBeUndefined();
    expect(findAnswerLeak("这道题的答案不是唯一的。第五行代码打印 x。", five)).toBeUndefined();
    expect(findAnswerLeak("循环运行五次，每次加一。", five)).toBeUndefined();
    expect(findAnswerLeak("答案是B。", fourteen)?.kind).toBe("answer");
    expect(findAnswerLeak("应该选 B。", fourteen)?.kind).toBe("answer");
    expect(findAnswerLeak("B是正确的。", fourteen)?.kind).toBe("answer");
    expect(findAnswerLeak("变量 b 是一个列表。", fourteen)).toBeUndefined();
  });

  it("a single-digit answer needs a cue that presents it as the answer", () => {
    expect(findAnswerLeak("`range(5)` counts from 0 to 4.", five)).toBeUndefined();
    expect(findAnswerLeak("The loop runs five times.", five)).toBeUndefined();
    expect(findAnswerLeak("The answer is five.", five)?.kind).toBe("answer");
    expect(findAnswerLeak("5 is the correct one.", five)?.kind).toBe("answer");
    expect(findAnswerLeak("It prints 5.", five, { studentMessage: "what does the quiz code print?" })?.kind).toBe("answer");
    expect(findAnswerLeak("It prints 5.", five, { studentMessage: "what does print(5) do?" })).toBeUndefined();
  });

  it("a choice letter counts in answer contexts, not as a variable or an article", () => {
    expect(findAnswerLeak("The answer is B.", fourteen)?.kind).toBe("answer");
    expect(findAnswerLeak("the answer is b", fourteen)?.kind).toBe("answer");
    expect(findAnswerLeak("B is correct.", fourteen)?.kind).toBe("answer");
    expect(findAnswerLeak("After `b = a`, b keeps its value.", fourteen)).toBeUndefined();
    expect(findAnswerLeak("A) 100\nB) 14\nC) 20\nD) 36", fourteen)).toBeUndefined();
  });

  it("the choice text counts only where it is presented as the answer", () => {
    expect(findAnswerLeak("`2 * (3 + 4)` is 14.", fourteen)).toBeUndefined();
    expect(findAnswerLeak("The correct value is 14.", fourteen)?.kind).toBe("answer");
  });

  it("a bare yes or no to a proposed answer is a confirmation leak; to another question it is not", () => {
    expect(findAnswerLeak("Yes, well done.", fourteen, { studentMessage: "is it B?" })?.kind).toBe("confirmation");
    expect(findAnswerLeak("Yes, lists are mutable.", fourteen, { studentMessage: "are lists mutable?" })).toBeUndefined();
  });
});

describe("ProtectedIndex", () => {
  const index = new ProtectedIndex(
    [
      {
        label: "notes",
        text: "Students who read assignment as equality think the line is nonsense; say the name becomes the old value plus one, aloud.",
      },
    ],
    ["An assignment stores a value in a name."],
  );

  it("catches a quoted or lightly paraphrased protected passage", () => {
    expect(index.findOverlap("Students who read assignment as equality think the line is nonsense.")?.detail).toBe("notes");
    expect(
      index.findOverlap("Pupils reading assignment as equality think the line is nonsense, so say the name becomes the old value plus one.")
        ?.kind,
    ).toBe("protected-text");
  });

  it("ignores wording that students may see anyway, and unrelated text", () => {
    expect(index.findOverlap("An assignment stores a value in a name.")).toBeUndefined();
    expect(index.findOverlap("A for loop repeats a block for every item.")).toBeUndefined();
  });
});
