import type { ContentProblem } from "./content/content-problem.js";
import type { CourseCoverage } from "./content/course-coverage.js";
import type { FindabilityReport } from "./findability.js";

/** What teachers can do to a course's files from chat. Results are values; refusals write nothing. */
export interface ContentAdmin {
  listFiles(courseId: string): Promise<ContentFileInfo[]>;
  upload(courseId: string, name: string, data: Uint8Array): Promise<UploadResult>;
  remove(courseId: string, relativePath: string): Promise<RemoveResult>;
  check(courseId: string): Promise<CheckResult | undefined>;
}

export interface ContentFileInfo {
  relativePath: string;
  kind: "manifest" | "lesson" | "teacher" | "quiz";
  passages: number;
  items: number;
  /** Problems of the file on disk; when `serving`, its last good version is still in use. */
  problems: ContentProblem[];
  serving: boolean;
}

export type UploadResult =
  | { ok: false; reason: string; problems: ContentProblem[] }
  | {
      ok: true;
      relativePath: string;
      kind: ContentFileInfo["kind"];
      replaced: boolean;
      /** Where the previous version was kept, when the upload replaced a file. */
      previousVersion?: string;
      skills: string[];
      items: number;
      passagesAdded: number;
      passagesRemoved: number;
      /** Coverage warnings the upload introduced. */
      warnings: ContentProblem[];
      findability?: FindabilityReport;
    };

export type RemoveResult =
  | { ok: false; reason: string }
  | { ok: true; relativePath: string; previousVersion: string; passagesRemoved: number; itemsRemoved: number; warnings: ContentProblem[] };

export interface CheckResult {
  problems: ContentProblem[];
  warnings: ContentProblem[];
  coverage: CourseCoverage;
  findability: FindabilityReport;
}
