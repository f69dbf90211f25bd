import { Routes, type Client } from "discord.js";
import { describeDiscordFailure } from "./describe-failure.js";
import { splitMessage } from "./split-message.js";
import { NO_PINGS } from "./to-payload.js";

const SCOPE = /^discord:(channel|user):(\d+)$/;

/**
 * Posts a content notice to a teacher channel (`discord:channel:<id>`) or a teacher's DMs
 * (`discord:user:<id>`), split to Discord's length and pinging nobody. False for any other scope;
 * a refusal by Discord throws, with the permission to grant in its message.
 */
export async function postDiscordNotice(client: Client<true>, scope: string, text: string): Promise<boolean> {
  const match = SCOPE.exec(scope);
  if (match === null) return false;
  const [, kind, id] = match as unknown as [string, "channel" | "user", string];
  try {
    const channelId = kind === "channel" ? id : (await client.users.createDM(id)).id;
    for (const content of splitMessage(text)) {
      await client.rest.post(Routes.channelMessages(channelId), { body: { content, allowed_mentions: NO_PINGS } });
    }
  } catch (error) {
    throw new Error(describeDiscordFailure(error, kind === "channel" ? "send-message" : "send-dm"));
  }
  return true;
}
