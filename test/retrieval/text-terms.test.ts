import { describe, expect, it } from "vitest";
import { stemWord } from "../../src/retrieval/porter-stemmer.js";
import { extractTerms, normalizeText } from "../../src/retrieval/text-terms.js";

describe("stemWord", () => {
  it("follows Porter's published examples", () => {
    const examples: Record<string, string> = {
      caresses: "caress", ponies: "poni", running: "run", hopping: "hop", agreed: "agre", relational: "relat",
      generalization: "gener", hopeful: "hope", adjustable: "adjust", controlling: "control", training: "train",
      trained: "train", trains: "train", sky: "sky",
    };
    for (const [word, stem] of Object.entries(examples)) expect([word, stemWord(word)]).toEqual([word, stem]);
  });
});

describe("extractTerms", () => {
  it("drops function words, splits identifiers and stems", () => {
    expect(extractTerms("What are the learners' learning_rates in learn.fit()?")).toEqual(["learner", "learn", "rate", "learn", "fit"]);
  });

  it("reads code when asked: a joined identifier or compound after its parts, operators as terms", () => {
    expect(extractTerms("Set y_range for fine-tuning", { keepCode: true })).toEqual([
      "set", "y", "rang", "y_rang", "fine", "tune", "fine_tune",
    ]);
    expect(extractTerms("call learn.fine_tune()", { keepCode: true })).toEqual(["call", "learn", "fine", "tune", "fine_tune"]);
    expect(extractTerms("What do / and // do? a@b, x += 1", { keepCode: true })).toEqual(["/", "//", "@", "b", "x", "+=", "1"]);
    expect(extractTerms("- a **bold** | table | -- rule", { keepCode: true })).toEqual(["bold", "tabl", "rule"]);
    expect(extractTerms("Set y_range, 7 // 2")).toEqual(["set", "y", "rang", "7", "2"]);
  });

  it("keeps code keywords only for lexical search", () => {
    expect(extractTerms("a while loop")).toEqual(["loop"]);
    expect(extractTerms("a while loop", { keepCodeKeywords: true })).toEqual(["while", "loop"]);
  });

  it("normalizes compatibility forms, curly quotes and dashes", () => {
    expect(normalizeText("“Ｆｉｔ”—it’s")).toBe('"fit"-it\'s');
  });
});
