import type { Messages } from "../../tutor/i18n/messages.js";
import type { AdapterContext } from "./adapter-context.js";

/**
 * The one refusal for a place outside `DISCORD_ALLOWED_GUILDS`, or undefined where the tutor serves. A DM
 * is served when its sender is a member of an allowed server.
 */
export async function refusalForPlace(
  context: AdapterContext,
  guildId: string | null,
  userId: string,
  messages: Messages,
): Promise<string | undefined> {
  const allowed = context.options.allowedGuilds;
  if (allowed === undefined) return undefined;
  if (guildId !== null) return allowed.includes(guildId) ? undefined : messages.t("adapter.discord-server-not-served");
  return (await context.people.isMemberOfAny(userId, allowed)) ? undefined : messages.t("adapter.discord-dm-not-served");
}
