/**
 * Okapi BM25 with one boosted field (BM25F-style: the field's term counts are multiplied before saturation),
 * used for the lesson title and heading path so that a passage under "Weight Decay" matches "weight decay".
 */
export interface Bm25Document {
  terms: readonly string[];
  boostedTerms?: readonly string[];
}

export interface Bm25Options {
  k1?: number;
  b?: number;
  boost?: number;
}

export interface Bm25Hit {
  /** Index of the document in the array the index was built from. */
  doc: number;
  score: number;
}

interface Posting {
  doc: number;
  tf: number;
}

export class Bm25Index {
  private readonly postings = new Map<string, Posting[]>();
  /** Each document's length normalization, fixed once the index is built. */
  private readonly norms: number[];
  private readonly k1: number;

  constructor(documents: readonly Bm25Document[], options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    const b = options.b ?? 0.75;
    const boost = options.boost ?? 2;
    const lengths = documents.map((document, doc) => {
      const counts = new Map<string, number>();
      for (const term of document.terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const term of document.boostedTerms ?? []) counts.set(term, (counts.get(term) ?? 0) + boost);
      for (const [term, tf] of counts) {
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push({ doc, tf });
      }
      return document.terms.length + boost * (document.boostedTerms?.length ?? 0);
    });
    const total = lengths.reduce((sum, length) => sum + length, 0);
    const avgLength = documents.length > 0 ? total / documents.length : 0;
    this.norms = lengths.map((length) => this.k1 * (1 - b + (b * length) / (avgLength || 1)));
  }

  /** Best `k` documents for the query terms (repeated terms count once), highest score first. */
  search(queryTerms: readonly string[], k: number): Bm25Hit[] {
    const scores = this.score(queryTerms);
    return [...scores.entries()]
      .map(([doc, score]) => ({ doc, score }))
      .sort((x, y) => y.score - x.score || x.doc - y.doc)
      .slice(0, k);
  }

  /** Inverse document frequency; the "+1" form keeps it positive for terms in more than half the documents. */
  private idf(term: string): number {
    const df = this.postings.get(term)?.length ?? 0;
    return Math.log(1 + (this.norms.length - df + 0.5) / (df + 0.5));
  }

  /** The score of every document that matches at least one query term, by document index. */
  score(queryTerms: readonly string[]): Map<number, number> {
    const scores = new Map<number, number>();
    for (const term of new Set(queryTerms)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      for (const { doc, tf } of list) {
        const norm = this.norms[doc]!;
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * (this.k1 + 1)) / (tf + norm));
      }
    }
    return scores;
  }
}
