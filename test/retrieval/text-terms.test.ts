import { describe, expect, it } from "vitest";
import { normalizeText, tokenizerFor } from "../../src/retrieval/text-terms.js";

const english = tokenizerFor("en");
const extractTerms = english.terms.bind(english);

describe("the English tokenizer", () => {
  it("stems by Porter's published examples", () => {
    const examples: Record<string, string> = {
      caresses: "caress",
      ponies: "poni",
      running: "run",
      hopping: "hop",
      agreed: "agre",
      relational: "relat",
      generalization: "gener",
      hopeful: "hope",
      adjustable: "adjust",
      controlling: "control",
      training: "train",
      trained: "train",
      trains: "train",
      sky: "sky",
    };
    for (const [word, stem] of Object.entries(examples)) expect([word, extractTerms(word)]).toEqual([word, [stem]]);
  });

  it("drops function words, splits identifiers and stems", () => {
    expect(extractTerms("What are the learners' learning_rates in learn.fit()?")).toEqual(["learner", "learn", "rate", "learn", "fit"]);
  });

  it("drops contractions and clitics with the stopwords, keeping the word they attach to", () => {
    expect(extractTerms("Don't change the learner's rate; it's fine")).toEqual(["chang", "learner", "rate", "fine"]);
  });

  it("reads code when asked: a joined identifier or compound after its parts, operators as terms", () => {
    expect(extractTerms("Set y_range for fine-tuning", { keepCode: true })).toEqual([
      "set",
      "y",
      "rang",
      "y_rang",
      "fine",
      "tune",
      "fine_tune",
    ]);
    expect(extractTerms("call learn.fine_tune()", { keepCode: true })).toEqual(["call", "learn", "fine", "tune", "fine_tune"]);
    expect(extractTerms("What do / and // do? p@b, x += 1", { keepCode: true })).toEqual(["/", "//", "p", "@", "b", "x", "+=", "1"]);
    expect(extractTerms("- the **bold** | table | -- rule", { keepCode: true })).toEqual(["bold", "tabl", "rule"]);
    expect(extractTerms("Set y_range, 7 // 2")).toEqual(["set", "y", "rang", "7", "2"]);
  });

  it("keeps code keywords only for lexical search", () => {
    expect(extractTerms("the while loop")).toEqual(["loop"]);
    expect(extractTerms("the while loop", { keepCodeKeywords: true })).toEqual(["while", "loop"]);
  });

  it("normalizes compatibility forms, curly quotes and dashes", () => {
    expect(normalizeText("“Ｆｉｔ”—it’s")).toBe('"fit"-it\'s');
  });
});

describe("tokenizers by course language", () => {
  it("segments Chinese by dictionary, drops its function words and adds character bigrams", () => {
    const chinese = tokenizerFor("zh-CN");
    expect(chinese.words("填字游戏是一种常见的游戏")).toEqual(["填字游戏", "是", "一种", "常见", "的", "游戏"]);
    const terms = chinese.terms("填字游戏是一种常见的游戏");
    expect(terms).toContain("填字游戏");
    expect(terms).toContain("常见");
    expect(terms).not.toContain("的");
    // Bigrams match a word the dictionary splits differently in question and text.
    expect(terms).toEqual(expect.arrayContaining(["填字", "字游", "游戏", "戏是"]));
  });

  it("reads English identifiers in Chinese prose as English, code keywords and compounds included", () => {
    const terms = tokenizerFor("zh-CN").terms("用for循环遍历learning_rates，再调用learn.fit()", { keepCode: true, keepCodeKeywords: true });
    expect(terms).toEqual(expect.arrayContaining(["for", "循环", "learn", "rate", "learn_rate", "fit"]));
    expect(terms).not.toContain("用for循环遍历learning");
  });

  it("stems and drops stopwords by the course language, and reads Latin words in a Chinese course as English", () => {
    expect(tokenizerFor("es").terms("Las bibliotecas y los bucles")).toEqual(["bibliotec", "bucl"]);
    expect(tokenizerFor("de").terms("Die Häuser und die Schleifen")).toEqual(["haus", "schleif"]);
    expect(tokenizerFor("zh-CN").terms("the trained models")).toEqual(["train", "model"]);
    // A language without a stemmer or stopword list is still split into words.
    expect(tokenizerFor("pl").terms("Pętle powtarzają kod")).toEqual(["pętle", "powtarzają", "kod"]);
  });

  it("names its language in its id, so indexes built by another tokenizer are told apart", () => {
    expect(tokenizerFor("zh-cn").id).not.toBe(tokenizerFor("en").id);
    expect(tokenizerFor("zh-cn").language).toBe("zh-CN");
    expect(tokenizerFor("zh-CN")).toBe(tokenizerFor("zh-cn"));
  });
});
