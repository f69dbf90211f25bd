import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { ContentProblem } from "./content/content-problem.js";
import { hashContent } from "./content/parse-content-file.js";
import {
  assembleCourse,
  kindOfCourseFile,
  listCourseFiles,
  MANIFEST_FILE,
  parseAnyCourseFile,
  type CourseFile,
  type CourseLoad,
} from "./content/load-course.js";
import { sidecarPathOf } from "./documents/document-formats.js";

type ValidFile = Exclude<CourseFile, { kind: "invalid" }>;

interface TrackedFile {
  /** sha256 of the bytes last read, so an unchanged file is not parsed again. */
  bytesHash: string;
  /** The last version that validated; it keeps serving while the file on disk is broken. */
  good?: ValidFile;
  /** Why the file on disk does not validate; empty when it does. */
  problems: ContentProblem[];
}

/** A change to try on a course without writing it: a file's new parse, or `null` for its removal. */
export interface FileOverride {
  relativePath: string;
  file: CourseFile | null;
}

/**
 * One course folder as last read from disk, file by file, remembering the last good version of each file.
 * `scan` re-reads only what changed; `assemble` puts the course together from the good versions.
 */
export class CourseFolder {
  private readonly files = new Map<string, TrackedFile>();

  constructor(
    readonly dir: string,
    /** The content folder, which problems name files relative to. */
    readonly contentDir: string,
  ) {}

  get name(): string {
    return path.basename(this.dir);
  }

  async hasManifest(): Promise<boolean> {
    return stat(path.join(this.dir, MANIFEST_FILE)).then(
      (info) => info.isFile(),
      () => false,
    );
  }

  /** Re-reads the folder; returns the course files that were added, changed or removed. */
  async scan(): Promise<string[]> {
    const onDisk = await listCourseFiles(this.dir).catch(() => [] as string[]);
    const changed: string[] = [];
    for (const relativePath of onDisk) {
      const bytes = await readFile(path.join(this.dir, relativePath)).catch(() => undefined);
      if (!bytes) continue;
      // A document's sidecar (`handout.pdf.yaml`) is part of it: a change to either converts it again.
      const sidecar =
        kindOfCourseFile(relativePath) === "document"
          ? await readFile(path.join(this.dir, sidecarPathOf(relativePath))).catch(() => undefined)
          : undefined;
      const bytesHash = sidecar ? hashContent(`${hashContent(bytes)}${hashContent(sidecar)}`) : hashContent(bytes);
      const tracked = this.files.get(relativePath);
      if (tracked?.bytesHash === bytesHash) continue;
      const parsed = await parseAnyCourseFile(this.dir, relativePath, this.contentDir, bytes, sidecar);
      this.files.set(
        relativePath,
        parsed.kind === "invalid"
          ? { bytesHash, good: tracked?.good, problems: parsed.problems }
          : { bytesHash, good: parsed, problems: [] },
      );
      changed.push(relativePath);
    }
    const present = new Set(onDisk);
    for (const relativePath of [...this.files.keys()].filter((file) => !present.has(file))) {
      this.files.delete(relativePath);
      changed.push(relativePath);
    }
    return changed.sort();
  }

  /** The course from the last good version of every file, with the problems of the files on disk. */
  assemble(override?: FileOverride): CourseLoad {
    const files: CourseFile[] = [];
    for (const [relativePath, tracked] of [...this.files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (relativePath === override?.relativePath) continue;
      if (tracked.good) files.push(tracked.good);
      if (tracked.problems.length > 0) files.push({ kind: "invalid", file: relativePath, problems: tracked.problems });
    }
    if (override?.file) files.push(override.file);
    return assembleCourse(this.dir, this.contentDir, files);
  }

  /** Every course file on disk at the last scan, with the problems of those that do not validate. */
  listFiles(): Array<{ relativePath: string; problems: ContentProblem[]; serving: boolean }> {
    return [...this.files.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([relativePath, tracked]) => ({ relativePath, problems: tracked.problems, serving: tracked.good !== undefined }));
  }
}
