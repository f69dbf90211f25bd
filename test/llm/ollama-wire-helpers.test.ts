import { describe, expect, it } from "vitest";
import { LlmModelMissingError, LlmServerDownError, LlmStreamError, LlmTimeoutError } from "../../src/errors.js";
import { mapOllamaError } from "../../src/ollama/map-ollama-error.js";
import { isSameModel } from "../../src/ollama/model-name.js";
import { guardNdjson, MalformedNdjsonError } from "../../src/ollama/ndjson-guard.js";

// Shaped like ollama-js's unexported ResponseError.
function responseError(message: string, status: number): Error {
  return Object.assign(new Error(message), { name: "ResponseError", error: message, status_code: status });
}

const before = { host: "http://ollama:11434", model: "llama3.2", responded: false };
const during = { ...before, responded: true };

describe("mapOllamaError", () => {
  it("tells a missing model from a route that does not exist", () => {
    expect(mapOllamaError(responseError("model 'llama3.2' not found", 404), before)).toBeInstanceOf(LlmModelMissingError);
    expect(mapOllamaError(responseError('model "x" not found, try pulling it first', 404), before)).toBeInstanceOf(LlmModelMissingError);
    expect(mapOllamaError(responseError("404 page not found", 404), before)).toBeInstanceOf(LlmServerDownError);
  });

  it("treats a network failure as server down before an answer and as a broken stream after", () => {
    const network = new TypeError("fetch failed");
    expect(mapOllamaError(network, before)).toBeInstanceOf(LlmServerDownError);
    expect(mapOllamaError(new TypeError("terminated"), during)).toBeInstanceOf(LlmStreamError);
    expect(mapOllamaError(new Error("Did not receive done or success response in stream."), during)).toBeInstanceOf(LlmStreamError);
  });

  it("keeps errors that are already the tutor's, and leaves bugs alone", () => {
    const timeout = new LlmTimeoutError(200);
    expect(mapOllamaError(timeout, during)).toBe(timeout);
    const bug = new RangeError("oops");
    expect(mapOllamaError(bug, before)).toBe(bug);
  });
});

describe("isSameModel", () => {
  it("matches an untagged name to :latest only", () => {
    expect(isSameModel("llama3.2:latest", "llama3.2")).toBe(true);
    expect(isSameModel("llama3.2:latest", "llama3.2:latest")).toBe(true);
    expect(isSameModel("llama3.2:1b", "llama3.2")).toBe(false);
    expect(isSameModel("llama3.2-vision:latest", "llama3.2")).toBe(false);
  });
});

describe("guardNdjson", () => {
  const run = async (parts: string[]) => {
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
        controller.close();
      },
    });
    return new Response(source.pipeThrough(guardNdjson())).text();
  };

  it("passes lines split across chunks through intact", async () => {
    expect(await run(['{"a":', '1}\n{"b"', ":2}\n"])).toBe('{"a":1}\n{"b":2}\n');
  });

  it("fails the stream on a line that is not JSON, including a trailing fragment", async () => {
    await expect(run(['{"a":1}\n', "{oops\n", '{"b":2}\n'])).rejects.toBeInstanceOf(MalformedNdjsonError);
    await expect(run(['{"a":1}\n{"b":'])).rejects.toBeInstanceOf(MalformedNdjsonError);
  });
});
