import { describe, expect, it } from "vitest";
import { attemptValue } from "../../src/tutor/pending-intent.js";
import { routeText, type Intent } from "../../src/tutor/router.js";
import type { PendingQuestion } from "../../src/tutor/pending-intent.js";

const mc: PendingQuestion = { type: "multiple_choice", choices: ["int", "float", "str", "bool"] };
const numeric: PendingQuestion = { type: "numeric" };
const short: PendingQuestion = { type: "short_answer" };

/** What routing decided, in one word: "attempt", "ask", "small-talk", or the command's kind. */
function decision(intent: Intent): string {
  if (intent.kind === "answer") return "attempt";
  if (intent.kind === "give-up") return intent.confirmed ? "give-up" : "confirm-give-up";
  return intent.kind;
}

const readAs = (text: string, pending: PendingQuestion, language = "en") => decision(routeText(text, pending, language));

describe("with an item pending, English", () => {
  it.each<[string, PendingQuestion, string]>([
    // Not attempts: requests, questions, thanks.
    ["thanks", short, "small-talk"],
    ["Thank you so much!", short, "small-talk"],
    ["ok", numeric, "small-talk"],
    ["got it 👍", mc, "small-talk"],
    ["explain this question", short, "ask"],
    ["explain loops to me", mc, "ask"],
    ["explain loops to me", numeric, "ask"],
    ["Please explain what count means", short, "ask"],
    ["what does count = count + 1 mean", short, "ask"],
    ["I don't understand the question", short, "ask"],
    ["I'm confused", short, "ask"],
    ["can you show me an example", short, "ask"],
    ["tell me more about loops", short, "ask"],
    ["what's a variable", short, "ask"],
    ["why", short, "ask"],
    ["why?", short, "ask"],
    ["when does a while loop stop", short, "ask"],
    ["does it repeat?", short, "ask"],
    ["is it about loops?", short, "ask"],
    ["what is B?", mc, "ask"],
    ["B and C both look right", mc, "ask"],
    ["what is 42?", numeric, "ask"],
    // Commands in plain words, through the registry.
    ["can you give me a hint", short, "hint"],
    ["Could you give me a hint please?", mc, "hint"],
    ["hint please", numeric, "hint"],
    ["I need a hint", short, "hint"],
    ["another hint", short, "hint"],
    ["how am I doing?", short, "progress"],
    ["quiz me on loops", short, "quiz"],
    ["I give up", short, "confirm-give-up"],
    ["what is the answer?", mc, "confirm-give-up"],
    ["What's the correct answer?", numeric, "confirm-give-up"],
    ["just tell me", short, "confirm-give-up"],
    ["just tell me the answer", mc, "confirm-give-up"],
    ["/giveup", short, "give-up"],
    // Attempts.
    ["B", mc, "attempt"],
    ["b)", mc, "attempt"],
    ["(c)", mc, "attempt"],
    ["I think it's B", mc, "attempt"],
    ["the answer is d.", mc, "attempt"],
    ["I'd go with C", mc, "attempt"],
    ["option a", mc, "attempt"],
    ["B is correct", mc, "attempt"],
    ["B because quotes make a string", mc, "attempt"],
    ["str", mc, "attempt"],
    ["E", mc, "attempt"],
    ["B?", mc, "attempt"],
    ["is it B?", mc, "attempt"],
    ["42", numeric, "attempt"],
    ["the answer is 42", numeric, "attempt"],
    ["it's 42", numeric, "attempt"],
    ["I think it's -3.5", numeric, "attempt"],
    ["42?", numeric, "attempt"],
    ["1,000", numeric, "attempt"],
    ["it repeats the block for each item", short, "attempt"],
    ["the answer is 42", short, "attempt"],
    ["it adds one to count", short, "attempt"],
    // Hard cases (see pending-intent.ts).
    ["is", short, "attempt"],
    ["which", short, "attempt"],
    ["x = 5", short, "attempt"],
    ["x = 5?", short, "attempt"],
    ["print(len(s))", short, "attempt"],
    ["mutable?", short, "attempt"],
    ["when the condition becomes false", short, "attempt"],
    ["yes", short, "attempt"],
    ["no", short, "attempt"],
    ["yes", mc, "small-talk"],
    ["I don't know", short, "attempt"],
  ])("%j with a %o item reads as %s", (text, pending, expected) => {
    expect(readAs(text, pending)).toBe(expected);
  });

  it("an attempt keeps what the student typed; grading takes the value out of its framing", () => {
    expect(routeText("I think it's B", mc)).toEqual({ kind: "answer", answer: "I think it's B" });
    expect(attemptValue("I think it's B", "multiple_choice", "en")).toBe("B");
    expect(attemptValue("b) because of the quotes", "multiple_choice", "en")).toBe("B");
    expect(attemptValue("The answer is 42.", "numeric", "en")).toBe("42");
    expect(attemptValue("it's `x = 5`", "short_answer", "en")).toBe("it's `x = 5`");
  });

  it("a plain-word question is a question again once nothing is pending", () => {
    expect(routeText("thanks")).toEqual({ kind: "ask", question: "thanks" });
    expect(routeText("B")).toEqual({ kind: "ask", question: "B" });
  });
});

describe("with an item pending, Chinese", () => {
  it.each<[string, PendingQuestion, string]>([
    ["答案是B", mc, "attempt"],
    ["我选B", mc, "attempt"],
    ["选B", mc, "attempt"],
    ["Ｂ", mc, "attempt"],
    ["B。", mc, "attempt"],
    ["我觉得是B", mc, "attempt"],
    ["是B吧", mc, "attempt"],
    ["是B吗？", mc, "attempt"],
    ["答案是五", numeric, "attempt"],
    ["是42", numeric, "attempt"],
    ["四十二", numeric, "attempt"],
    ["４２。", numeric, "attempt"],
    ["答案是五", short, "attempt"],
    ["是42", short, "attempt"],
    ["它把 count 的值加一，再存回 count", short, "attempt"],
    ["谢谢", short, "small-talk"],
    ["谢谢！", mc, "small-talk"],
    ["好的", numeric, "small-talk"],
    ["给我一个提示", short, "hint"],
    ["能给我一个提示吗？", mc, "hint"],
    ["我放弃", short, "confirm-give-up"],
    ["答案是什么？", short, "confirm-give-up"],
    ["答案是什么？", mc, "confirm-give-up"],
    ["这道题是什么意思", short, "ask"],
    ["为什么", short, "ask"],
    ["请解释一下循环", mc, "ask"],
    ["我不懂", short, "ask"],
    ["循环是怎么工作的？", numeric, "ask"],
  ])("%j with a %o item reads as %s", (text, pending, expected) => {
    expect(readAs(text, pending, "zh-CN")).toBe(expected);
  });

  it("grading takes the value out of Chinese framing", () => {
    expect(attemptValue("答案是B。", "multiple_choice", "zh-CN")).toBe("B");
    expect(attemptValue("我觉得是Ｂ", "multiple_choice", "zh-CN")).toBe("B");
    expect(attemptValue("答案是五", "numeric", "zh-CN")).toBe("五");
    expect(attemptValue("是42", "numeric", "zh-CN")).toBe("42");
  });

  it("English framing works in a Chinese course too", () => {
    expect(readAs("I think it's B", mc, "zh-CN")).toBe("attempt");
    expect(readAs("thanks", short, "zh-CN")).toBe("small-talk");
  });
});

describe("after the tutor asked whether to show the answer", () => {
  const offered = (pending: PendingQuestion) => ({ ...pending, giveUpOffered: true });

  it.each(["yes", "Yes!", "sure", "ok", "是", "好的", "是的。"])("%j shows it", (text) => {
    expect(routeText(text, offered(short), text.match(/\p{Script=Han}/u) ? "zh-CN" : "en")).toEqual({ kind: "give-up", confirmed: true });
  });

  it("anything else is read as usual", () => {
    expect(readAs("no", offered(mc))).toBe("small-talk");
    expect(readAs("B", offered(mc))).toBe("attempt");
    expect(readAs("can you give me a hint", offered(short))).toBe("hint");
  });

  it("without the offer, yes is not a confirmation", () => {
    expect(readAs("yes", mc)).toBe("small-talk");
    expect(readAs("ok", short)).toBe("small-talk");
  });
});
