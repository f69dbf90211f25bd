import { LRUCache } from "lru-cache";
import type { StudentInfo } from "./build-slack-turns.js";

/** The Web API calls the directory makes; `WebClient` satisfies it. */
export interface UserDirectoryClient {
  users: {
    info(args: {
      user: string;
    }): Promise<{ user?: { name?: string; real_name?: string; profile?: { display_name?: string; real_name?: string } } }>;
  };
  usergroups: { users: { list(args: { usergroup: string }): Promise<{ users?: string[] }> } };
}

export interface UserDirectoryOptions {
  /** The user groups (S…) named as teachers in the config: a member's turns carry `slack:group:<id>`. */
  teacherGroupIds: readonly string[];
  cacheMs: number;
  /** Most users remembered at once; the least recently seen are forgotten first. */
  capacity?: number;
  onError: (what: string, error: unknown) => void;
}

const DEFAULT_CAPACITY = 5000;

/**
 * A student's display name and teacher groups, cached briefly: one `users.info` (and one
 * `usergroups.users.list` per teacher group) per cache period, not per message. A failed lookup gives
 * no groups and no name, so nobody gains rights through an outage. Workspace admin and owner flags are
 * not read: rights come from the configured teachers alone.
 */
export function createUserDirectory(client: UserDirectoryClient, options: UserDirectoryOptions): (userId: string) => Promise<StudentInfo> {
  const groups = new LRUCache<string, Set<string>>({
    max: Math.max(1, options.teacherGroupIds.length),
    ttl: Math.max(1, options.cacheMs),
    fetchMethod: (groupId) =>
      client.usergroups.users
        .list({ usergroup: groupId })
        .then((result) => new Set(result.users ?? []))
        // An unknown answer is not remembered: the next message asks again.
        .catch((error: unknown) => {
          options.onError("usergroups.users.list", error);
          return undefined;
        }),
  });
  const names = new LRUCache<string, { displayName: string }>({
    max: options.capacity ?? DEFAULT_CAPACITY,
    ttl: Math.max(1, options.cacheMs),
    fetchMethod: (userId) =>
      client.users
        .info({ user: userId })
        .then(({ user }) => ({
          displayName: user?.profile?.display_name || user?.real_name || user?.profile?.real_name || user?.name || "",
        }))
        .catch((error: unknown) => {
          options.onError("users.info", error);
          return undefined;
        }),
  });

  return async (userId) => {
    const [name, memberships] = await Promise.all([
      names.fetch(userId),
      Promise.all(
        options.teacherGroupIds.map(async (groupId) => ((await groups.fetch(groupId))?.has(userId) ? [`slack:group:${groupId}`] : [])),
      ),
    ]);
    return { displayName: name?.displayName ?? "", groups: memberships.flat() };
  };
}
