/** Opens the store the grading processes share: the PostgreSQL database at the URL `target` (see concurrent-grading.ts). */
import type { ProfileStore } from "../../src/tutor/store/profile-store.js";
import { PostgresProfileStore } from "../../src/tutor/store/postgres-profile-store.js";

export async function openStore(target: string): Promise<ProfileStore> {
  return PostgresProfileStore.open({ url: target, poolSize: 2 });
}
