import type { Client } from "discord.js";
import { LRUCache } from "lru-cache";
import { readRoleGroups } from "./member-standing.js";

/** How long a DM sender's roles and servers are trusted before Discord is asked again. */
const LOOKUP_TTL_MS = 60_000;
const LOOKUP_CAPACITY = 5000;

export interface DiscordPeople {
  /**
   * A DM carries no roles: the sender's roles in the servers whose roles name teachers, read from Discord
   * (not from a cache that may miss a role taken away) and kept for a minute.
   */
  groupsInDm(userId: string): Promise<string[]>;
  /** Whether the user is a member of one of these servers (for DMs under DISCORD_ALLOWED_GUILDS), kept for a minute. */
  isMemberOfAny(userId: string, guildIds: readonly string[]): Promise<boolean>;
}

export function createDiscordPeople(client: Client<true>, roleServers: readonly string[]): DiscordPeople {
  const fetchMember = (guildId: string, userId: string) => {
    const guild = client.guilds.cache.get(guildId);
    return guild === undefined ? Promise.resolve(null) : guild.members.fetch({ user: userId, force: true }).catch(() => null);
  };
  const groups = new LRUCache<string, string[]>({
    max: LOOKUP_CAPACITY,
    ttl: LOOKUP_TTL_MS,
    fetchMethod: async (userId) =>
      (await Promise.all(roleServers.map(async (guildId) => readRoleGroups(await fetchMember(guildId, userId), guildId)))).flat(),
  });
  const memberships = new LRUCache<string, boolean, readonly string[]>({
    max: LOOKUP_CAPACITY,
    ttl: LOOKUP_TTL_MS,
    fetchMethod: async (key, _stale, { context: guildIds }) => {
      const userId = key.slice(0, key.indexOf("|"));
      return (await Promise.all(guildIds.map((guildId) => fetchMember(guildId, userId)))).some((member) => member !== null);
    },
  });
  return {
    groupsInDm: async (userId) => (roleServers.length === 0 ? [] : ((await groups.fetch(userId)) ?? [])),
    isMemberOfAny: async (userId, guildIds) => (await memberships.fetch(`${userId}|${guildIds.join(",")}`, { context: guildIds })) ?? false,
  };
}
