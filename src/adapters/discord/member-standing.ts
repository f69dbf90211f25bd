import { GuildMember, type APIInteractionGuildMember } from "discord.js";

/**
 * A member's roles as the tutor's groups, `discord:role:<server>/<role>`: a role counts only in its own
 * server, so a role of the same name in a server someone owns gives them nothing. Permissions (Manage
 * Server, Administrator) are not groups: rights come from the configured teachers alone.
 */
export function readRoleGroups(member: GuildMember | APIInteractionGuildMember | null | undefined, guildId: string): string[] {
  if (member === null || member === undefined) return [];
  const roleIds = member instanceof GuildMember ? [...member.roles.cache.keys()] : member.roles;
  // The @everyone role has the server's id: not a group anyone was put in.
  return roleIds.filter((roleId) => roleId !== guildId).map((roleId) => `discord:role:${guildId}/${roleId}`);
}
