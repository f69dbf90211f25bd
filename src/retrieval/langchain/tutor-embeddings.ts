import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import type { Embedder } from "../embedder.js";

/** The tutor's embedder (built-in hashing, or Ollama's) as LangChain `Embeddings`, for LangChain vector stores. */
export class TutorEmbeddings extends Embeddings {
  constructor(
    private readonly embedder: Embedder,
    params: EmbeddingsParams = {},
  ) {
    super(params);
  }

  override embedDocuments(texts: string[]): Promise<number[][]> {
    return this.embedder.embed(texts);
  }

  override async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedder.embed([text]);
    return vector!;
  }
}
