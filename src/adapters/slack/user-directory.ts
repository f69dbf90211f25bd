import type { StudentInfo } from "./build-slack-turns.js";

/** The Web API calls the directory makes; `WebClient` satisfies it. */
export interface UserDirectoryClient {
  users: { info(args: { user: string }): Promise<{ user?: { name?: string; real_name?: string; is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean; profile?: { display_name?: string; real_name?: string } } }> };
  usergroups: { users: { list(args: { usergroup: string }): Promise<{ users?: string[] }> } };
}

export interface UserDirectoryOptions {
  /** Members of this user group are teachers, besides workspace admins and owners. */
  teacherGroupId?: string | undefined;
  cacheMs: number;
  now?: () => number;
  onError: (what: string, error: unknown) => void;
}

/**
 * A student's display name and teacher status, cached briefly: one `users.info` (and one
 * `usergroups.users.list` for the whole group) per cache period, not per message. A failed lookup makes
 * the user a non-teacher with no name, so nobody gains rights through an outage.
 */
export function createUserDirectory(client: UserDirectoryClient, options: UserDirectoryOptions): (userId: string) => Promise<StudentInfo> {
  const now = options.now ?? Date.now;
  const users = new Map<string, { value: StudentInfo; expiresAt: number }>();
  let group: { members: Promise<Set<string>>; expiresAt: number } | undefined;

  const groupMembers = (): Promise<Set<string>> => {
    const groupId = options.teacherGroupId;
    if (groupId === undefined) return Promise.resolve(new Set());
    if (group === undefined || group.expiresAt <= now()) {
      const members = client.usergroups.users
        .list({ usergroup: groupId })
        .then((result) => new Set(result.users ?? []))
        .catch((error: unknown) => {
          options.onError("usergroups.users.list", error);
          group = undefined;
          return new Set<string>();
        });
      group = { members, expiresAt: now() + options.cacheMs };
    }
    return group.members;
  };

  const fetchUser = async (userId: string): Promise<{ value: StudentInfo; complete: boolean }> => {
    const [info, members] = await Promise.all([
      client.users.info({ user: userId }).catch((error: unknown) => {
        options.onError("users.info", error);
        return undefined;
      }),
      groupMembers(),
    ]);
    const user = info?.user;
    const value = {
      displayName: user?.profile?.display_name || user?.real_name || user?.profile?.real_name || user?.name || "",
      isTeacher: members.has(userId) || user?.is_admin === true || user?.is_owner === true || user?.is_primary_owner === true,
    };
    return { value, complete: info !== undefined };
  };

  return async (userId) => {
    const cached = users.get(userId);
    if (cached !== undefined && cached.expiresAt > now()) return cached.value;
    const { value, complete } = await fetchUser(userId);
    // A failed lookup is not remembered: the next message asks again.
    if (complete) users.set(userId, { value, expiresAt: now() + options.cacheMs });
    return value;
  };
}
