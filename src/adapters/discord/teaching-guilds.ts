import type { Client } from "discord.js";
import { readMemberStanding } from "./member-standing.js";
import { isTeacher } from "./teacher.js";

/**
 * The servers (shared with the bot) in which a user is a teacher. A DM carries no roles, so a teacher's
 * `/content` in a DM is judged by their standing in the servers; a member the bot cannot fetch teaches nowhere.
 */
export async function findTeachingGuilds(client: Client<true>, userId: string, teacherRole: string | undefined): Promise<string[]> {
  const found: string[] = [];
  for (const guild of client.guilds.cache.values()) {
    const member = await guild.members.fetch(userId).catch(() => null);
    if (isTeacher(readMemberStanding(member, guild), teacherRole)) found.push(guild.id);
  }
  return found;
}
