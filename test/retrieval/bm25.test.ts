import { describe, expect, it } from "vitest";
import { Bm25Index } from "../../src/retrieval/bm25.js";
import { tokenizerFor } from "../../src/retrieval/text-terms.js";

const extractTerms = (text: string) => tokenizerFor("en").terms(text);

describe("Bm25Index", () => {
  const texts = [
    "The learning rate controls the size of each gradient step.",
    "A loop repeats a block of code; loops are everywhere.",
    "Overfitting: the model memorizes the training set and fails on the validation set.",
  ];

  it("ranks the document sharing the query's rare terms first, stemming word forms", () => {
    const index = new Bm25Index(texts.map((text) => ({ terms: extractTerms(text) })));
    expect(index.search(extractTerms("What does a learning-rate control?"), 3)[0]!.doc).toBe(0);
    expect(index.search(extractTerms("looping"), 3).map((hit) => hit.doc)).toEqual([1]);
    expect(index.search(extractTerms("memorizing training data"), 3)[0]!.doc).toBe(2);
  });

  it("scores a match in the boosted field above the same match in the body", () => {
    const index = new Bm25Index([
      { terms: extractTerms("weight decay penalizes big weights; other words"), boostedTerms: [] },
      { terms: extractTerms("it penalizes big weights; other words"), boostedTerms: extractTerms("Weight Decay") },
    ]);
    const hits = index.search(extractTerms("weight decay"), 2);
    expect(hits.map((hit) => hit.doc)).toEqual([1, 0]);
  });

  it("returns nothing for terms it has never seen", () => {
    expect(new Bm25Index([{ terms: ["loop"] }]).search(["zebra"], 5)).toEqual([]);
  });
});
