/**
 * A wire-level stand-in for Ollama: a real HTTP server on 127.0.0.1 that answers like the Ollama REST API
 * (bodies, statuses, content types and NDJSON framing as in /work/shared/reference/OLLAMA_API.md), so the
 * real `ollama` client can be exercised offline, including the ways a real server fails.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface FakeChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  stream?: boolean;
  format?: unknown;
  options?: Record<string, unknown>;
  keep_alive?: string | number;
}

/** A whole reply (split into word-sized chunks when streamed) or the exact chunks to stream. */
export type FakeReply = string | { chunks: string[] };

export type FakeFault =
  | { kind: "error-line-after"; chunks: number; error?: string }
  | { kind: "http"; status: number; error: string }
  | { kind: "malformed-line" }
  /** No answer at all, or (with afterChunks) silence after some chunks, until the client gives up or stop(). */
  | { kind: "hang"; afterChunks?: number }
  | { kind: "drop-connection-after"; chunks: number };

export interface FakeOllamaOptions {
  /** Installed models; a name without a tag is listed as `name:latest`. */
  models?: string[];
  respond?: (request: FakeChatRequest) => FakeReply;
  firstTokenDelayMs?: number;
  /** Pacing of streamed chunks; unset means as fast as the socket takes them. */
  tokensPerSecond?: number;
  embeddingDimension?: number;
  /** Ollama's /api/embed returns unit vectors; turn this off to check that a client normalizes itself. */
  normalizeEmbeddings?: boolean;
}

export interface FakeOllamaRequestLog {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON, the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
}

export interface FakeOllama {
  readonly url: string;
  readonly requests: FakeOllamaRequestLog[];
  /** Queues a fault for the next request to an /api/ route (faults apply in order, one per request). */
  failNext(fault: FakeFault): void;
  setModels(models: string[]): void;
  /** Closes the listener and every open connection, as if Ollama was killed. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
}

export const FAKE_OLLAMA_VERSION = "0.12.0";
export const MODEL_BUSY_ERROR = "server busy, please try again.  maximum pending requests exceeded";
export const MID_STREAM_ERROR = "an error was encountered while running the model";

const JSON_TYPE = "application/json; charset=utf-8";
const NDJSON_TYPE = "application/x-ndjson";

export async function startFakeOllama(options: FakeOllamaOptions = {}): Promise<FakeOllama> {
  let models = (options.models ?? ["llama3.2", "nomic-embed-text"]).map(withTag);
  const respond = options.respond ?? echoLastUserMessage;
  const dimension = options.embeddingDimension ?? 64;
  const faults: FakeFault[] = [];
  const requests: FakeOllamaRequestLog[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let server = createServer();
  let port = 0;

  function createServer(): http.Server {
    const created = http.createServer((req, res) => {
      void handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: String(error) });
        else res.destroy();
      });
    });
    created.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    return created;
  }

  function sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const method = req.method ?? "GET";
    requests.push({ method, path, headers: req.headers, body: parseLogged(raw) });

    const route = ROUTES[path];
    if (!route) return sendText(res, 404, "404 page not found", "text/plain");
    if (!route.includes(method)) return sendText(res, 405, "405 method not allowed", "text/plain");
    if (path === "/") return sendText(res, 200, method === "HEAD" ? "" : "Ollama is running", "text/plain; charset=utf-8");

    const fault = faults.shift();
    if (fault?.kind === "hang" && fault.afterChunks === undefined) return;
    if (fault?.kind === "http") return sendJson(res, fault.status, { error: fault.error });

    switch (path) {
      case "/api/version":
        return sendJson(res, 200, { version: FAKE_OLLAMA_VERSION }, method === "HEAD");
      case "/api/tags":
        return sendJson(res, 200, { models: models.map(describeModel) }, method === "HEAD");
      case "/api/show":
        return handleShow(res, raw);
      case "/api/embed":
        return handleEmbed(res, raw, fault);
      case "/api/chat":
        return handleChat(res, raw, fault);
    }
  }

  function parseRequest(res: http.ServerResponse, raw: string): Record<string, unknown> | undefined {
    if (raw === "") return void sendJson(res, 400, { error: "missing request body" });
    try {
      const body: unknown = JSON.parse(raw);
      if (body && typeof body === "object" && !Array.isArray(body)) return body as Record<string, unknown>;
      return void sendJson(res, 400, { error: "json: cannot unmarshal into Go value of type api.Request" });
    } catch {
      return void sendJson(res, 400, { error: "invalid character in JSON body" });
    }
  }

  function findModel(name: unknown): string | undefined {
    return typeof name === "string" ? models.find((m) => m === withTag(name)) : undefined;
  }

  function handleShow(res: http.ServerResponse, raw: string): void {
    const body = parseRequest(res, raw);
    if (!body) return;
    const name = body.model ?? body.name;
    if (typeof name !== "string" || name === "") return sendJson(res, 400, { error: "model is required" });
    const model = findModel(name);
    if (!model) return sendJson(res, 404, { error: `model '${withTag(name)}' not found` });
    const embedding = isEmbeddingModel(model);
    sendJson(res, 200, {
      modelfile: `FROM ${model}`,
      parameters: 'stop "<|eot_id|>"',
      template: "{{ .Prompt }}",
      details: describeModel(model).details,
      model_info: {
        "general.architecture": "llama",
        "llama.context_length": 8192,
        "llama.embedding_length": embedding ? dimension : 3072,
      },
      capabilities: embedding ? ["embedding"] : ["completion"],
      modified_at: MODIFIED_AT,
    });
  }

  function handleEmbed(res: http.ServerResponse, raw: string, fault: FakeFault | undefined): void {
    const body = parseRequest(res, raw);
    if (!body) return;
    if (typeof body.model !== "string" || body.model === "") return sendJson(res, 400, { error: "model is required" });
    if (!findModel(body.model)) {
      return sendJson(res, 404, { error: `model ${JSON.stringify(body.model)} not found, try pulling it first` });
    }
    const input = body.input ?? [];
    const texts = typeof input === "string" ? (input === "" ? [] : [input]) : input;
    if (!Array.isArray(texts) || texts.some((t) => typeof t !== "string")) {
      return sendJson(res, 400, { error: "invalid input type" });
    }
    if (texts.length === 0) return sendJson(res, 200, { model: body.model, embeddings: [] });
    if (fault?.kind === "drop-connection-after") return void res.socket?.destroy();
    if (fault?.kind === "malformed-line") return sendText(res, 200, '{"model":"', JSON_TYPE);
    const size = typeof body.dimensions === "number" ? Math.min(body.dimensions, dimension) : dimension;
    const embeddings = (texts as string[]).map((text) => {
      const vector = embedText(text, dimension).slice(0, size);
      return options.normalizeEmbeddings === false ? vector.map((x) => x * 3) : normalize(vector);
    });
    sendJson(res, 200, {
      model: body.model,
      embeddings,
      total_duration: 14_143_917,
      load_duration: 1_019_500,
      prompt_eval_count: (texts as string[]).reduce((n, t) => n + countWords(t), 0),
    });
  }

  async function handleChat(res: http.ServerResponse, raw: string, fault: FakeFault | undefined): Promise<void> {
    const body = parseRequest(res, raw);
    if (!body) return;
    if (typeof body.model !== "string" || body.model === "") return sendJson(res, 400, { error: "model is required" });
    if (!findModel(body.model)) return sendJson(res, 404, { error: `model '${body.model}' not found` });
    const request = body as unknown as FakeChatRequest;
    const messages = Array.isArray(request.messages) ? request.messages : [];
    if (messages.length === 0) {
      const reason = request.keep_alive === 0 || request.keep_alive === "0" ? "unload" : "load";
      return sendJson(res, 200, { ...chatLine(request.model, ""), done_reason: reason, done: true });
    }
    const chunks = toChunks(respond(request));
    const promptTokens = messages.reduce((n, m) => n + countWords(m.content ?? ""), 0);
    const final = finalLine(request.model, promptTokens, chunks.length);

    await sleep(options.firstTokenDelayMs ?? 0);
    if (res.destroyed) return;
    if (request.stream === false) {
      if (fault?.kind === "hang") return;
      if (fault?.kind === "drop-connection-after") return void res.socket?.destroy();
      if (fault?.kind === "malformed-line") return sendText(res, 200, '{"model":"', JSON_TYPE);
      if (fault?.kind === "error-line-after") return sendJson(res, 500, { error: fault.error ?? MID_STREAM_ERROR });
      return sendJson(res, 200, { ...final, message: { role: "assistant", content: chunks.join("") } });
    }

    res.writeHead(200, { "Content-Type": NDJSON_TYPE });
    const gapMs = options.tokensPerSecond ? 1000 / options.tokensPerSecond : 0;
    const cut = fault && "chunks" in fault ? fault.chunks : fault?.kind === "hang" ? fault.afterChunks : undefined;
    for (const [index, chunk] of chunks.entries()) {
      if (index === cut) break;
      if (index > 0) await sleep(gapMs);
      if (res.destroyed) return;
      await writeFlushed(res, `${JSON.stringify({ ...chatLine(request.model, chunk), done: false })}\n`);
      // A line garbled on its way (a proxy, a crashing writer): the stream then carries on as if nothing happened.
      if (fault?.kind === "malformed-line" && index === 0) res.write('{"model":"llama3.2","message":{"role":"assis\n');
    }
    switch (fault?.kind) {
      case "error-line-after":
        return void res.end(`${JSON.stringify({ error: fault.error ?? MID_STREAM_ERROR })}\n`);
      case "drop-connection-after":
        return void res.socket?.destroy();
      case "hang":
        return; // silent but open, like a model stuck mid-answer
    }
    res.end(`${JSON.stringify(final)}\n`);
  }

  function listen(onPort: number): Promise<void> {
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(onPort, "127.0.0.1", () => {
        server.off("error", reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  await listen(0);

  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    requests,
    failNext: (fault) => void faults.push(fault),
    setModels: (names) => void (models = names.map(withTag)),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        for (const socket of sockets) socket.destroy();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
    restart: async () => {
      if (server.listening) return;
      server = createServer();
      await listen(port);
    },
  };
}

const ROUTES: Record<string, string[]> = {
  "/": ["GET", "HEAD"],
  "/api/version": ["GET", "HEAD"],
  "/api/tags": ["GET", "HEAD"],
  "/api/show": ["POST"],
  "/api/chat": ["POST"],
  "/api/embed": ["POST"],
};

const MODIFIED_AT = "2025-05-04T17:37:44.706015396-07:00";

function withTag(name: string): string {
  return name.includes(":") ? name : `${name}:latest`;
}

function isEmbeddingModel(name: string): boolean {
  return name.includes("embed") || name.includes("minilm");
}

function describeModel(name: string) {
  return {
    name,
    model: name,
    modified_at: MODIFIED_AT,
    size: 2_019_393_189,
    digest: createHash("sha256").update(name).digest("hex"),
    details: {
      parent_model: "",
      format: "gguf",
      family: "llama",
      families: ["llama"],
      parameter_size: isEmbeddingModel(name) ? "137M" : "3.2B",
      quantization_level: "Q4_K_M",
    },
  };
}

function chatLine(model: string, content: string) {
  return { model, created_at: new Date().toISOString(), message: { role: "assistant", content } };
}

function finalLine(model: string, promptTokens: number, evalTokens: number) {
  return {
    ...chatLine(model, ""),
    done_reason: "stop",
    done: true,
    total_duration: 4_883_583_458,
    load_duration: 1_334_875,
    prompt_eval_count: promptTokens,
    prompt_eval_duration: 342_546_000,
    eval_count: evalTokens,
    eval_duration: 4_535_599_000,
  };
}

/** Default responder: deterministic and visibly derived from what the user said last. */
export function echoLastUserMessage(request: FakeChatRequest): FakeReply {
  if (request.format !== undefined) return JSON.stringify({ answer: lastUserText(request) });
  return `You said: ${lastUserText(request)}`;
}

function lastUserText(request: FakeChatRequest): string {
  const users = request.messages.filter((m) => m.role === "user");
  return users.at(-1)?.content ?? "";
}

/** Splits like a tokenizer would show it on the wire: "The", " sky", " is". */
export function splitIntoChunks(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

function toChunks(reply: FakeReply): string[] {
  return typeof reply === "string" ? splitIntoChunks(reply) : reply.chunks;
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/**
 * Feature hashing of lower-cased words: deterministic, and texts sharing words are close, so retrieval
 * tests through the fake still rank sensibly.
 */
export function embedText(text: string, dimension: number): number[] {
  const vector: number[] = new Array<number>(dimension).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const digest = createHash("sha256").update(word).digest();
    const slot = digest.readUInt32BE(0) % dimension;
    vector[slot] = (vector[slot] ?? 0) + (digest[4]! & 1 ? 1 : -1);
  }
  if (!vector.some((x) => x !== 0)) vector[0] = 1;
  return vector;
}

function normalize(vector: number[]): number[] {
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((x) => x / norm);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

function parseLogged(raw: string): unknown {
  if (raw === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headOnly = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": JSON_TYPE, "Content-Length": Buffer.byteLength(text) });
  res.end(headOnly ? undefined : text);
}

/** Resolves once the line is handed to the socket, so a later destroy() cannot swallow it. */
function writeFlushed(res: http.ServerResponse, text: string): Promise<void> {
  return new Promise((resolve) => res.write(text, () => resolve()));
}

function sendText(res: http.ServerResponse, status: number, text: string, contentType: string): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}
