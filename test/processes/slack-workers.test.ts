import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama.js";
import { startFakeSlack, type FakeSlack } from "../slack/fake-slack.js";
import { BOT_TOKEN } from "../slack/slack-harness.js";
import { eventBody, postSigned, SIGNING_SECRET } from "../slack/slack-requests.js";
import { SAMPLE_CONTENT_DIR } from "../support/tutor-fixture.js";
import { waitFor } from "../support/wait-for.js";

const TSX = import.meta.resolve("tsx");
const MAIN = path.resolve(import.meta.dirname, "../../src/main.ts");

/** A port nothing listens on now (the worker takes it a moment later; PORT must be a real port number). */
async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A load balancer in front of the workers: each request goes to the next worker in turn, whatever the
 * connection it came on. Remembers which worker got each request.
 */
async function startFront(
  ports: number[],
): Promise<{ url: string; routed: Array<{ worker: number; retry: string | undefined }>; stop(): Promise<void> }> {
  const routed: Array<{ worker: number; retry: string | undefined }> = [];
  const server = http.createServer((request, response) => {
    const worker = routed.length % ports.length;
    routed.push({ worker, retry: request.headers["x-slack-retry-num"] as string | undefined });
    const upstream = http.request(
      { host: "127.0.0.1", port: ports[worker], method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
    routed,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Worker {
  output(): string;
  stop(): Promise<void>;
}

/** `npm start` with the Slack settings in HTTP mode, on `port`, sharing the data folder. */
async function startWorker(root: string, port: number, env: Record<string, string>): Promise<Worker> {
  const child: ChildProcess = spawn(process.execPath, ["--import", TSX, MAIN], {
    env: {
      ...process.env,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      PORT: String(port),
      TUTOR_CONFIG: path.join(root, "empty.yaml"),
      TUTOR_CONTENT_DIR: SAMPLE_CONTENT_DIR,
      TUTOR_DATA_DIR: path.join(root, "data"),
      TUTOR_STREAM_EDIT_MS: "20",
      ...env,
    },
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await waitFor(() => output.includes(`listening on port ${port}`) || child.exitCode !== null, "the worker to listen", 120_000, 100);
  if (child.exitCode !== null) throw new Error(`the worker on port ${port} exited:\n${output}`);
  return {
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

const dm = (user: string, channel: string, text: string, ts: string) => ({
  type: "message",
  channel,
  channel_type: "im",
  user,
  text,
  ts,
  event_ts: ts,
});
const RETRY = { headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } };

describe("Slack HTTP mode: two workers behind one port-forwarding front", () => {
  let root: string;
  let slack: FakeSlack;
  let ollama: FakeOllama;
  let workers: Worker[] = [];
  let front: Awaited<ReturnType<typeof startFront>>;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "slack-workers-"));
    await writeFile(path.join(root, "empty.yaml"), "");
    slack = await startFakeSlack({ botToken: BOT_TOKEN });
    ollama = await startFakeOllama();
    const ports = [await freePort(), await freePort()];
    const common = { SLACK_API_URL: slack.apiUrl, OLLAMA_HOST: ollama.url };
    // One worker writes the search index, the other reads it (docs/scaling.md); both share tutor.db.
    workers.push(await startWorker(root, ports[0]!, { ...common, TUTOR_INDEX_MODE: "write" }));
    workers.push(await startWorker(root, ports[1]!, { ...common, TUTOR_INDEX_MODE: "read" }));
    front = await startFront(ports);
  }, 240_000);
  afterAll(async () => {
    await front?.stop();
    await Promise.all(workers.map((worker) => worker.stop()));
    workers = [];
    await slack?.stop();
    await ollama?.stop();
    await rm(root, { recursive: true, force: true });
  }, 60_000);

  it("an event and its retry, which the front sends to the other worker, get exactly one answer", async () => {
    const send = (event: Record<string, unknown>, eventId: string, options = {}) =>
      postSigned(front.url, eventBody(event, eventId), "application/json", options);
    expect((await send(dm("U1", "D1", "what is a for loop?", "1.1"), "Ev1")).status).toBe(200);
    expect((await send(dm("U1", "D1", "what is a for loop?", "1.1"), "Ev1", RETRY)).status).toBe(200);
    // Then a new message to each worker: once both are answered, each worker has long decided on what came before.
    expect((await send(dm("U2", "D2", "what is a while loop?", "2.1"), "Ev2")).status).toBe(200);
    expect((await send(dm("U3", "D3", "what is a list?", "3.1"), "Ev3")).status).toBe(200);
    expect(front.routed).toEqual([
      { worker: 0, retry: undefined },
      { worker: 1, retry: "1" },
      { worker: 0, retry: undefined },
      { worker: 1, retry: undefined },
    ]);
    const postsTo = (channel: string) => slack.callsTo("chat.postMessage").filter((call) => call.body.channel === channel);
    await waitFor(() => ["D1", "D2", "D3"].every((channel) => postsTo(channel).length > 0), "an answer in each DM", 60_000);
    expect(postsTo("D1")).toHaveLength(1);
    expect(postsTo("D2")).toHaveLength(1);
    expect(postsTo("D3")).toHaveLength(1);
    const asked = (words: string) =>
      ollama.requests.filter((request) => request.path === "/api/chat" && JSON.stringify(request.body).includes(words));
    expect(asked("what is a for loop?")).toHaveLength(1);
  }, 120_000);
});
