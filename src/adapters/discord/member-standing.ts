import { GuildMember, PermissionFlagsBits, type APIInteractionGuildMember, type Guild } from "discord.js";
import type { MemberStanding } from "./teacher.js";

/**
 * A member's roles and Manage Server permission, from a cached GuildMember or from the raw member an
 * interaction carries (whose `permissions` Discord has already computed for that channel).
 */
export function readMemberStanding(
  member: GuildMember | APIInteractionGuildMember | null | undefined,
  guild: Guild | null | undefined,
): MemberStanding | undefined {
  if (member === null || member === undefined) return undefined;
  if (member instanceof GuildMember) {
    return {
      roleIds: [...member.roles.cache.keys()],
      roleNames: member.roles.cache.map((role) => role.name),
      canManageServer: member.permissions.has(PermissionFlagsBits.ManageGuild),
    };
  }
  const roleIds = member.roles;
  return {
    roleIds,
    roleNames: roleIds.map((id) => guild?.roles.cache.get(id)?.name).filter((name): name is string => name !== undefined),
    canManageServer: (BigInt(member.permissions) & PermissionFlagsBits.ManageGuild) !== 0n,
  };
}
