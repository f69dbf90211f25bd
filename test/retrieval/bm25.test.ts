import { describe, expect, it } from "vitest";
import { bestHits, Bm25Index, compareHits, type Bm25Hit } from "../../src/retrieval/bm25.js";
import { createPrng } from "../../src/tutor/mastery/prng.js";
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

describe("Bm25Index.score", () => {
  it("scores each matching document once, by the sum over the query's distinct terms, and 0 elsewhere", () => {
    const index = new Bm25Index([{ terms: ["loop", "loop", "list"] }, { terms: ["list"] }, { terms: ["dict"] }]);
    const both = index.score(["loop", "list", "loop"]);
    expect(both.matched).toEqual([0, 1]);
    const loopOnly = index.score(["loop"]).of(0);
    const listOnly = index.score(["list"]).of(0);
    expect(both.of(0)).toBeCloseTo(loopOnly + listOnly, 12);
    expect(both.of(2)).toBe(0);
    expect(both.best()).toBe(both.of(0));
    expect(index.score(["zebra"]).best()).toBe(0);
  });

  it("does not count a heading term as a match when headings are given no weight", () => {
    const index = new Bm25Index([{ terms: ["loop"], boostedTerms: ["list"] }, { terms: ["list"] }], { boost: 0 });
    expect(index.score(["list"]).matched).toEqual([1]);
  });
});

describe("bestHits", () => {
  it("keeps what sorting every hit and taking the first k keeps, ties broken by the lower document", () => {
    const random = createPrng(11);
    for (let round = 0; round < 50; round++) {
      // Scores from a handful of values: many ties.
      const hits: Bm25Hit[] = Array.from({ length: 1 + Math.floor(random() * 300) }, (_, doc) => ({
        doc,
        score: Math.floor(random() * 8) / 4,
      }));
      const shuffled = [...hits].sort(() => random() - 0.5);
      for (const k of [0, 1, 5, 50, 400]) expect(bestHits(shuffled, k)).toEqual([...hits].sort(compareHits).slice(0, k));
    }
  });
});
