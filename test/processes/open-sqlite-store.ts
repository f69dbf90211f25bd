/** Opens the store the grading processes share: the SQLite file at `target` (see concurrent-grading.ts). */
import type { ProfileStore } from "../../src/tutor/store/profile-store.js";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";

export async function openStore(target: string): Promise<ProfileStore> {
  return new SqliteProfileStore(target);
}
