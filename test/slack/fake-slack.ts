import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/** One request that crossed the wire to the fake Web API, with its body parsed (form or JSON). */
export interface SlackCall {
  method: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

export interface FakeUser {
  name?: string;
  displayName?: string;
  isAdmin?: boolean;
  isOwner?: boolean;
}

export interface FakeSlackOptions {
  botUserId?: string;
  teamId?: string;
  users?: Record<string, FakeUser>;
  /** usergroup id → member user ids. */
  userGroups?: Record<string, string[]>;
  /** method → Slack error code, answered `{ ok: false, error }` (HTTP 200, as Slack does). */
  failures?: Record<string, string>;
  /** The only token `url_private_download` accepts, as Slack serves private files to the workspace's apps alone. */
  botToken?: string;
}

/** A file as Slack describes it in a `file_share` message event. */
export interface FakeSlackFile {
  id: string;
  name: string;
  size: number;
  mimetype: string;
  url_private: string;
  url_private_download: string;
}

export interface FakeSlack {
  /** The Web API base URL, ending in `/api/`. */
  apiUrl: string;
  calls: SlackCall[];
  /** Bytes received at the upload URLs of the files upload v2 flow, by file id. */
  uploads: Map<string, Buffer>;
  options: FakeSlackOptions;
  callsTo(method: string): SlackCall[];
  /**
   * Socket Mode: sends an envelope (`events_api`, `slash_commands`, `interactive`) to the connected app and
   * resolves with the app's acknowledgement.
   */
  sendOverSocket(type: string, payload: Record<string, unknown>): Promise<{ envelope_id: string; payload?: unknown }>;
  /** Resolves when an app has connected over Socket Mode and received `hello`. */
  socketConnected(): Promise<void>;
  /**
   * Hosts a file at a `url_private_download` (downloads are recorded as calls to `files.download`).
   * `declaredSize` lets a test claim a size other than the bytes'.
   */
  hostFile(name: string, data: string | Uint8Array, declaredSize?: number): FakeSlackFile;
  /** Resolves once `predicate` holds for the recorded calls (checked after every call). */
  waitFor(predicate: (calls: SlackCall[]) => boolean): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A Slack Web API on 127.0.0.1 that answers what the adapter calls, checks the Block Kit limits the
 * real API enforces (so an oversized payload fails here as it would there), and records every call.
 */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const botUserId = options.botUserId ?? "UBOT";
  const teamId = options.teamId ?? "T1";
  const calls: SlackCall[] = [];
  const uploads = new Map<string, Buffer>();
  const hosted = new Map<string, Buffer>();
  const waiters: { predicate: (calls: SlackCall[]) => boolean; resolve: () => void }[] = [];
  let nextTs = 1000;
  let nextFile = 1;
  let base = "";

  const record = (call: SlackCall) => {
    calls.push(call);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(calls)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };

  const answer = (method: string, body: Record<string, unknown>): Record<string, unknown> => {
    const failure = options.failures?.[method];
    if (failure !== undefined) return { ok: false, error: failure };
    const blocksProblem = checkBlocks(body.blocks ?? (body.view as { blocks?: unknown } | undefined)?.blocks);
    if (blocksProblem !== undefined) return { ok: false, error: "invalid_blocks", errors: [blocksProblem] };
    const channel = String(body.channel ?? "");
    // A user id as channel means the app's DM with that user.
    const resolvedChannel = /^[UW]/.test(channel) ? `D${channel}` : channel;
    switch (method) {
      case "apps.connections.open":
        return { ok: true, url: `${base.replace(/^http/, "ws")}link` };
      case "auth.test":
        return {
          ok: true,
          url: "https://fake.slack.com/",
          team: "Fake",
          user: "tutor",
          team_id: teamId,
          user_id: botUserId,
          bot_id: "BBOT",
        };
      case "chat.postMessage":
        return { ok: true, channel: resolvedChannel, ts: `${nextTs++}.000100`, message: { text: body.text, user: botUserId } };
      case "chat.update":
        return { ok: true, channel, ts: body.ts, text: body.text };
      case "chat.postEphemeral":
        return { ok: true, message_ts: `${nextTs++}.000200` };
      case "chat.delete":
        return { ok: true, channel, ts: body.ts };
      case "views.publish":
        return { ok: true, view: { id: "V1", type: "home" } };
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(body.users)}` } };
      case "users.info": {
        const id = String(body.user);
        const user = options.users?.[id] ?? {};
        return {
          ok: true,
          user: {
            id,
            name: user.name ?? id.toLowerCase(),
            real_name: user.name ?? "",
            is_admin: user.isAdmin ?? false,
            is_owner: user.isOwner ?? false,
            profile: { display_name: user.displayName ?? "" },
          },
        };
      }
      case "usergroups.users.list":
        return { ok: true, users: options.userGroups?.[String(body.usergroup)] ?? [] };
      case "files.getUploadURLExternal": {
        const fileId = `F${nextFile++}`;
        return { ok: true, upload_url: `${base}upload/${fileId}`, file_id: fileId };
      }
      case "files.completeUploadExternal": {
        const files = (Array.isArray(body.files) ? body.files : []) as { id: string; title?: string }[];
        return { ok: true, files: files.map((file) => ({ id: file.id, title: file.title ?? "" })) };
      }
      default:
        return { ok: false, error: "unknown_method" };
    }
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void readBody(request)
      .then((raw) => {
        const path = new URL(request.url ?? "/", "http://fake").pathname;
        const upload = /^\/upload\/(F\d+)$/.exec(path);
        if (upload?.[1] !== undefined) {
          const fileId = upload[1];
          return readUploadedFile(raw, request.headers["content-type"] ?? "").then((file) => {
            uploads.set(fileId, file);
            record({ method: "upload", body: { fileId, bytes: file.length }, authorization: request.headers.authorization });
            response.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${file.length}`);
          });
        }
        const download = /^\/files-pri\/[A-Z0-9]+-(F\d+)\//.exec(path);
        if (download?.[1] !== undefined) {
          const authorization = request.headers.authorization;
          record({ method: "files.download", body: { fileId: download[1] }, authorization });
          const bytes = hosted.get(download[1]);
          // Without the right token Slack never serves the file (it sends its sign-in page; offline, a 403).
          if (bytes === undefined || (options.botToken !== undefined && authorization !== `Bearer ${options.botToken}`)) {
            response.writeHead(bytes === undefined ? 404 : 403).end();
            return;
          }
          response.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.length }).end(bytes);
          return;
        }
        const method = /^\/api\/([\w.]+)$/.exec(path)?.[1];
        if (method === undefined) {
          response.writeHead(404).end();
          return;
        }
        const body = parseBody(raw, request.headers["content-type"] ?? "");
        record({ method, body, authorization: request.headers.authorization });
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer(method, body)));
      })
      .catch((error: unknown) => {
        response.writeHead(500, { "content-type": "text/plain" }).end(String(error));
      });
  });
  const sockets = new WebSocketServer({ server, path: "/link" });
  let connected: WebSocket | undefined;
  let onConnected: (() => void)[] = [];
  const pendingAcks = new Map<string, (ack: { envelope_id: string; payload?: unknown }) => void>();
  let nextEnvelope = 1;
  sockets.on("connection", (socket) => {
    connected = socket;
    socket.on("message", (data) => {
      const ack = JSON.parse(String(data)) as { envelope_id: string; payload?: unknown };
      pendingAcks.get(ack.envelope_id)?.(ack);
      pendingAcks.delete(ack.envelope_id);
    });
    socket.send(JSON.stringify({ type: "hello", num_connections: 1, debug_info: { host: "fake" }, connection_info: { app_id: "A1" } }));
    for (const resolve of onConnected) resolve();
    onConnected = [];
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  return {
    apiUrl: `${base}api/`,
    calls,
    uploads,
    options,
    callsTo: (method) => calls.filter((call) => call.method === method),
    hostFile: (name, data, declaredSize) => {
      const id = `F${nextFile++}`;
      const bytes = Buffer.from(data);
      hosted.set(id, bytes);
      const url = `${base}files-pri/${teamId}-${id}/${encodeURIComponent(name)}`;
      return {
        id,
        name,
        size: declaredSize ?? bytes.length,
        mimetype: "text/plain",
        url_private: url,
        url_private_download: `${url.replace(/\/[^/]*$/, "")}/download/${encodeURIComponent(name)}`,
      };
    },
    socketConnected: () => (connected !== undefined ? Promise.resolve() : new Promise<void>((resolve) => onConnected.push(resolve))),
    sendOverSocket: (type, payload) =>
      new Promise((resolve, reject) => {
        if (connected === undefined) return reject(new Error("no Socket Mode connection"));
        const envelopeId = `env-${nextEnvelope++}`;
        pendingAcks.set(envelopeId, resolve);
        connected.send(
          JSON.stringify({
            envelope_id: envelopeId,
            type,
            payload,
            accepts_response_payload: type !== "events_api",
            retry_attempt: 0,
            retry_reason: "",
          }),
        );
      }),
    waitFor: (predicate) => (predicate(calls) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ predicate, resolve }))),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/** The upload URL takes the raw bytes or a multipart form (WebClient sends the latter). */
async function readUploadedFile(raw: Buffer, contentType: string): Promise<Buffer> {
  if (!contentType.startsWith("multipart/form-data")) return raw;
  const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
  for (const value of form.values()) if (typeof value !== "string") return Buffer.from(await value.arrayBuffer());
  throw new Error("multipart upload without a file part");
}

/** WebClient sends forms whose object fields (blocks, view) are JSON strings; both are decoded here. */
function parseBody(raw: Buffer, contentType: string): Record<string, unknown> {
  const text = raw.toString("utf8");
  if (contentType.includes("application/json")) return text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) body[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  return body;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function checkBlocks(blocks: unknown): string | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return "blocks must be an array";
  if (blocks.length > 100) return "too many blocks";
  for (const block of blocks as {
    type?: string;
    text?: { text?: string };
    elements?: { action_id?: string; text?: { text?: string }; value?: string }[];
  }[]) {
    if (block.type === "section" && (block.text?.text === undefined || block.text.text.length === 0 || block.text.text.length > 3000))
      return "section text must be 1-3000 characters";
    if (block.type === "actions") {
      const ids = (block.elements ?? []).map((element) => element.action_id);
      if (new Set(ids).size !== ids.length) return "action_id must be unique in a block";
      for (const element of block.elements ?? []) {
        if ((element.text?.text ?? "").length > 75) return "button text over 75 characters";
        if ((element.value ?? "").length > 2000) return "button value over 2000 characters";
      }
    }
  }
  return undefined;
}
