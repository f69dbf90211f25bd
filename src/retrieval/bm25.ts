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

/** A term's documents and its count in each, side by side: typed arrays, as a query walks thousands of them. */
interface Postings {
  docs: Int32Array;
  tfs: Float64Array;
}

/**
 * One query's score of every document, by document index (0 for a document that matched no term), and the
 * documents that matched, each once, in the order they were first reached. Dense, not a map: a question's
 * words reach thousands of a large course's documents, and adding into an array is what keeps that cheap.
 */
export class DocumentScores {
  constructor(
    readonly matched: readonly number[],
    private readonly scores: Float64Array,
  ) {}

  of(doc: number): number {
    return this.scores[doc] ?? 0;
  }

  /** The highest score, 0 when nothing matched. */
  best(): number {
    let best = 0;
    for (const doc of this.matched) best = Math.max(best, this.scores[doc]!);
    return best;
  }
}

export class Bm25Index {
  private readonly postings = new Map<string, Postings>();
  /** Each document's length normalization, fixed once the index is built. */
  private readonly norms: Float64Array;
  private readonly k1: number;

  constructor(documents: readonly Bm25Document[], options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    const b = options.b ?? 0.75;
    const boost = options.boost ?? 2;
    const building = new Map<string, { docs: number[]; tfs: number[] }>();
    const lengths = documents.map((document, doc) => {
      const counts = new Map<string, number>();
      for (const term of document.terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const term of document.boostedTerms ?? []) counts.set(term, (counts.get(term) ?? 0) + boost);
      for (const [term, tf] of counts) {
        // A boost of 0 gives heading terms no weight: not a match either.
        if (tf === 0) continue;
        let list = building.get(term);
        if (!list) building.set(term, (list = { docs: [], tfs: [] }));
        list.docs.push(doc);
        list.tfs.push(tf);
      }
      return document.terms.length + boost * (document.boostedTerms?.length ?? 0);
    });
    for (const [term, list] of building) this.postings.set(term, { docs: Int32Array.from(list.docs), tfs: Float64Array.from(list.tfs) });
    const total = lengths.reduce((sum, length) => sum + length, 0);
    const avgLength = documents.length > 0 ? total / documents.length : 0;
    this.norms = Float64Array.from(lengths, (length) => this.k1 * (1 - b + (b * length) / (avgLength || 1)));
  }

  /** Best `k` documents for the query terms (repeated terms count once), highest score first. */
  search(queryTerms: readonly string[], k: number): Bm25Hit[] {
    const scores = this.score(queryTerms);
    return bestHits(
      scores.matched.map((doc) => ({ doc, score: scores.of(doc) })),
      k,
    );
  }

  /** Inverse document frequency; the "+1" form keeps it positive for terms in more than half the documents. */
  private idf(term: string): number {
    const df = this.postings.get(term)?.docs.length ?? 0;
    return Math.log(1 + (this.norms.length - df + 0.5) / (df + 0.5));
  }

  /** The score of every document for the query terms. */
  score(queryTerms: readonly string[]): DocumentScores {
    const scores = new Float64Array(this.norms.length);
    const matched: number[] = [];
    const factor = this.k1 + 1;
    for (const term of new Set(queryTerms)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      const { docs, tfs } = list;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        const tf = tfs[i]!;
        // A document's first term scores above 0 (idf > 0, tf > 0), so 0 means not reached yet.
        if (scores[doc] === 0) matched.push(doc);
        scores[doc]! += (idf * tf * factor) / (tf + this.norms[doc]!);
      }
    }
    return new DocumentScores(matched, scores);
  }
}

/** Orders hits: the higher score first, then the lower document index, so equal scores rank the same every time. */
export function compareHits(x: Bm25Hit, y: Bm25Hit): number {
  return y.score - x.score || x.doc - y.doc;
}

/**
 * The `k` best hits in `compareHits` order: what sorting them all and keeping the first `k` gives, without sorting
 * thousands to keep fifty (a min-heap of the best `k` so far).
 */
export function bestHits(hits: readonly Bm25Hit[], k: number): Bm25Hit[] {
  if (k <= 0) return [];
  if (hits.length <= k) return [...hits].sort(compareHits);
  // heap[0] is the worst of the best k so far: the one `compareHits` puts last.
  const heap: Bm25Hit[] = [];
  const worse = (i: number, j: number) => compareHits(heap[i]!, heap[j]!) > 0;
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j]!, heap[i]!]);
  const siftDown = (start: number) => {
    for (let i = start; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < heap.length && worse(left, worst)) worst = left;
      if (right < heap.length && worse(right, worst)) worst = right;
      if (worst === i) return;
      swap(i, worst);
      i = worst;
    }
  };
  for (const hit of hits) {
    if (heap.length < k) {
      heap.push(hit);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    } else if (compareHits(hit, heap[0]!) < 0) {
      heap[0] = hit;
      siftDown(0);
    }
  }
  return heap.sort(compareHits);
}
