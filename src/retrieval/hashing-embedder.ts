import { normalizeL2, type Embedder } from "./embedder.js";
import { tokenizerFor, type Tokenizer } from "./text-terms.js";

export interface HashingEmbedderOptions {
  dimensions?: number;
  /** Weight of adjacent-term pairs, which tell "learning rate" from "learning" and "rate". */
  bigramWeight?: number;
  /** Weight of character 4-grams inside words, which keep a misspelt word close to the right one. */
  charGramWeight?: number;
  /** How text becomes words: the course language's tokenizer, English by default. */
  tokenizer?: Tokenizer;
}

/**
 * Embeds text without model weights: stemmed words, word pairs and character 4-grams are hashed into a
 * fixed number of signed buckets (the "hashing trick"), weighted by 1 + ln(tf), and L2-normalized.
 * Deterministic across runs and machines, so its vectors can be persisted and compared later.
 */
export class HashingEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly bigramWeight: number;
  private readonly charGramWeight: number;
  private readonly tokenizer: Tokenizer;

  constructor(private readonly options: HashingEmbedderOptions = {}) {
    this.dimensions = options.dimensions ?? 512;
    this.bigramWeight = options.bigramWeight ?? 0.3;
    this.charGramWeight = options.charGramWeight ?? 0.15;
    this.tokenizer = options.tokenizer ?? tokenizerFor("en");
    const isDefault = this.dimensions === 512 && this.bigramWeight === 0.3 && this.charGramWeight === 0.15;
    // The id names every setting that changes vectors, so differently built indexes never mix.
    this.id = isDefault ? "builtin:hash-v1" : `builtin:hash-v1(d=${this.dimensions},bi=${this.bigramWeight},ch=${this.charGramWeight})`;
  }

  /** The same embedder reading the words of another language; the index records the tokenizer beside this id. */
  withTokenizer(tokenizer: Tokenizer): HashingEmbedder {
    return new HashingEmbedder({ ...this.options, tokenizer });
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embedOne(text));
  }

  embedOne(text: string): number[] {
    const counts = new Map<string, number>();
    const count = (feature: string) => counts.set(feature, (counts.get(feature) ?? 0) + 1);
    const terms = this.tokenizer.terms(text);
    for (let i = 0; i < terms.length; i++) {
      count(`w:${terms[i]}`);
      if (i + 1 < terms.length) count(`b:${terms[i]} ${terms[i + 1]}`);
    }
    if (this.charGramWeight > 0) {
      for (const word of this.tokenizer.words(text)) {
        if (word.length < 4) continue;
        const padded = `<${word}>`;
        for (let i = 0; i + 4 <= padded.length; i++) count(`c:${padded.slice(i, i + 4)}`);
      }
    }
    const vector = new Array<number>(this.dimensions).fill(0);
    for (const [feature, n] of counts) {
      const hash = hashString(feature);
      const bucket = (hash >>> 1) % this.dimensions;
      const sign = hash & 1 ? 1 : -1;
      vector[bucket]! += sign * this.weightOf(feature) * (1 + Math.log(n));
    }
    // Text with no words still needs a unit vector: cosine space cannot hold a zero vector.
    if (!vector.some((value) => value !== 0)) vector[0] = 1;
    return normalizeL2(vector);
  }

  private weightOf(feature: string): number {
    if (feature.startsWith("b:")) return this.bigramWeight;
    if (feature.startsWith("c:")) return this.charGramWeight;
    return 1;
  }
}

/** FNV-1a, 32 bits: fast and stable across platforms, unlike anything seeded per process. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
