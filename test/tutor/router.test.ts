import { describe, expect, it } from "vitest";
import { routeText, type Intent } from "../../src/tutor/router.js";

const mc = { type: "multiple_choice" } as const;
const numeric = { type: "numeric" } as const;
const short = { type: "short_answer" } as const;

describe("routeText", () => {
  it.each<[string, Intent]>([
    ["/quiz", { kind: "quiz" }],
    ["/quiz for loops", { kind: "quiz", skill: "for loops" }],
    ["/QUIZ", { kind: "quiz" }],
    ["/hint", { kind: "hint" }],
    ["/giveup", { kind: "give-up", confirmed: true }],
    ["/give-up", { kind: "give-up", confirmed: true }],
    ["/progress", { kind: "progress" }],
    ["/why lists", { kind: "why", skill: "lists" }],
    ["/why", { kind: "why" }],
    ["/style", { kind: "style" }],
    ["/style direct", { kind: "style", style: "direct" }],
    ["/export", { kind: "export" }],
    ["/forget-me", { kind: "forget", confirmed: false }],
    ["/forget-me confirm", { kind: "forget", confirmed: true }],
    ["/forget-me please", { kind: "forget", confirmed: false }],
    ["/course", { kind: "course" }],
    ["/course algebra", { kind: "course", courseId: "algebra" }],
    ["/help", { kind: "help" }],
    ["/start", { kind: "help" }],
    ["/answer B", { kind: "answer", answer: "B" }],
    ["/answer", { kind: "empty" }],
    ["/ask what is a loop?", { kind: "ask", question: "what is a loop?" }],
    ["   ", { kind: "empty" }],
  ])("slash command %j", (text, intent) => {
    expect(routeText(text)).toEqual(intent);
  });

  it.each<[string, Intent]>([
    ["quiz me", { kind: "quiz" }],
    ["Quiz me on loops!", { kind: "quiz", skill: "loops" }],
    ["give me a hint", { kind: "hint" }],
    ["can I have a hint?", { kind: "hint" }],
    ["I give up", { kind: "give-up", confirmed: false }],
    ["what's the answer?", { kind: "give-up", confirmed: false }],
    ["how am I doing?", { kind: "progress" }],
    ["why is my scope so low?", { kind: "why", skill: "scope" }],
    ["export my data", { kind: "export" }],
    ["delete my data", { kind: "forget", confirmed: false }],
    ["help", { kind: "help" }],
    ["What is a variable?", { kind: "ask", question: "What is a variable?" }],
  ])("plain words %j", (text, intent) => {
    expect(routeText(text)).toEqual(intent);
  });

  it("an unknown slash command is a question, not an error", () => {
    expect(routeText("/frobnicate now")).toEqual({ kind: "ask", question: "/frobnicate now" });
  });

  describe("with a pending multiple-choice item", () => {
    it.each(["B", "b", "b)", "(c)", "answer: B", "Answer is d."])("%j is an answer", (text) => {
      expect(routeText(text, mc)).toEqual({ kind: "answer", answer: text });
    });

    it("a choice's text is an answer; a question stays a question", () => {
      const choices = { ...mc, choices: ["int", "float", "str", "bool"] };
      expect(routeText("str", choices)).toEqual({ kind: "answer", answer: "str" });
      expect(routeText("what does str mean?", choices)).toEqual({ kind: "ask", question: "what does str mean?" });
    });

    it("a number is not an answer to a multiple-choice item", () => {
      expect(routeText("42", mc)).toEqual({ kind: "ask", question: "42" });
    });

    it("a long message is a question, not a choice", () => {
      const long = "I think it is about the quotes around the number but ".repeat(5);
      expect(routeText(long, mc).kind).toBe("ask");
    });
  });

  describe("with a pending numeric item", () => {
    it.each(["42", "-3.5", "1,000", "3,5", ".5", "1_000"])("%j is an answer", (text) => {
      expect(routeText(text, numeric)).toEqual({ kind: "answer", answer: text });
    });

    it("a letter or a sentence is a question", () => {
      expect(routeText("B", numeric).kind).toBe("ask");
      expect(routeText("I think it prints nine", numeric).kind).toBe("ask");
    });
  });

  describe("with a pending short-answer item", () => {
    it("a sentence is an answer, a question is a question", () => {
      expect(routeText("it repeats the block for each item", short)).toEqual({
        kind: "answer",
        answer: "it repeats the block for each item",
      });
      expect(routeText("does it repeat?", short).kind).toBe("ask");
    });

    it("commands still win over answers", () => {
      expect(routeText("/hint", short)).toEqual({ kind: "hint" });
      expect(routeText("give up", short)).toEqual({ kind: "give-up", confirmed: false });
    });
  });

  it("without a pending item, a bare letter is a question", () => {
    expect(routeText("B")).toEqual({ kind: "ask", question: "B" });
  });
});
