import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { IndexManifestSchema, type IndexManifest } from "./index-manifest.js";

/**
 * Persistence of one course index as generations: `<dir>/gen-<n>/{manifest.json,vectors.hnsw}` and a
 * `<dir>/CURRENT` file naming the live generation. A new generation is written in a temp directory beside the
 * others and renamed into place, then CURRENT is replaced by rename, so a crash at any point leaves the last
 * good generation in force, and a process reading the folder (another tutor process, read-only) sees either
 * the old generation or the new one, never half of one.
 */
const CURRENT = "CURRENT";
const MANIFEST = "manifest.json";
export const VECTORS_FILE = "vectors.hnsw";
/** A reader that lost a race with a writer's clean-up tries the new CURRENT; more than this many in a row means no writer is done yet. */
const READ_ATTEMPTS = 3;

export interface StoredIndex {
  /** The generation's folder name: it changes with every write, so readers compare it to know when to reload. */
  generation: string;
  manifest: IndexManifest;
  /** Path of the HNSW file, absent when the index holds no vectors. */
  vectorsPath?: string;
}

/** The name of the live generation, or undefined when none was ever written. */
export async function readCurrentGeneration(dir: string): Promise<string | undefined> {
  try {
    return (await readFile(path.join(dir, CURRENT), "utf8")).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The live generation, or undefined when there is none or it cannot be read (a writer then rebuilds; a reader
 * keeps what it has). A writer may replace the generation and remove the old one while it is being read: the
 * read then starts again from the new CURRENT.
 */
export async function readStoredIndex(dir: string): Promise<StoredIndex | undefined> {
  for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
    const generation = await readCurrentGeneration(dir);
    if (generation === undefined) return undefined;
    const genDir = path.join(dir, generation);
    try {
      const parsed = IndexManifestSchema.safeParse(JSON.parse(await readFile(path.join(genDir, MANIFEST), "utf8")));
      if (!parsed.success) return undefined;
      const vectorsPath = path.join(genDir, VECTORS_FILE);
      return { generation, manifest: parsed.data, vectorsPath: existsSync(vectorsPath) ? vectorsPath : undefined };
    } catch {
      if ((await readCurrentGeneration(dir)) === generation) return undefined;
    }
  }
  return undefined;
}

/**
 * Writes a new generation and returns its name. `writeVectors` receives the path to write the HNSW file to (or
 * is skipped when null). Older generations are removed only after the new one is in force; temp files are
 * removed only when this process made them or the process that did is gone (see `ownedTempOf`).
 */
export async function writeStoredIndex(
  dir: string,
  manifest: IndexManifest,
  writeVectors: ((file: string) => void) | null,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const tmp = await mkdtemp(path.join(dir, tempPrefixOf(process.pid)));
  try {
    if (writeVectors) writeVectors(path.join(tmp, VECTORS_FILE));
    await writeFile(path.join(tmp, MANIFEST), JSON.stringify(manifest));
    const generation = `gen-${Date.now().toString(36)}-${path.basename(tmp).slice(TEMP_PREFIX.length)}`;
    await rename(tmp, path.join(dir, generation));
    const pointerTmp = path.join(dir, `${POINTER_PREFIX}${path.basename(tmp).slice(TEMP_PREFIX.length)}`);
    await writeFile(pointerTmp, generation);
    await rename(pointerTmp, path.join(dir, CURRENT));
    await removeStaleFiles(dir, generation);
    return generation;
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}

const TEMP_PREFIX = ".tmp-";
const POINTER_PREFIX = `.${CURRENT}-`;
/** Temp files of writers from before names carried their writer, or from another machine sharing the folder: removed once this old. */
const ORPHAN_AGE_MS = 24 * 60 * 60 * 1000;

/** How the temp folders of the writer with this pid (on this machine) begin: they name their writer, so others can tell whether it still runs. */
export function tempPrefixOf(pid: number): string {
  return `${TEMP_PREFIX}${writerTag(pid)}-`;
}

function writerTag(pid: number): string {
  return `${os.hostname().replace(/[^A-Za-z0-9]/g, "") || "host"}_${pid}`;
}

/** Whether a temp file's writer is known to be gone: this machine's process with that pid no longer exists. */
function writerIsGone(name: string): boolean | undefined {
  const match = /^\.(?:tmp|CURRENT)-([A-Za-z0-9]+)_(\d+)-/.exec(name);
  if (!match || `${match[1]}_${match[2]}` !== writerTag(Number(match[2]))) return undefined;
  const pid = Number(match[2]);
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

async function removeStaleFiles(dir: string, keep: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name === keep || name === CURRENT) continue;
    const file = path.join(dir, name);
    if (name.startsWith("gen-")) {
      await rm(file, { recursive: true, force: true });
      continue;
    }
    if (!name.startsWith(TEMP_PREFIX) && !name.startsWith(POINTER_PREFIX)) continue;
    // Our own leftovers and those of a crashed writer on this machine go now; another live writer's stay.
    const gone = writerIsGone(name);
    if (gone === false) continue;
    if (gone === undefined && !(await olderThan(file, ORPHAN_AGE_MS))) continue;
    await rm(file, { recursive: true, force: true });
  }
}

async function olderThan(file: string, ageMs: number): Promise<boolean> {
  return stat(file).then(
    (info) => Date.now() - info.mtimeMs > ageMs,
    () => false,
  );
}
