import { createHmac } from "node:crypto";

export const SIGNING_SECRET = "test-signing-secret";

/** Slack's v0 request signature: HMAC-SHA256 of `v0:<timestamp>:<raw body>`. */
export function signSlackRequest(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface SendOptions {
  secret?: string;
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  headers?: Record<string, string>;
}

export async function postSigned(
  url: string,
  body: string,
  contentType: string,
  options: SendOptions = {},
): Promise<{ status: number; text: string }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": signSlackRequest(options.secret ?? SIGNING_SECRET, timestamp, body),
      ...options.headers,
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** An Events API envelope around `event`. */
export function eventBody(event: Record<string, unknown>, eventId: string, teamId = "T1"): string {
  return JSON.stringify({
    token: "legacy",
    team_id: teamId,
    api_app_id: "A1",
    type: "event_callback",
    event_id: eventId,
    event_time: 1,
    event,
  });
}

export function commandBody(fields: {
  text: string;
  channel_id: string;
  user_id: string;
  channel_name?: string;
  trigger_id: string;
}): string {
  return new URLSearchParams({
    token: "legacy",
    team_id: "T1",
    team_domain: "school",
    channel_name: "general",
    user_name: "student",
    command: "/tutor",
    response_url: "https://hooks.invalid/commands/1",
    api_app_id: "A1",
    ...fields,
  }).toString();
}

/** Interactivity arrives form-encoded with the JSON in one `payload` field. */
export function interactivityBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function blockActionPayload(fields: {
  userId: string;
  channelId: string;
  messageTs: string;
  threadTs?: string;
  value: string;
  actionId?: string;
  actionTs: string;
  ephemeral?: boolean;
}): Record<string, unknown> {
  return {
    type: "block_actions",
    team: { id: "T1", domain: "school" },
    user: { id: fields.userId, username: "student", team_id: "T1" },
    api_app_id: "A1",
    token: "legacy",
    trigger_id: `trigger-${fields.actionTs}`,
    response_url: "https://hooks.invalid/actions/1",
    container: {
      type: "message",
      message_ts: fields.messageTs,
      channel_id: fields.channelId,
      is_ephemeral: fields.ephemeral ?? false,
      ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}),
    },
    channel: { id: fields.channelId, name: "general" },
    message: { type: "message", ts: fields.messageTs, ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}) },
    actions: [
      {
        type: "button",
        block_id: "tutor_actions_0",
        action_id: fields.actionId ?? "tutor_action_0",
        value: fields.value,
        action_ts: fields.actionTs,
        text: { type: "plain_text", text: "x" },
      },
    ],
  };
}
