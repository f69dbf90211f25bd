import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOllama, type FakeOllama, MID_STREAM_ERROR, MODEL_BUSY_ERROR } from "../fakes/fake-ollama.js";

// The fake is only useful if it answers like Ollama does: these pin it to the reference (OLLAMA_API.md).
describe("fake Ollama speaks the Ollama wire protocol", () => {
  let fake: FakeOllama;
  beforeEach(async () => {
    fake = await startFakeOllama({ models: ["llama3.2", "nomic-embed-text"], embeddingDimension: 8 });
  });
  afterEach(() => fake.stop());

  const post = (path: string, body: unknown) =>
    fetch(`${fake.url}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

  it("answers GET / with plain text and unknown routes with gin's 404", async () => {
    const root = await fetch(`${fake.url}/`);
    expect(root.status).toBe(200);
    expect(root.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await root.text()).toBe("Ollama is running");

    const missing = await fetch(`${fake.url}/api/nope`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("text/plain");
    expect(await missing.text()).toBe("404 page not found");
  });

  it("lists installed models with the :latest tag and reports a version", async () => {
    const tags = (await (await fetch(`${fake.url}/api/tags`)).json()) as { models: Array<{ name: string; details: unknown }> };
    expect(tags.models.map((m) => m.name)).toEqual(["llama3.2:latest", "nomic-embed-text:latest"]);
    expect(tags.models[0]?.details).toMatchObject({ format: "gguf", family: "llama" });
    const version = (await (await fetch(`${fake.url}/api/version`)).json()) as { version: string };
    expect(version.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("streams NDJSON chat lines ending with done, done_reason and nanosecond durations", async () => {
    const res = await post("/api/chat", { model: "llama3.2", messages: [{ role: "user", content: "why is the sky blue" }] });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    const lines = (await res.text()).split("\n");
    expect(lines.at(-1)).toBe("");
    const parsed = lines.slice(0, -1).map((l) => JSON.parse(l));
    const last = parsed.at(-1);
    expect(last).toMatchObject({ model: "llama3.2", done: true, done_reason: "stop", message: { role: "assistant", content: "" } });
    expect(Number.isInteger(last.total_duration) && last.total_duration > 1e6).toBe(true);
    expect(parsed.slice(0, -1).every((l) => l.done === false && !("done_reason" in l))).toBe(true);
    expect(parsed.map((l) => l.message.content).join("")).toBe("You said: why is the sky blue");
  });

  it("answers stream:false with one JSON object, and a JSON string when format is given", async () => {
    const res = await post("/api/chat", {
      model: "llama3.2:latest",
      stream: false,
      format: { type: "object" },
      messages: [{ role: "user", content: "hi" }],
    });
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await res.json()) as { done: boolean; message: { content: string } };
    expect(body.done).toBe(true);
    expect(JSON.parse(body.message.content)).toEqual({ answer: "hi" });
  });

  it("loads a model when messages are empty", async () => {
    const body = await (await post("/api/chat", { model: "llama3.2", messages: [] })).json();
    expect(body).toMatchObject({ done: true, done_reason: "load" });
  });

  it("uses the exact error strings for chat, show and embed", async () => {
    const chat = await post("/api/chat", { model: "llama9", messages: [{ role: "user", content: "x" }] });
    expect(chat.status).toBe(404);
    expect(await chat.json()).toEqual({ error: "model 'llama9' not found" });

    const embed = await post("/api/embed", { model: "llama9", input: "x" });
    expect(embed.status).toBe(404);
    expect(await embed.json()).toEqual({ error: 'model "llama9" not found, try pulling it first' });

    const show = await post("/api/show", { model: "llama9" });
    expect(await show.json()).toEqual({ error: "model 'llama9:latest' not found" });

    const noModel = await post("/api/chat", { messages: [] });
    expect(noModel.status).toBe(400);
    expect(await noModel.json()).toEqual({ error: "model is required" });
  });

  it("embeds a string or a list, one unit vector per input, deterministically", async () => {
    const one = (await (await post("/api/embed", { model: "nomic-embed-text", input: "sky" })).json()) as { embeddings: number[][] };
    expect(one.embeddings).toHaveLength(1);
    expect(one.embeddings[0]).toHaveLength(8);
    expect(Math.hypot(...one.embeddings[0]!)).toBeCloseTo(1, 10);

    const two = (await (await post("/api/embed", { model: "nomic-embed-text", input: ["sky", "grass"] })).json()) as {
      embeddings: number[][];
    };
    expect(two.embeddings[0]).toEqual(one.embeddings[0]);
    expect(two.embeddings[1]).not.toEqual(one.embeddings[0]);

    const empty = await (await post("/api/embed", { model: "nomic-embed-text", input: [] })).json();
    expect(empty).toEqual({ model: "nomic-embed-text", embeddings: [] });
    const bad = await post("/api/embed", { model: "nomic-embed-text", input: [1] });
    expect(bad.status).toBe(400);
  });

  it("injects a mid-stream error line with status 200 and no done line", async () => {
    fake.failNext({ kind: "error-line-after", chunks: 2 });
    const res = await post("/api/chat", { model: "llama3.2", messages: [{ role: "user", content: "one two three four" }] });
    expect(res.status).toBe(200);
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[2]).toEqual({ error: MID_STREAM_ERROR });
    expect(lines.some((l) => l.done === true)).toBe(false);
  });

  it("answers a queued HTTP fault once, then normally again", async () => {
    fake.failNext({ kind: "http", status: 503, error: MODEL_BUSY_ERROR });
    expect((await fetch(`${fake.url}/api/tags`)).status).toBe(503);
    expect((await fetch(`${fake.url}/api/tags`)).status).toBe(200);
  });

  it("logs every request with its parsed body", async () => {
    await post("/api/show", { model: "llama3.2" });
    expect(fake.requests).toEqual([expect.objectContaining({ method: "POST", path: "/api/show", body: { model: "llama3.2" } })]);
  });

  it("goes down on stop() and comes back on the same port on restart()", async () => {
    const url = fake.url;
    await fake.stop();
    await expect(fetch(`${url}/`)).rejects.toThrow();
    await fake.restart();
    expect(fake.url).toBe(url);
    expect((await fetch(`${url}/`)).status).toBe(200);
  });
});
