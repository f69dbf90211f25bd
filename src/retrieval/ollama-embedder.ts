import { Ollama } from "ollama";
import { z } from "zod";
import { LlmBadOutputError } from "../errors.js";
import { OllamaCall, type FetchFunction } from "../ollama/ollama-call.js";
import { normalizeL2, type Embedder } from "./embedder.js";

export interface OllamaEmbedderOptions {
  host: string;
  /** e.g. `nomic-embed-text`. */
  model: string;
  /** Texts per /api/embed request: large enough to amortise the round trip, small enough to stay under the timeout. */
  batchSize?: number;
  /** Limit for one batch. */
  timeoutMs?: number;
  fetch?: FetchFunction;
}

const DEFAULT_BATCH_SIZE = 32;
const DEFAULT_TIMEOUT_MS = 60_000;

const embedResponseSchema = z.object({ embeddings: z.array(z.array(z.number())) });

export class OllamaEmbedder implements Embedder {
  readonly id: string;

  constructor(private readonly options: OllamaEmbedderOptions) {
    this.id = `ollama:${options.model}`;
  }

  async embed(texts: string[], options: { signal?: AbortSignal } = {}): Promise<number[][]> {
    const size = this.options.batchSize ?? DEFAULT_BATCH_SIZE;
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += size) {
      vectors.push(...(await this.embedBatch(texts.slice(start, start + size), options.signal)));
    }
    const dimension = vectors[0]?.length;
    if (vectors.some((v) => v.length !== dimension || dimension === 0)) {
      throw new LlmBadOutputError(`embeddings of ${this.options.model} differ in length`);
    }
    // Ollama already returns unit vectors, but older servers and other models need not: the index relies on it.
    return vectors.map(normalizeL2);
  }

  private async embedBatch(batch: string[], signal: AbortSignal | undefined): Promise<number[][]> {
    const call = new OllamaCall({ host: this.options.host, model: this.options.model, fetch: this.options.fetch, signal });
    call.armTimeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let reply: unknown;
    try {
      const client = new Ollama({ host: this.options.host, fetch: call.fetch });
      reply = await client.embed({ model: this.options.model, input: batch });
    } catch (error) {
      throw call.toError(error);
    } finally {
      call.end();
    }
    const parsed = embedResponseSchema.safeParse(reply);
    if (!parsed.success || parsed.data.embeddings.length !== batch.length) {
      throw new LlmBadOutputError(`/api/embed did not return one vector per text (${batch.length} sent)`);
    }
    return parsed.data.embeddings;
  }
}
