/**
 * Turns texts into vectors. Two implementations: the built-in hashing embedder (no model weights,
 * deterministic) and Ollama's /api/embed. `id` is recorded in every persisted index so that vectors
 * from two embedders are never mixed.
 */
export interface Embedder {
  /** e.g. `builtin:hash-v1` or `ollama:nomic-embed-text`. */
  readonly id: string;
  /** One unit-length vector per text, in order, all of the same length. */
  embed(texts: string[]): Promise<number[][]>;
}
