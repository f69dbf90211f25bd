/** Where a Discord event happened. */
export interface DiscordPlace {
  kind: "dm" | "thread" | "channel";
  channelId: string;
  guildId?: string;
  /** The channel a thread belongs to. */
  parentId?: string;
}

/** The place of the channel a message arrived in or is answered in; no server: a DM. */
export function placeOf(channel: { id: string; isThread(): boolean; parentId?: string | null }, guildId: string | null): DiscordPlace {
  if (guildId === null) return { kind: "dm", channelId: channel.id };
  return channel.isThread()
    ? { kind: "thread", channelId: channel.id, guildId, parentId: channel.parentId ?? undefined }
    : { kind: "channel", channelId: channel.id, guildId };
}

/**
 * Class scopes, most specific first: the channel (a thread counts as its parent channel, so a course bound
 * from inside a thread applies to the whole channel), then the server. DMs belong to no class.
 */
export function toClassScopes(place: DiscordPlace, prefer: "channel" | "server" = "channel"): string[] {
  if (place.guildId === undefined) return [];
  const channel = `discord:channel:${place.parentId ?? place.channelId}`;
  const server = `discord:guild:${place.guildId}`;
  // `/course scope:server` binds the turn's first scope, so the server goes first.
  return prefer === "server" ? [server, channel] : [channel, server];
}

/** One conversation per DM, thread or channel: pending quiz items and memory live there. */
export function toConversationId(place: DiscordPlace): string {
  return `discord:${place.kind}:${place.channelId}`;
}
