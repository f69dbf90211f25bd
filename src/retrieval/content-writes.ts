import { randomBytes } from "node:crypto";
import { copyFile, mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Copies a course file about to be replaced or removed to `<historyDir>/<relativePath>.<timestamp>`, so a
 * teacher's mistake from chat can be undone by hand. Returns the copy's path, or undefined if there was no file.
 */
export async function keepPreviousVersion(
  historyDir: string,
  courseDir: string,
  relativePath: string,
  now: number,
): Promise<string | undefined> {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, "-");
  const target = path.join(historyDir, `${relativePath}.${stamp}`);
  await mkdir(path.dirname(target), { recursive: true });
  try {
    await copyFile(path.join(courseDir, relativePath), target);
    return target;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Writes through a hidden temp file and a rename, so the watcher never reads half a file. */
export async function writeFileAtomic(file: string, data: Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
