import type { AdapterContext } from "./adapter-context.js";

export const SERVER_NOT_SERVED =
  "This tutor is not enabled in this server (its operator lists the servers it serves in DISCORD_ALLOWED_GUILDS).";
export const DM_NOT_SERVED = "This tutor only answers members of the servers it serves (DISCORD_ALLOWED_GUILDS).";

/**
 * The one refusal for a place outside `DISCORD_ALLOWED_GUILDS`, or undefined where the tutor serves. A DM
 * is served when its sender is a member of an allowed server.
 */
export async function refusalForPlace(context: AdapterContext, guildId: string | null, userId: string): Promise<string | undefined> {
  const allowed = context.options.allowedGuilds;
  if (allowed === undefined) return undefined;
  if (guildId !== null) return allowed.includes(guildId) ? undefined : SERVER_NOT_SERVED;
  return (await context.people.isMemberOfAny(userId, allowed)) ? undefined : DM_NOT_SERVED;
}
