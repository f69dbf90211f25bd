import type { Tokenizer } from "./text-terms.js";

/**
 * Turns texts into vectors. Two implementations: the built-in hashing embedder (no model weights,
 * deterministic) and Ollama's /api/embed. `id` is recorded in every persisted index so that vectors
 * from two embedders are never mixed.
 */
export interface Embedder {
  /** e.g. `builtin:hash-v1` or `ollama:nomic-embed-text`. */
  readonly id: string;
  /** One unit-length vector per text, in order, all of the same length; `signal` abandons the request. */
  embed(texts: string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
  /**
   * The embedder for a course in the tokenizer's language. Only an embedder that splits text into words
   * itself has one; a model reads every language as it is.
   */
  withTokenizer?(tokenizer: Tokenizer): Embedder;
}

/** The vector scaled to unit length, as `embed` promises; a zero vector has no direction and comes back as is. */
export function normalizeL2(vector: number[]): number[] {
  let norm = 0;
  for (const value of vector) norm += value * value;
  if (norm === 0) return vector;
  const scale = 1 / Math.sqrt(norm);
  return vector.map((value) => value * scale);
}
