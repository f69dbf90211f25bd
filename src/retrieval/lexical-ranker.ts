import { bestHits, Bm25Index } from "./bm25.js";
import { describeContext, extractEmphasis, sectionKeyOf } from "./indexed-text.js";
import type { Passage } from "./passage.js";
import { slideSentenceWindows } from "./sentence-windows.js";
import type { Tokenizer } from "./text-terms.js";

const LEXICAL = { keepCodeKeywords: true, keepCode: true };
/** Sentences per scoring window: most textbook answers fit in one or two sentences. */
const WINDOW_SENTENCES = 2;
/**
 * Weights of the three grains, each scaled to its best score for the query: the passage itself, its best
 * sentence window (an answer diluted in a long passage), and its section (the topic it sits in, which breaks
 * ties between passages that share few of the question's words). The section, being coarse, counts half.
 */
const GRAIN_WEIGHTS = { passage: 1, window: 1, section: 0.5 };

export interface LexicalHit {
  /** Index into the passages the ranker was built from. */
  doc: number;
  score: number;
}

/**
 * BM25 at three grains: a passage scores by its own words, its best sentence window and its section's words.
 * Each grain is a BM25F index whose boosted field holds the lesson title, headings and emphasized terms.
 */
export class LexicalRanker {
  private readonly passageIndex: Bm25Index;
  private readonly windowIndex: Bm25Index;
  private readonly windowOwners: number[][] = [];
  private readonly sectionIndex: Bm25Index;
  private readonly sectionOf: number[];

  constructor(
    passages: readonly Passage[],
    private readonly tokenizer: Tokenizer,
  ) {
    const termsOf = (text: string) => tokenizer.terms(text, LEXICAL);
    const fields = passages.map((passage) => ({
      terms: termsOf(passage.text),
      boostedTerms: termsOf(`${describeContext(passage)}\n${extractEmphasis(passage.text)}`),
    }));
    this.passageIndex = new Bm25Index(fields);
    const sectionIds = new Map<string, number>();
    const sections: { terms: string[]; boostedTerms: readonly string[]; docs: number[] }[] = [];
    this.sectionOf = passages.map((passage, doc) => {
      const key = sectionKeyOf(passage);
      let id = sectionIds.get(key);
      if (id === undefined) {
        id = sections.length;
        sectionIds.set(key, id);
        sections.push({ terms: [], boostedTerms: termsOf(describeContext(passage)), docs: [] });
      }
      sections[id]!.terms.push(...fields[doc]!.terms);
      sections[id]!.docs.push(doc);
      return id;
    });
    this.sectionIndex = new Bm25Index(sections);
    // Windows run on across the passages of a section, in reading order; one that straddles a break counts
    // for both passages, so an answer split by the chunker still scores as one.
    const windows: { terms: string[] }[] = [];
    for (const { docs } of sections) {
      const ordered = [...docs].sort((x, y) => passages[x]!.startLine - passages[y]!.startLine);
      for (const window of slideSentenceWindows(
        ordered.map((doc) => passages[doc]!.text),
        WINDOW_SENTENCES,
      )) {
        windows.push({ terms: termsOf(window.text) });
        this.windowOwners.push(window.sources.map((source) => ordered[source]!));
      }
    }
    this.windowIndex = new Bm25Index(windows);
  }

  /** Best `k` passages for the query, highest score first. */
  search(query: string, k: number): LexicalHit[] {
    const terms = this.tokenizer.terms(query, LEXICAL);
    const passageScores = this.passageIndex.score(terms);
    const windowScores = this.windowIndex.score(terms);
    // Each passage's best window: a window that straddles a break counts for both its passages.
    const bestWindow = new Float64Array(this.sectionOf.length);
    let windowBest = 0;
    for (const window of windowScores.matched) {
      const score = windowScores.of(window);
      windowBest = Math.max(windowBest, score);
      for (const doc of this.windowOwners[window]!) bestWindow[doc] = Math.max(bestWindow[doc]!, score);
    }
    const sectionScores = this.sectionIndex.score(terms);
    const passageScale = scaleOf(passageScores.best());
    const windowScale = scaleOf(windowBest);
    const sectionScale = scaleOf(sectionScores.best());
    // A passage with none of the query's words scores nothing, whatever its section does.
    const hits = passageScores.matched.map((doc) => ({
      doc,
      score:
        GRAIN_WEIGHTS.passage * passageScores.of(doc) * passageScale +
        GRAIN_WEIGHTS.window * bestWindow[doc]! * windowScale +
        GRAIN_WEIGHTS.section * sectionScores.of(this.sectionOf[doc]!) * sectionScale,
    }));
    return bestHits(hits, k);
  }
}

/** 1 / the best score, so each grain counts on the same 0..1 scale. */
function scaleOf(best: number): number {
  return best > 0 ? 1 / best : 0;
}
