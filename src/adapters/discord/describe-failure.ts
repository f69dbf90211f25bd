import { DiscordAPIError, RESTJSONErrorCodes } from "discord.js";

/** What the adapter was doing when Discord refused, so the log can name the permission to grant. */
export type DiscordOperation =
  | "send-message"
  | "send-in-thread"
  | "create-thread"
  | "attach-file"
  | "edit-message"
  | "delete-message"
  | "send-dm"
  | "answer-interaction";

const PERMISSION_FOR: Record<DiscordOperation, string> = {
  "send-message": "Send Messages",
  "send-in-thread": "Send Messages in Threads",
  "create-thread": "Create Public Threads",
  "attach-file": "Attach Files",
  "edit-message": "View Channel",
  "delete-message": "View Channel",
  "send-dm": "Send Messages",
  "answer-interaction": "Use Application Commands",
};

/**
 * One log line for a failed Discord call, naming the fix where Discord's code tells us one. Interaction
 * tokens in webhook URLs are redacted; the bot token never appears in errors.
 */
export function describeDiscordFailure(error: unknown, operation: DiscordOperation): string {
  if (!(error instanceof DiscordAPIError)) {
    return `Discord ${operation} failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  const where = `${error.method.toUpperCase()} ${redactUrl(error.url)}`;
  switch (error.code) {
    case RESTJSONErrorCodes.MissingPermissions:
      return `Missing Permissions (50013) on ${where}: grant the bot the "${PERMISSION_FOR[operation]}" permission (Server Settings → Roles → the bot's role, or the channel's permission overrides).`;
    case RESTJSONErrorCodes.MissingAccess:
      return `Missing Access (50001) on ${where}: give the bot "View Channel" and "Read Message History" in this channel.`;
    case RESTJSONErrorCodes.CannotSendMessagesToThisUser:
    case RESTJSONErrorCodes.CannotSendMessagesToThisUserDueToHavingNoMutualGuilds:
      return `Cannot DM this student (${error.code}): they have turned off direct messages from server members; they can use /progress instead.`;
    case RESTJSONErrorCodes.UnknownInteraction:
      return `Unknown interaction (10062) on ${where}: the interaction was not answered within Discord's 3 s; check the machine's load and clock.`;
    default:
      return `Discord ${operation} failed (${error.status} ${error.code}) on ${where}: ${error.message}`;
  }
}

/** Webhook and interaction URLs carry the interaction token: keep it out of logs. */
export function redactUrl(url: string): string {
  return url.replace(/(\/webhooks\/\d+\/)[^/?]+/, "$1<token>").replace(/(\/interactions\/\d+\/)[^/?]+/, "$1<token>");
}

/** The fix for a failed login, from discord.js's error (close code 4014 / 4004 or a bad token). */
export function describeLoginFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (/disallowed intents/i.test(message) || code === "DisallowedIntents" || code === 4014) {
    return "Discord closed the gateway with 4014 (disallowed intents): enable the Message Content intent in the Developer Portal (your application → Bot → Privileged Gateway Intents → Message Content Intent), then restart.";
  }
  if (/invalid intents/i.test(message) || code === 4013) {
    return "Discord closed the gateway with 4013 (invalid intents): this is a bug in the adapter's intent list; please report it.";
  }
  if (code === "TokenInvalid" || /authentication failed|invalid token/i.test(message) || code === 4004) {
    return "Discord rejected DISCORD_TOKEN: copy the bot token again from the Developer Portal (your application → Bot → Reset Token) and set DISCORD_TOKEN.";
  }
  return `Could not connect to Discord: ${message}`;
}
