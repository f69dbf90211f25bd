/** What the adapter knows about a member's standing in a server. */
export interface MemberStanding {
  roleIds: string[];
  roleNames: string[];
  canManageServer: boolean;
}

/**
 * A teacher holds the configured teacher role (by id or by name, case-insensitive) or may manage the
 * server. Outside a server (DMs) nobody is a teacher, so a course can't be rebound from a DM.
 */
export function isTeacher(standing: MemberStanding | undefined, teacherRole: string | undefined): boolean {
  if (standing === undefined) return false;
  if (standing.canManageServer) return true;
  if (teacherRole === undefined || teacherRole.trim() === "") return false;
  const wanted = teacherRole.trim().toLowerCase();
  return standing.roleIds.includes(teacherRole.trim()) || standing.roleNames.some((name) => name.toLowerCase() === wanted);
}
