/** Where a Discord event happened. */
export interface DiscordPlace {
  kind: "dm" | "thread" | "channel";
  channelId: string;
  guildId?: string;
  /** The channel a thread belongs to. */
  parentId?: string;
}

/** Class scopes, most specific first: the thread, its channel, the server. DMs belong to no class. */
export function toClassScopes(place: DiscordPlace, prefer: "channel" | "server" = "channel"): string[] {
  if (place.guildId === undefined) return [];
  const channels = [place.channelId, place.parentId].filter((id): id is string => id !== undefined).map((id) => `discord:channel:${id}`);
  const server = `discord:guild:${place.guildId}`;
  // `/course scope:server` binds the turn's first scope, so the server goes first.
  return prefer === "server" ? [server, ...channels] : [...channels, server];
}

/** One conversation per DM, thread or channel: pending quiz items and memory live there. */
export function toConversationId(place: DiscordPlace): string {
  return `discord:${place.kind}:${place.channelId}`;
}
