import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LlmBadOutputError, LlmModelMissingError, LlmServerDownError, LlmStreamError, LlmTimeoutError } from "../../src/errors.js";
import type { ChatMessage } from "../../src/tutor/llm/chat-model.js";
import { OllamaChatModel, type OllamaChatModelOptions } from "../../src/tutor/llm/ollama-chat-model.js";
import { MODEL_BUSY_ERROR, startFakeOllama, type FakeOllama, type FakeOllamaOptions } from "../fakes/fake-ollama.js";

const ASK: ChatMessage[] = [
  { role: "system", content: "You are a patient tutor." },
  { role: "user", content: "What does a for loop do in Python?" },
];

async function collect(pieces: AsyncIterable<string>): Promise<{ pieces: string[]; error?: unknown }> {
  const seen: string[] = [];
  try {
    for await (const piece of pieces) seen.push(piece);
    return { pieces: seen };
  } catch (error) {
    return { pieces: seen, error };
  }
}

describe("OllamaChatModel against a fake Ollama over HTTP", () => {
  let fake: FakeOllama;
  const start = async (options: FakeOllamaOptions = {}) => {
    fake = await startFakeOllama(options);
  };
  const model = (options: Partial<OllamaChatModelOptions> = {}) =>
    new OllamaChatModel({ host: fake.url, model: "llama3.2", requestTimeoutMs: 2_000, idleTimeoutMs: 2_000, ...options });
  const chatBodies = () => fake.requests.filter((r) => r.path === "/api/chat").map((r) => r.body as Record<string, unknown>);

  beforeEach(() => start());
  afterEach(() => fake.stop());

  describe("streaming", () => {
    it("yields several pieces that concatenate to the server's reply", async () => {
      const { pieces, error } = await collect(model().stream(ASK));
      expect(error).toBeUndefined();
      expect(pieces.length).toBeGreaterThan(3);
      expect(pieces.join("")).toBe("You said: What does a for loop do in Python?");
    });

    it("sends model, messages, stream:true, options and keep_alive on the wire", async () => {
      await collect(model({ numCtx: 4096, numPredict: 512, keepAlive: "10m" }).stream(ASK, { temperature: 0.2 }));
      expect(chatBodies()).toEqual([
        {
          model: "llama3.2",
          messages: ASK,
          stream: true,
          options: { temperature: 0.2, num_ctx: 4096, num_predict: 512 },
          keep_alive: "10m",
        },
      ]);
      expect(fake.requests[0]?.headers["user-agent"]).toMatch(/^ollama-js\//);
    });

    it("passes the server's chunks through unchanged, including whitespace-only ones", async () => {
      await fake.stop();
      await start({ respond: () => ({ chunks: ["Loops", " ", "repeat", ".\n"] }) });
      expect((await collect(model().stream(ASK))).pieces).toEqual(["Loops", " ", "repeat", ".\n"]);
    });
  });

  describe("structured output", () => {
    const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] };

    it("sends format with stream:false and temperature 0, and parses the JSON content", async () => {
      const result = await model().completeJson(ASK, schema);
      expect(result).toEqual({ answer: "What does a for loop do in Python?" });
      expect(chatBodies()[0]).toMatchObject({ format: schema, stream: false, options: { temperature: 0 } });
    });

    it("throws LlmBadOutputError when the content is not JSON", async () => {
      await fake.stop();
      await start({ respond: () => "Sure! Here is the JSON you asked for" });
      await expect(model().completeJson(ASK, schema)).rejects.toBeInstanceOf(LlmBadOutputError);
    });

    it("times out a hanging non-streamed request through the custom fetch", async () => {
      fake.failNext({ kind: "hang" });
      const error = await model({ requestTimeoutMs: 200 })
        .completeJson(ASK, schema)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LlmTimeoutError);
      expect((error as LlmTimeoutError).afterMs).toBe(200);
    });

    it("a stream that keeps talking past answerTimeoutMs is LlmTimeoutError, though it never falls silent", async () => {
      await fake.stop();
      await start({ respond: () => ({ chunks: Array.from({ length: 400 }, (_, index) => `word${index} `) }), tokensPerSecond: 50 });
      const { pieces, error } = await collect(model({ idleTimeoutMs: 1_000, answerTimeoutMs: 300 }).stream(ASK));
      expect(error).toBeInstanceOf(LlmTimeoutError);
      expect((error as LlmTimeoutError).afterMs).toBe(300);
      expect(pieces.length).toBeGreaterThan(0);
      expect(pieces.length).toBeLessThan(400);
    });
  });

  describe("failures map to the tutor's error classes", () => {
    it("a stopped server is LlmServerDownError naming the host", async () => {
      await fake.stop();
      const { error } = await collect(model().stream(ASK));
      expect(error).toBeInstanceOf(LlmServerDownError);
      expect((error as LlmServerDownError).host).toBe(fake.url);
      await expect(model().completeJson(ASK, {})).rejects.toBeInstanceOf(LlmServerDownError);
    });

    it("an unknown model is LlmModelMissingError naming the model", async () => {
      const { error } = await collect(model({ model: "llama9" }).stream(ASK));
      expect(error).toBeInstanceOf(LlmModelMissingError);
      expect((error as LlmModelMissingError).model).toBe("llama9");
    });

    it("an error line mid-stream is LlmStreamError after the first pieces arrived", async () => {
      fake.failNext({ kind: "error-line-after", chunks: 2 });
      const { pieces, error } = await collect(model().stream(ASK));
      expect(pieces).toEqual(["You", " said:"]);
      expect(error).toBeInstanceOf(LlmStreamError);
      expect((error as Error).message).toContain("an error was encountered while running the model");
    });

    it("a malformed line is LlmStreamError, not a silently shortened answer", async () => {
      fake.failNext({ kind: "malformed-line" });
      const { error } = await collect(model().stream(ASK));
      expect(error).toBeInstanceOf(LlmStreamError);
    });

    it("a connection dropped mid-stream is LlmStreamError", async () => {
      fake.failNext({ kind: "drop-connection-after", chunks: 1 });
      const { pieces, error } = await collect(model().stream(ASK));
      expect(pieces).toEqual(["You"]);
      expect(error).toBeInstanceOf(LlmStreamError);
    });

    it("a busy server (503) is LlmStreamError carrying the status", async () => {
      fake.failNext({ kind: "http", status: 503, error: MODEL_BUSY_ERROR });
      const { error } = await collect(model().stream(ASK));
      expect(error).toBeInstanceOf(LlmStreamError);
      expect((error as Error).message).toContain("503");
    });

    it("no first token within requestTimeoutMs is LlmTimeoutError", async () => {
      fake.failNext({ kind: "hang" });
      const { error } = await collect(model({ requestTimeoutMs: 200 }).stream(ASK));
      expect(error).toBeInstanceOf(LlmTimeoutError);
    });

    it("silence between chunks beyond idleTimeoutMs is LlmTimeoutError", async () => {
      fake.failNext({ kind: "hang", afterChunks: 2 });
      const { pieces, error } = await collect(model({ idleTimeoutMs: 200 }).stream(ASK));
      expect(pieces).toHaveLength(2);
      expect(error).toBeInstanceOf(LlmTimeoutError);
      expect((error as LlmTimeoutError).afterMs).toBe(200);
    });
  });

  describe("cancellation and recovery", () => {
    it("aborting one stream stops it while a concurrent stream runs to the end", async () => {
      await fake.stop();
      await start({ tokensPerSecond: 200 });
      const chat = model();
      const controller = new AbortController();
      const aborted = (async () => {
        const seen: string[] = [];
        try {
          for await (const piece of chat.stream(ASK, { signal: controller.signal })) {
            seen.push(piece);
            if (seen.length === 2) controller.abort();
          }
        } catch (error) {
          return { seen, error };
        }
        return { seen, error: undefined };
      })();
      const other = collect(chat.stream([{ role: "user", content: "one two three four five six seven eight" }]));

      const first = await aborted;
      expect(first.seen).toHaveLength(2);
      expect((first.error as Error).name).toBe("AbortError");
      const second = await other;
      expect(second.error).toBeUndefined();
      expect(second.pieces.join("")).toBe("You said: one two three four five six seven eight");
    });

    it("stopping iteration early closes the connection to the server", async () => {
      await fake.stop();
      await start({ tokensPerSecond: 50 });
      for await (const piece of model().stream(ASK)) {
        expect(piece).toBe("You");
        break;
      }
      // The fake stops writing once the client is gone; a second request still works on a fresh connection.
      expect((await collect(model().stream(ASK))).error).toBeUndefined();
    });

    it("recovers after the server comes back, without recreating the model", async () => {
      const chat = model();
      await fake.stop();
      expect((await collect(chat.stream(ASK))).error).toBeInstanceOf(LlmServerDownError);
      await fake.restart();
      const { pieces, error } = await collect(chat.stream(ASK));
      expect(error).toBeUndefined();
      expect(pieces.join("")).toContain("for loop");
    });
  });

  describe("health", () => {
    it("is ready when the model is installed, with or without the :latest tag", async () => {
      expect(await model().health()).toEqual({ status: "ready" });
      expect(await model({ model: "llama3.2:latest" }).health()).toEqual({ status: "ready" });
      expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/tags", "GET /api/tags"]);
    });

    it("reports a missing model", async () => {
      fake.setModels(["qwen2.5:7b"]);
      expect(await model().health()).toEqual({ status: "model-missing", model: "llama3.2" });
    });

    it("reports the server down when stopped, and ready again after restart", async () => {
      await fake.stop();
      expect(await model().health()).toEqual({ status: "server-down", host: fake.url });
      await fake.restart();
      expect(await model().health()).toEqual({ status: "ready" });
    });

    it("reports the server down when /api/tags hangs", async () => {
      fake.failNext({ kind: "hang" });
      expect(await model({ healthTimeoutMs: 200 }).health()).toEqual({ status: "server-down", host: fake.url });
    });
  });
});
