import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GrowingShingles, shingles } from "../../src/tutor/leak-guard/shingles.js";

const WORDS = ["the", "loop", "runs", "Variable", "x", "42", "prints", "résumé", "don't", "a", "answer", "is", "ﬁve"];
const GAPS = [" ", "  ", "\n", ", ", ". ", "-", "", "\u200b"];

describe("GrowingShingles", () => {
  it("gives the same shingles as reading the whole text, at every step of a stream", () => {
    const piece = fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...GAPS)).map(([word, gap]) => word + gap);
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 40 }),
        (pieces, cuts) => {
          const text = pieces.join("");
          const growing = new GrowingShingles();
          const universe = new Set<string>();
          for (let end = 0, step = 0; end < text.length; step += 1) {
            end = Math.min(text.length, end + cuts[step % cuts.length]!);
            const prefix = text.slice(0, end);
            const expected = shingles(prefix);
            for (const shingle of expected) universe.add(shingle);
            const lookup = growing.update(prefix);
            for (const shingle of universe)
              expect(lookup.has(shingle), `${JSON.stringify(prefix)} / ${shingle}`).toBe(expected.has(shingle));
          }
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });

  it("starts over when the text is not a continuation of the last one", () => {
    const growing = new GrowingShingles();
    growing.update("the loop runs forever and ");
    const lookup = growing.update("a variable holds values ");
    const [before] = shingles("the loop runs forever");
    const [after] = shingles("a variable holds values");
    expect(lookup.has(before!)).toBe(false);
    expect(lookup.has(after!)).toBe(true);
  });
});
