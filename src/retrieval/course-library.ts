import path from "node:path";
import type { Logger } from "../logger.js";
import { formatProblem, type ContentProblem } from "./content/content-problem.js";
import { loadAllCourses, type CourseLoad } from "./content/load-course.js";
import type { Course } from "./content/schema.js";
import { CourseIndex } from "./course-index.js";
import type { Embedder } from "./embedder.js";
import type { ScoredPassage } from "./passage.js";

/** What the tutor needs of the courses: their structure and a search over their lessons. */
export interface CourseCatalog {
  courses(): Course[];
  course(courseId: string): Course | undefined;
  search(courseId: string, query: string, k: number): Promise<ScoredPassage[]>;
}

export interface CourseLibraryOptions {
  contentDir: string;
  /** Indexes live in `<dataDir>/index/<courseId>/`. */
  dataDir: string;
  embedder: Embedder;
  log: Logger;
}

interface LoadedCourse {
  course: Course;
  index: CourseIndex;
}

/** Every course of the content folder, validated, with its persistent search index kept in step. */
export class CourseLibrary implements CourseCatalog {
  private readonly loaded = new Map<string, LoadedCourse>();
  private lastProblems: ContentProblem[] = [];
  private lastWarnings: ContentProblem[] = [];

  private constructor(private readonly options: CourseLibraryOptions) {}

  static async open(options: CourseLibraryOptions): Promise<CourseLibrary> {
    const library = new CourseLibrary(options);
    await library.reload();
    return library;
  }

  /** Re-reads the content folder; only lesson files whose text changed are embedded again. */
  async reload(): Promise<void> {
    const loads = await loadAllCourses(this.options.contentDir);
    this.lastProblems = loads.flatMap((load) => load.problems);
    this.lastWarnings = loads.flatMap((load) => load.warnings);
    for (const problem of this.lastProblems) this.options.log.warn(`content: ${formatProblem(problem)}`);
    for (const load of loads) await this.install(load);
  }

  private async install(load: CourseLoad): Promise<void> {
    if (!load.course) return;
    const courseId = load.course.manifest.id;
    const existing = this.loaded.get(courseId);
    const index =
      existing?.index ?? (await CourseIndex.open({ dir: path.join(this.options.dataDir, "index", courseId), courseId, embedder: this.options.embedder }));
    const result = await index.sync(load.course.lessons);
    if (result.reembeddedFiles.length > 0) this.options.log.info(`index ${courseId}: embedded ${result.reembeddedFiles.length} file(s), +${result.added}/-${result.removed} passages`);
    this.loaded.set(courseId, { course: load.course, index });
  }

  problems(): ContentProblem[] {
    return this.lastProblems;
  }

  warnings(): ContentProblem[] {
    return this.lastWarnings;
  }

  courses(): Course[] {
    return [...this.loaded.values()].map((entry) => entry.course);
  }

  course(courseId: string): Course | undefined {
    return this.loaded.get(courseId)?.course;
  }

  passageCount(courseId: string): number {
    return this.loaded.get(courseId)?.index.size ?? 0;
  }

  async search(courseId: string, query: string, k: number): Promise<ScoredPassage[]> {
    const entry = this.loaded.get(courseId);
    return entry ? entry.index.search(query, k) : [];
  }
}
