import { afterEach, describe, expect, it } from "vitest";
import { LlmModelMissingError, LlmServerDownError, LlmStreamError, LlmTimeoutError } from "../../src/errors.js";
import { OllamaEmbedder } from "../../src/retrieval/ollama-embedder.js";
import { startFakeOllama, type FakeOllama, type FakeOllamaOptions } from "../fakes/fake-ollama.js";

describe("OllamaEmbedder against a fake Ollama over HTTP", () => {
  let fake: FakeOllama | undefined;
  const start = async (options: FakeOllamaOptions = {}) => {
    fake = await startFakeOllama({ embeddingDimension: 16, ...options });
    return fake;
  };
  afterEach(() => fake?.stop());

  const texts = ["for loops repeat", "lists hold items", "functions return values", "while loops repeat", "dicts map keys"];

  it("is identified by its model, so indexes never mix vectors from two embedders", () => {
    expect(new OllamaEmbedder({ host: "http://127.0.0.1:1", model: "nomic-embed-text" }).id).toBe("ollama:nomic-embed-text");
  });

  it("sends texts in batches and returns one vector per text, in order", async () => {
    const server = await start();
    const embedder = new OllamaEmbedder({ host: server.url, model: "nomic-embed-text", batchSize: 2 });
    const vectors = await embedder.embed(texts);

    expect(server.requests.map((r) => (r.body as { input: string[] }).input)).toEqual([
      ["for loops repeat", "lists hold items"],
      ["functions return values", "while loops repeat"],
      ["dicts map keys"],
    ]);
    expect(server.requests[0]?.body).toMatchObject({ model: "nomic-embed-text" });
    expect(vectors).toHaveLength(5);
    expect(vectors.every((v) => v.length === 16)).toBe(true);
    const [single] = await embedder.embed(["while loops repeat"]);
    expect(vectors[3]).toEqual(single);
  });

  it("returns unit vectors even when the server does not normalize", async () => {
    const server = await start({ normalizeEmbeddings: false });
    const vectors = await new OllamaEmbedder({ host: server.url, model: "nomic-embed-text" }).embed(texts);
    for (const vector of vectors) expect(Math.hypot(...vector)).toBeCloseTo(1, 10);
  });

  it("makes no request for no texts", async () => {
    const server = await start();
    expect(await new OllamaEmbedder({ host: server.url, model: "nomic-embed-text" }).embed([])).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it("maps embed's 404 to LlmModelMissingError", async () => {
    const server = await start();
    const error = await new OllamaEmbedder({ host: server.url, model: "mxbai-embed-large" }).embed(["x"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmModelMissingError);
    expect((error as LlmModelMissingError).model).toBe("mxbai-embed-large");
  });

  it("maps a hang, a truncated body and a stopped server, and recovers after restart", async () => {
    const server = await start();
    const embedder = new OllamaEmbedder({ host: server.url, model: "nomic-embed-text", timeoutMs: 200 });
    server.failNext({ kind: "hang" });
    await expect(embedder.embed(["x"])).rejects.toBeInstanceOf(LlmTimeoutError);
    server.failNext({ kind: "malformed-line" });
    await expect(embedder.embed(["x"])).rejects.toBeInstanceOf(LlmStreamError);
    await server.stop();
    await expect(embedder.embed(["x"])).rejects.toBeInstanceOf(LlmServerDownError);
    await server.restart();
    expect(await embedder.embed(["x"])).toHaveLength(1);
  });
});
