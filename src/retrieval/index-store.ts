import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { IndexManifestSchema, type IndexManifest } from "./index-manifest.js";

/**
 * Persistence of one course index as generations: `<dir>/gen-<n>/{manifest.json,vectors.hnsw}` and a
 * `<dir>/CURRENT` file naming the live generation. A new generation is written in a temp directory beside the
 * others and renamed into place, then CURRENT is replaced by rename, so a crash at any point leaves the last
 * good generation in force.
 */
const CURRENT = "CURRENT";
const MANIFEST = "manifest.json";
export const VECTORS_FILE = "vectors.hnsw";

export interface StoredIndex {
  manifest: IndexManifest;
  /** Path of the HNSW file, absent when the index holds no vectors. */
  vectorsPath?: string;
}

/** The live generation, or undefined when there is none or it cannot be read (the caller then rebuilds). */
export async function readStoredIndex(dir: string): Promise<StoredIndex | undefined> {
  let generation: string;
  try {
    generation = (await readFile(path.join(dir, CURRENT), "utf8")).trim();
  } catch {
    return undefined;
  }
  const genDir = path.join(dir, generation);
  try {
    const parsed = IndexManifestSchema.safeParse(JSON.parse(await readFile(path.join(genDir, MANIFEST), "utf8")));
    if (!parsed.success) return undefined;
    const vectorsPath = path.join(genDir, VECTORS_FILE);
    return { manifest: parsed.data, vectorsPath: existsSync(vectorsPath) ? vectorsPath : undefined };
  } catch {
    return undefined;
  }
}

/**
 * Writes a new generation. `writeVectors` receives the path to write the HNSW file to (or is skipped when
 * null). Older generations are removed only after the new one is in force.
 */
export async function writeStoredIndex(dir: string, manifest: IndexManifest, writeVectors: ((file: string) => void) | null): Promise<void> {
  await mkdir(dir, { recursive: true });
  const tmp = await mkdtemp(path.join(dir, ".tmp-"));
  try {
    if (writeVectors) writeVectors(path.join(tmp, VECTORS_FILE));
    await writeFile(path.join(tmp, MANIFEST), JSON.stringify(manifest));
    const generation = `gen-${Date.now().toString(36)}-${path.basename(tmp).slice(5)}`;
    await rename(tmp, path.join(dir, generation));
    const pointerTmp = path.join(dir, `.${CURRENT}-${path.basename(tmp)}`);
    await writeFile(pointerTmp, generation);
    await rename(pointerTmp, path.join(dir, CURRENT));
    await removeOtherGenerations(dir, generation);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}

async function removeOtherGenerations(dir: string, keep: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name === keep || name === CURRENT) continue;
    if (name.startsWith("gen-") || name.startsWith(".tmp-") || name.startsWith(`.${CURRENT}-`)) {
      await rm(path.join(dir, name), { recursive: true, force: true });
    }
  }
}
