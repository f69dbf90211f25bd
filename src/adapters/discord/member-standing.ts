import { GuildMember, PermissionFlagsBits, type APIInteractionGuildMember, type Guild, type PermissionsBitField } from "discord.js";
import type { MemberStanding } from "./teacher.js";

/**
 * A member's roles and Manage Server permission, from a cached GuildMember or the raw member of an
 * interaction. An interaction's own `memberPermissions` (computed by Discord) win over what the
 * cache can compute, which misses channel overwrites and roles not yet cached.
 */
export function readMemberStanding(
  member: GuildMember | APIInteractionGuildMember | null | undefined,
  guild: Guild | null | undefined,
  permissions?: Readonly<PermissionsBitField> | null,
): MemberStanding | undefined {
  if (member === null || member === undefined) return undefined;
  const roleIds = member instanceof GuildMember ? [...member.roles.cache.keys()] : member.roles;
  const canManage = permissions
    ? permissions.has(PermissionFlagsBits.ManageGuild)
    : member instanceof GuildMember
      ? member.permissions.has(PermissionFlagsBits.ManageGuild)
      : (BigInt(member.permissions) & PermissionFlagsBits.ManageGuild) !== 0n;
  return {
    roleIds,
    roleNames: roleIds.map((id) => guild?.roles.cache.get(id)?.name).filter((name): name is string => name !== undefined),
    canManageServer: canManage,
  };
}
