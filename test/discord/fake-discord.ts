import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/**
 * A local Discord: the REST API under /api/v10 and the gateway (JSON frames) on one port, enough for
 * the real discord.js Client to log in, receive events and answer. Every REST call is recorded with
 * its method, path and JSON body, so tests assert on what crossed the wire.
 */

export interface RecordedRequest {
  method: string;
  /** Without the /api/v10 prefix and the query, e.g. `/channels/2001/messages`. */
  path: string;
  query: string;
  // Bodies are whatever discord.js sent: tests read the fields they care about.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  files: string[];
}

interface Failure {
  method: string;
  path: RegExp;
  status: number;
  code: number;
  message: string;
}

export interface UserSpec {
  id: string;
  name: string;
  bot?: boolean;
  roles?: string[];
}

export const BOT = { id: "1000", username: "tutor", discriminator: "0", global_name: "Tutor", avatar: null, bot: true };
export const APPLICATION_ID = BOT.id;
export const GUILD_ID = "2000";
export const CHANNEL_ID = "2001";
/** A second server whose events go to shard 1 of 2: Discord routes by `(guild_id >> 22) % shard_count`. */
export const SECOND_GUILD_ID = String(1n << 22n);
export const SECOND_CHANNEL_ID = String((1n << 22n) + 1n);
/** Each server's one text channel. */
const GUILD_CHANNELS = new Map([
  [GUILD_ID, CHANNEL_ID],
  [SECOND_GUILD_ID, SECOND_CHANNEL_ID],
]);

/** The shard that receives a server's events; DMs (no server) go to shard 0. */
export function shardOf(guildId: string | undefined, shardCount: number): number {
  return guildId === undefined ? 0 : Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
export const TEACHER_ROLE = { id: "2100", name: "Teachers" };
export const STUDENT: UserSpec = { id: "3001", name: "ana" };
export const OTHER_STUDENT: UserSpec = { id: "3002", name: "ben" };
export const TEACHER: UserSpec = { id: "3003", name: "tess", roles: [TEACHER_ROLE.id] };
/** The server's owner (its `owner_id`): every permission, and no teacher unless the config names them. */
export const OWNER: UserSpec = { id: "9999", name: "owen" };
/** Administrator, as Discord computes it for the owner in an interaction's `member.permissions`. */
export const OWNER_PERMISSIONS = "8";

const API_PREFIX = "/api/v10";
/** The fake's CDN: attachment bytes at /attachments/<id>/<name>, as cdn.discordapp.com serves them. */
const CDN_PREFIX = "/attachments/";

/** An attachment as Discord describes it in a message or an interaction's resolved data. */
export interface FakeAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
}
const ALL_PERMISSIONS = "8"; // Administrator: the bot's own role in the fake server.

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  identifies = 0;
  resumes = 0;
  /** The `shard` field of every IDENTIFY, in order ([id, count]; [0, 1] when the client sent none). */
  readonly identifiedShards: Array<[number, number]> = [];
  /** Answer IDENTIFY by closing with this code (4014: disallowed intents, 4004: bad token). */
  closeOnIdentify: number | undefined;
  apiUrl = "";
  private server = http.createServer((request, response) => void this.serveRest(request, response));
  private gateway = new WebSocketServer({ server: this.server });
  /** The gateway connection of each shard. */
  private readonly sockets = new Map<number, WebSocket>();
  private readonly sessionShards = new Map<string, number>();
  private sequence = 0;
  private readonly history: Array<{ s: number; t: string; d: unknown; shard: number }> = [];
  private replayOnResume: string[] = [];
  private nextId = 900_000_000_000_000_000n;
  private readonly failures: Failure[] = [];
  private readonly messages = new Map<string, Record<string, unknown>>();
  private readonly originals = new Map<string, string>();
  private readonly interactionChannels = new Map<string, string>();
  readonly threads = new Map<string, Record<string, unknown>>();
  private readonly hosted = new Map<string, Buffer>();
  /** Users the fake knows as members of its server (GET /guilds/:id/members/:user). */
  readonly members = new Map<string, UserSpec>([STUDENT, OTHER_STUDENT, TEACHER, OWNER].map((user) => [user.id, user]));

  /** `shards`: the count GET /gateway/bot recommends; the fake then serves a second server, on shard 1. */
  private constructor(readonly shardCount: number) {}

  static async start(options: { shards?: number } = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options.shards ?? 1);
    fake.gateway.on("connection", (socket) => fake.accept(socket));
    await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
    fake.apiUrl = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/api`;
    return fake;
  }

  async stop(): Promise<void> {
    for (const client of this.gateway.clients) client.terminate();
    await new Promise<void>((resolve) => this.gateway.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  newId(): string {
    this.nextId += 1n;
    return this.nextId.toString();
  }

  /** The next REST call matching method and path fails with Discord's error body. */
  failNext(failure: Failure): void {
    this.failures.push(failure);
  }

  /** Closes the gateway socket; discord.js resumes (4000) or re-identifies (1000). */
  closeGateway(code: number, options: { replayOnResume?: string[] } = {}): void {
    this.replayOnResume = options.replayOnResume ?? [];
    for (const socket of this.sockets.values()) socket.close(code, "fake gateway closed");
    this.sockets.clear();
  }

  /** Sends a dispatch to the shard of its server now, or keeps it for the resume when that socket is down. */
  dispatch(t: string, d: unknown, shard = shardOf((d as { guild_id?: string } | null)?.guild_id, this.shardCount)): void {
    const s = ++this.sequence;
    this.history.push({ s, t, d, shard });
    this.sockets.get(shard)?.send(JSON.stringify({ op: 0, t, s, d }));
  }

  /** The servers this fake has: the second one only when it recommends more than one shard. */
  private guildIds(): string[] {
    return this.shardCount > 1 ? [GUILD_ID, SECOND_GUILD_ID] : [GUILD_ID];
  }

  /** The server a channel or thread belongs to, if any. */
  private guildOfChannel(channelId: string): string | undefined {
    const thread = this.threads.get(channelId);
    if (thread) return String(thread.guild_id);
    return [...GUILD_CHANNELS].find(([, channel]) => channel === channelId)?.[0];
  }

  /**
   * Hosts a file on the fake CDN and describes it as Discord would. `declaredSize` lets a test claim a
   * size other than the bytes' (Discord's `size` field is what the adapter checks before downloading).
   */
  hostAttachment(filename: string, data: string | Uint8Array, declaredSize?: number): FakeAttachment {
    const id = this.newId();
    const bytes = Buffer.from(data);
    this.hosted.set(id, bytes);
    const url = `${this.apiUrl.replace(/\/api$/, "")}${CDN_PREFIX}${id}/${encodeURIComponent(filename)}`;
    return {
      id,
      filename,
      size: declaredSize ?? bytes.length,
      url,
      proxy_url: url,
      content_type: filename.endsWith(".md") ? "text/markdown" : "application/octet-stream",
    };
  }

  /** Downloads of hosted attachments, in order. */
  downloads(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith(CDN_PREFIX));
  }

  /** A user's message in the server channel, a thread (`channelId`) or a DM (`dm: true`). */
  userMessage(
    content: string,
    options: { user?: UserSpec; channelId?: string; dm?: boolean; mentionsBot?: boolean; attachments?: FakeAttachment[] } = {},
  ): string {
    const user = options.user ?? STUDENT;
    const id = this.newId();
    const channelId = options.dm ? this.dmChannelId(user) : (options.channelId ?? CHANNEL_ID);
    const guildId = this.guildOfChannel(channelId) ?? GUILD_ID;
    const mentions = options.mentionsBot ? [BOT] : [];
    this.dispatch("MESSAGE_CREATE", {
      id,
      channel_id: channelId,
      author: toApiUser(user),
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions,
      mention_roles: [],
      attachments: options.attachments ?? [],
      embeds: [],
      pinned: false,
      type: 0,
      ...(options.dm
        ? { channel_type: 1 }
        : { guild_id: guildId, channel_type: this.threads.has(channelId) ? 11 : 0, member: toApiMember(user) }),
    });
    return id;
  }

  /** A slash command; returns the interaction's token (its webhook routes carry it). */
  command(
    name: string,
    options: Record<string, string | FakeAttachment> = {},
    context: { user?: UserSpec; dm?: boolean; channelId?: string; permissions?: string } = {},
  ): string {
    const entries = Object.entries(options);
    // An attachment option (type 11) carries the attachment's id; its details come in `resolved`.
    const files = entries.filter((entry): entry is [string, FakeAttachment] => typeof entry[1] !== "string");
    return this.interaction(
      2,
      {
        id: this.newId(),
        name,
        type: 1,
        options: entries.map(([key, value]) =>
          typeof value === "string" ? { name: key, type: 3, value } : { name: key, type: 11, value: value.id },
        ),
        ...(files.length > 0 ? { resolved: { attachments: Object.fromEntries(files.map(([, file]) => [file.id, file])) } } : {}),
      },
      context,
    );
  }

  /** A click on a button of a message the bot posted. */
  click(customId: string, messageId: string, context: { user?: UserSpec; dm?: boolean; channelId?: string } = {}): string {
    const message = this.messages.get(messageId);
    if (message === undefined) throw new Error(`the fake has no message ${messageId}`);
    return this.interaction(3, { custom_id: customId, component_type: 2 }, { ...context, channelId: String(message.channel_id) }, message);
  }

  /** The JSON bodies of messages posted and edited, in order, optionally in one channel. */
  posts(channelId?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) =>
        r.method === "POST" &&
        /^\/channels\/\d+\/messages$/.test(r.path) &&
        (channelId === undefined || r.path === `/channels/${channelId}/messages`),
    );
  }

  edits(channelId?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.method === "PATCH" && r.path.startsWith(channelId === undefined ? "/channels/" : `/channels/${channelId}/messages/`),
    );
  }

  /** Requests on one interaction's webhook (edits of the original reply and follow-ups). */
  webhookCalls(token: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith(`/webhooks/${APPLICATION_ID}/${token}`));
  }

  /** The messages the bot has in a channel now (after edits and deletions), oldest first. */
  messagesIn(channelId: string): Array<Record<string, unknown>> {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId);
  }

  /** The id of the newest message the bot posted whose current content matches. */
  findMessageId(content: RegExp): string {
    const found = [...this.messages.values()].reverse().find((m) => content.test(String(m.content)));
    if (found === undefined) throw new Error(`the fake has no message matching ${content}`);
    return String(found.id);
  }

  /** Delivers the last dispatch again with a new sequence number, as Discord occasionally does. */
  redeliverLast(): void {
    const last = this.history.at(-1);
    if (last !== undefined) this.dispatch(last.t, last.d);
  }

  /** Delivers the latest dispatch of type `t` again, as a replay after a session was taken over would. */
  redeliverLatest(t: string): void {
    const latest = this.history.filter((e) => e.t === t).at(-1);
    if (latest !== undefined) this.dispatch(latest.t, latest.d);
  }

  dmChannelId(user: UserSpec): string {
    return `4${user.id}`;
  }

  private interaction(
    type: number,
    data: unknown,
    context: { user?: UserSpec; dm?: boolean; channelId?: string; permissions?: string },
    message?: unknown,
  ): string {
    const user = context.user ?? STUDENT;
    const id = this.newId();
    const token = `itoken-${id}`;
    const channelId = context.dm ? this.dmChannelId(user) : (context.channelId ?? CHANNEL_ID);
    this.interactionChannels.set(token, channelId);
    const place = context.dm
      ? { user: toApiUser(user), channel: { id: channelId, type: 1, recipients: [toApiUser(user)] }, context: 1 }
      : {
          guild_id: GUILD_ID,
          member: { ...toApiMember(user), user: toApiUser(user), permissions: context.permissions ?? "0" },
          channel: this.threads.get(channelId) ?? { id: channelId, type: 0, guild_id: GUILD_ID, name: "general" },
          context: 0,
        };
    this.dispatch("INTERACTION_CREATE", {
      id,
      application_id: APPLICATION_ID,
      type,
      data,
      channel_id: channelId,
      token,
      version: 1,
      app_permissions: ALL_PERMISSIONS,
      locale: "en-US",
      entitlements: [],
      authorizing_integration_owners: {},
      ...(message === undefined ? {} : { message }),
      ...place,
    });
    return token;
  }

  private accept(socket: WebSocket): void {
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 500 } }));
    socket.on("message", (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: { seq?: number; session_id?: string; shard?: [number, number] } | null };
      if (payload.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (payload.op === 2) this.identify(socket, payload.d?.shard ?? [0, 1]);
      if (payload.op === 6) this.resume(socket, payload.d?.session_id ?? "", payload.d?.seq ?? 0);
    });
  }

  private identify(socket: WebSocket, shard: [number, number]): void {
    this.identifies += 1;
    this.identifiedShards.push(shard);
    if (this.closeOnIdentify !== undefined) return socket.close(this.closeOnIdentify, "refused by the fake");
    const [shardId, count] = shard;
    const sessionId = `session-${this.identifies}`;
    this.sessionShards.set(sessionId, shardId);
    this.sockets.set(shardId, socket);
    const address = this.server.address() as AddressInfo;
    const guilds = this.guildIds().filter((guildId) => shardOf(guildId, count) === shardId);
    this.dispatch(
      "READY",
      {
        v: 10,
        user: BOT,
        guilds: guilds.map((id) => ({ id, unavailable: true })),
        session_id: sessionId,
        resume_gateway_url: `ws://127.0.0.1:${address.port}`,
        shard,
        application: { id: APPLICATION_ID, flags: 0 },
      },
      shardId,
    );
    for (const guildId of guilds) this.dispatch("GUILD_CREATE", guildCreate(guildId), shardId);
  }

  private resume(socket: WebSocket, sessionId: string, seq: number): void {
    this.resumes += 1;
    const shard = this.sessionShards.get(sessionId) ?? 0;
    this.sockets.set(shard, socket);
    for (const { t, s, d } of this.history.filter((e) => e.s > seq && e.shard === shard)) socket.send(JSON.stringify({ op: 0, t, s, d }));
    // Discord may deliver an event again after a resume: replay the last one of each named type.
    const replays = this.replayOnResume.map((t) => this.history.filter((e) => e.t === t).at(-1)).filter((e) => e !== undefined);
    this.replayOnResume = [];
    this.dispatch("RESUMED", null, shard);
    for (const event of replays) this.dispatch(event.t, event.d);
  }

  private async serveRest(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://fake");
    const pathname = decodeURIComponent(url.pathname);
    const path = pathname.startsWith(API_PREFIX) ? pathname.slice(API_PREFIX.length) : pathname;
    const method = request.method ?? "GET";
    const { body, files } = await readBody(request);
    this.requests.push({ method, path, query: url.search, body, files });

    const reply = (status: number, json?: unknown) => {
      response.writeHead(status, json === undefined ? {} : { "content-type": "application/json" });
      response.end(json === undefined ? undefined : JSON.stringify(json));
    };
    const failure = this.failures.findIndex((f) => f.method === method && f.path.test(path));
    if (failure >= 0) {
      const [f] = this.failures.splice(failure, 1);
      return reply(f!.status, { message: f!.message, code: f!.code });
    }

    let match: RegExpMatchArray | null;
    if (method === "GET" && (match = path.match(/^\/attachments\/(\d+)\//))) {
      const bytes = this.hosted.get(match[1]!);
      if (bytes === undefined) return reply(404);
      response.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.length });
      return void response.end(bytes);
    }
    if (method === "GET" && (match = path.match(/^\/guilds\/(\d+)\/members\/(\d+)$/))) {
      const user = this.guildIds().includes(match[1]!) ? this.members.get(match[2]!) : undefined;
      if (user === undefined) return reply(404, { message: "Unknown Member", code: 10007 });
      return reply(200, { ...toApiMember(user), user: toApiUser(user) });
    }
    if (method === "GET" && path === "/gateway/bot") {
      const address = this.server.address() as AddressInfo;
      return reply(200, {
        url: `ws://127.0.0.1:${address.port}`,
        shards: this.shardCount,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    }
    if (method === "GET" && path === "/applications/@me") return reply(200, { id: APPLICATION_ID, name: "Tutor", bot_public: true });
    if (method === "PUT" && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      return reply(
        200,
        (body as Array<Record<string, unknown>>).map((command) => ({
          ...command,
          id: this.newId(),
          application_id: APPLICATION_ID,
          version: "1",
        })),
      );
    }
    if (method === "POST" && (match = path.match(/^\/channels\/(\d+)\/typing$/))) return reply(204);
    if (method === "POST" && (match = path.match(/^\/channels\/(\d+)\/messages$/))) {
      return reply(200, this.saveMessage(this.newId(), match[1]!, body, files));
    }
    if (method === "PATCH" && (match = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
      return reply(200, this.saveMessage(match[2]!, match[1]!, body, files));
    }
    if (method === "DELETE" && (match = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
      this.messages.delete(match[2]!);
      return reply(204);
    }
    if (method === "POST" && (match = path.match(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/))) {
      // A thread started from a message has the message's id.
      const thread = {
        id: match[2]!,
        type: 11,
        guild_id: this.guildOfChannel(match[1]!) ?? GUILD_ID,
        parent_id: match[1]!,
        owner_id: BOT.id,
        name: String((body as { name?: string }).name),
        thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
        message_count: 0,
        member_count: 1,
        rate_limit_per_user: 0,
        flags: 0,
      };
      this.threads.set(thread.id, thread);
      this.dispatch("THREAD_CREATE", { ...thread, newly_created: true });
      return reply(201, thread);
    }
    if (method === "POST" && path === "/users/@me/channels") {
      const recipient = String((body as { recipient_id?: string }).recipient_id);
      return reply(200, {
        id: this.dmChannelId({ id: recipient, name: "" }),
        type: 1,
        recipients: [{ id: recipient, username: "student", discriminator: "0", avatar: null }],
      });
    }
    if (method === "POST" && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return reply(204);
    if ((match = path.match(/^\/webhooks\/\d+\/([^/]+)(?:\/messages\/([^/]+))?$/))) {
      const token = match[1]!;
      const channelId = this.interactionChannels.get(token) ?? CHANNEL_ID;
      if (method === "POST") return reply(200, this.saveMessage(this.newId(), channelId, body, files, token));
      const id = match[2] === "@original" ? this.originalId(token) : match[2]!;
      if (method === "PATCH") return reply(200, this.saveMessage(id, channelId, body, files, token));
      if (method === "DELETE") {
        this.messages.delete(id);
        return reply(204);
      }
    }
    reply(404, { message: `the fake does not serve ${method} ${path}`, code: 0 });
  }

  private originalId(token: string): string {
    let id = this.originals.get(token);
    if (id === undefined) {
      id = this.newId();
      this.originals.set(token, id);
    }
    return id;
  }

  private saveMessage(id: string, channelId: string, body: unknown, files: string[], webhookToken?: string): Record<string, unknown> {
    const previous = this.messages.get(id) ?? {};
    const fields = (body ?? {}) as Record<string, unknown>;
    const message = {
      id,
      channel_id: channelId,
      ...(this.guildOfChannel(channelId) === undefined ? {} : { guild_id: this.guildOfChannel(channelId) }),
      author: BOT,
      content: "",
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: 0,
      flags: 0,
      ...previous,
      ...pick(fields, ["content", "components", "flags"]),
      ...(files.length > 0
        ? {
            attachments: files.map((name, index) => ({
              id: `${id}${index}`,
              filename: name,
              size: 1,
              url: `http://fake/${name}`,
              proxy_url: `http://fake/${name}`,
            })),
          }
        : {}),
      ...(webhookToken === undefined ? {} : { webhook_id: APPLICATION_ID, application_id: APPLICATION_ID }),
    };
    this.messages.set(id, message);
    return message;
  }
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]));
}

function toApiUser(user: UserSpec) {
  return { id: user.id, username: user.name, discriminator: "0", global_name: user.name, avatar: null, ...(user.bot ? { bot: true } : {}) };
}

function toApiMember(user: UserSpec) {
  return { roles: user.roles ?? [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 };
}

function guildCreate(guildId: string) {
  const role = (id: string, name: string, permissions: string, position: number) => ({
    id,
    name,
    permissions,
    position,
    color: 0,
    hoist: false,
    managed: false,
    mentionable: false,
    flags: 0,
    icon: null,
    unicode_emoji: null,
  });
  return {
    id: guildId,
    name: guildId === GUILD_ID ? "Python class" : "Second class",
    icon: null,
    owner_id: OWNER.id,
    unavailable: false,
    joined_at: new Date(0).toISOString(),
    member_count: 4,
    large: false,
    roles: [
      role(guildId, "@everyone", "0", 0),
      role(TEACHER_ROLE.id, TEACHER_ROLE.name, "0", 1),
      role("2101", "Tutor bot", ALL_PERMISSIONS, 2),
    ],
    channels: [{ id: GUILD_CHANNELS.get(guildId)!, type: 0, name: "general", position: 0, permission_overwrites: [], guild_id: guildId }],
    threads: [],
    members: [{ user: BOT, roles: ["2101"], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 }],
    emojis: [],
    stickers: [],
    features: [],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    premium_tier: 0,
    system_channel_flags: 0,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    preferred_locale: "en-US",
  };
}

/** Reads a JSON body, or a multipart one (files): its `payload_json` and the file names. */
async function readBody(request: http.IncomingMessage): Promise<{ body: unknown; files: string[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = request.headers["content-type"] ?? "";
  if (raw.length === 0) return { body: undefined, files: [] };
  if (type.startsWith("multipart/form-data")) {
    const form = await new Response(raw, { headers: { "content-type": type } }).formData();
    const files: string[] = [];
    form.forEach((value, key) => {
      if (key.startsWith("files[") && typeof value !== "string") files.push(value.name);
    });
    const json = form.get("payload_json");
    return { body: typeof json === "string" ? JSON.parse(json) : undefined, files };
  }
  return { body: JSON.parse(raw.toString("utf8")), files: [] };
}

export { waitFor } from "../support/wait-for.js";
