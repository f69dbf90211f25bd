import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../logger.js";
import type { CheckResult, ContentAdmin, ContentFileInfo, RemoveResult, UploadResult } from "./content-admin.js";
import { checkCoursePath, placeUpload } from "./content/content-path.js";
import { formatProblem, type ContentProblem } from "./content/content-problem.js";
import { describeCoverage } from "./content/course-coverage.js";
import { findCourseDirs, kindOfCourseFile, parseAnyCourseFile, parseCourseFileBytes, type CourseLoad } from "./content/load-course.js";
import { sidecarPathOf } from "./documents/document-formats.js";
import type { Course } from "./content/schema.js";
import { watchContent, type ContentWatcher } from "./content-watcher.js";
import { keepPreviousVersion, writeFileAtomic } from "./content-writes.js";
import { CourseFolder } from "./course-folder.js";
import { CourseIndex } from "./course-index.js";
import type { Embedder } from "./embedder.js";
import { checkFindability, formatFindabilityReport, type FindabilityReport } from "./findability.js";
import type { ScoredPassage } from "./passage.js";
import { createLogNotifier, type TeacherNotifier } from "./teacher-notifier.js";
import { tokenizerFor } from "./text-terms.js";

/** What the tutor needs of the courses: their structure and a search over their lessons. */
export interface CourseCatalog {
  courses(): Course[];
  course(courseId: string): Course | undefined;
  search(courseId: string, query: string, k: number): Promise<ScoredPassage[]>;
  /** Present when teachers may change the content while the tutor runs. */
  readonly content?: ContentAdmin;
}

export interface CourseLibraryOptions {
  contentDir: string;
  /** Indexes live in `<dataDir>/index/<courseId>/`, replaced files in `<dataDir>/content-history/<courseId>/`. */
  dataDir: string;
  embedder: Embedder;
  log: Logger;
  /** Who hears about broken files and hard-to-find lessons; the log by default. */
  notifier?: TeacherNotifier;
  clock?: () => number;
  /** Limit for embedding a student's question; past it, or on failure, the search is lexical only. */
  queryEmbedTimeoutMs?: number;
  /**
   * `write` (default): this process builds the indexes and persists them. `read`: another process (or
   * `npm run content -- build`) does; this one opens them read-only and reloads a course's index when its
   * writer has put a new generation in force (looked for every `indexReloadMs` while watching).
   */
  indexMode?: "write" | "read";
  indexReloadMs?: number;
}

const DEFAULT_INDEX_RELOAD_MS = 2_000;

/** What one refresh of a course folder changed. */
export interface RefreshReport {
  folder: string;
  courseId?: string;
  changedFiles: string[];
  added: number;
  removed: number;
  /** Problems not reported before this refresh. */
  newProblems: ContentProblem[];
  /** For the lessons that changed, when some were. */
  findability?: FindabilityReport;
}

interface CourseEntry {
  folder: CourseFolder;
  load?: CourseLoad;
  course?: Course;
  index?: CourseIndex;
  /** Problems already told, so a teacher hears of each once. */
  reported: Set<string>;
  /** After the first load, a changed lesson is checked for findability. */
  loaded: boolean;
}

/**
 * Every course of the content folder, validated, with its persistent search index kept in step. Courses
 * change while it runs: `refreshFolder` re-reads one course folder (the watcher calls it), re-validating
 * and re-embedding only the files that changed, and a broken file keeps its last good version serving.
 */
export class CourseLibrary implements CourseCatalog, ContentAdmin {
  private readonly entries = new Map<string, CourseEntry>();
  private notifier: TeacherNotifier;
  private queue: Promise<unknown> = Promise.resolve();
  private lexicalOnly = false;
  readonly content: ContentAdmin = this;

  private constructor(private readonly options: CourseLibraryOptions) {
    this.notifier = options.notifier ?? createLogNotifier(options.log);
  }

  static async open(options: CourseLibraryOptions): Promise<CourseLibrary> {
    const library = new CourseLibrary(options);
    await library.reload();
    return library;
  }

  /** Says once per outage that questions are searched by their words alone, and once that vectors are back. */
  private noteQueryEmbedding(failure: unknown): void {
    if (failure === undefined) {
      if (this.lexicalOnly)
        this.options.log.info(`search: the embedder ${this.options.embedder.id} answers again; questions are searched with vectors again`);
      this.lexicalOnly = false;
      return;
    }
    if (!this.lexicalOnly)
      this.options.log.warn(
        `search: the embedder ${this.options.embedder.id} failed or was too slow; questions are searched by their words alone until it answers`,
        { error: failure },
      );
    this.lexicalOnly = true;
  }

  private get readsIndexes(): boolean {
    return this.options.indexMode === "read";
  }

  /** Keeps the library in step with the content folder (and, when it reads indexes, with their writer) until closed. */
  watch(options: { debounceMs?: number } = {}): ContentWatcher {
    const content = watchContent({
      contentDir: this.options.contentDir,
      refreshFolder: (folder) => this.refreshFolder(folder),
      refreshAll: () => this.reload({ announce: true }),
      log: this.options.log,
      debounceMs: options.debounceMs,
    });
    if (!this.readsIndexes) return content;
    // Polled rather than watched: the index folder may be a shared volume, where change events do not cross machines.
    const timer = setInterval(() => {
      this.reloadIndexes().catch((error: unknown) => this.options.log.error("index: reloading failed", { error }));
    }, this.options.indexReloadMs ?? DEFAULT_INDEX_RELOAD_MS);
    return {
      close() {
        clearInterval(timer);
        content.close();
      },
    };
  }

  /** With read-only indexes: loads each course's index again if its writer has written a new generation. */
  reloadIndexes(): Promise<void> {
    return this.serially(async () => {
      for (const entry of this.entries.values()) {
        const courseId = entry.course?.manifest.id;
        const reloaded = await entry.index?.reload();
        if (reloaded && courseId)
          this.options.log.info(
            `index ${courseId}: loaded the generation its writer put in force (${reloaded.reembeddedFiles.length} file(s) changed, +${reloaded.added}/-${reloaded.removed} passages)`,
          );
      }
    });
  }

  /** For adapters that start after the library: from now on, content notices go to `notifier`. */
  setNotifier(notifier: TeacherNotifier): void {
    this.notifier = notifier;
  }

  /** Re-reads every course folder; only files whose bytes changed are parsed and embedded again. */
  async reload(options: { announce: boolean } = { announce: false }): Promise<void> {
    const folders = new Set([
      ...(await findCourseDirs(this.options.contentDir).catch(() => [])).map((dir) => path.basename(dir)),
      ...this.entries.keys(),
    ]);
    for (const folder of [...folders].sort()) await this.refreshFolder(folder, options);
  }

  /**
   * Re-reads one course folder (a folder name inside the content folder), loading it if it is new and
   * dropping its course if its course.yaml is gone. With `announce`, new problems and hard-to-find
   * sections go to the teachers.
   */
  refreshFolder(folder: string, options: { announce: boolean } = { announce: true }): Promise<RefreshReport> {
    return this.serially(() => this.refreshNow(folder, options.announce));
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async refreshNow(folderName: string, announce: boolean): Promise<RefreshReport> {
    const dir = path.join(this.options.contentDir, folderName);
    const entry = this.entries.get(folderName) ?? {
      folder: new CourseFolder(dir, this.options.contentDir),
      reported: new Set<string>(),
      loaded: false,
    };
    const report: RefreshReport = { folder: folderName, changedFiles: [], added: 0, removed: 0, newProblems: [] };
    if (!(await entry.folder.hasManifest())) {
      if (this.entries.delete(folderName)) {
        report.courseId = entry.course?.manifest.id;
        report.removed = entry.index ? (this.readsIndexes ? entry.index.size : (await entry.index.sync([])).removed) : 0;
        this.options.log.info(`content: the course in ${folderName}/ is gone (no course.yaml); it is no longer served`);
      }
      return report;
    }
    this.entries.set(folderName, entry);
    report.changedFiles = await entry.folder.scan();
    if (report.changedFiles.length === 0 && entry.load) return { ...report, courseId: entry.course?.manifest.id };
    const load = entry.folder.assemble();
    entry.load = load;
    let reembedded: string[] = [];
    if (load.course && this.claimCourseId(folderName, load.course.manifest.id, load)) {
      const courseId = load.course.manifest.id;
      const tokenizer = tokenizerFor(load.course.manifest.language);
      if (entry.index && entry.course?.manifest.id !== courseId && !this.readsIndexes) await entry.index.sync([]);
      // A new language means new terms: the index reopens, finds its stored terms were made by another
      // tokenizer, and is built again from every lesson.
      if (!entry.index || entry.course?.manifest.id !== courseId || entry.index.tokenizerId !== tokenizer.id) {
        entry.index = await CourseIndex.open({
          dir: path.join(this.options.dataDir, "index", courseId),
          courseId,
          embedder: this.options.embedder,
          tokenizer,
          queryEmbedTimeoutMs: this.options.queryEmbedTimeoutMs,
          onQueryEmbedding: (failure) => this.noteQueryEmbedding(failure),
          readOnly: this.readsIndexes,
        });
        if (this.readsIndexes && entry.index.size === 0)
          this.options.log.warn(
            `index ${courseId}: no usable index written yet in ${path.join(this.options.dataDir, "index", courseId)}; searches find nothing until the writing process (TUTOR_INDEX_MODE=write) or \`npm run content -- build\` writes one`,
          );
      }
      const synced = this.readsIndexes
        ? ((await entry.index.reload()) ?? { added: 0, removed: 0, unchangedFiles: 0, reembeddedFiles: [] })
        : await entry.index.sync(load.course.lessons);
      Object.assign(report, { added: synced.added, removed: synced.removed });
      reembedded = synced.reembeddedFiles;
      entry.course = load.course;
      if (reembedded.length > 0)
        this.options.log.info(
          `index ${courseId}: ${this.readsIndexes ? "loaded its writer's new generation" : "embedded"} ${reembedded.length} file(s), +${synced.added}/-${synced.removed} passages`,
        );
    }
    report.courseId = entry.course?.manifest.id;
    report.newProblems = this.takeNewProblems(entry, load.problems);
    // With several processes on one content folder, the one that writes the indexes tells the teachers.
    announce &&= !this.readsIndexes;
    if (announce && report.newProblems.length > 0) {
      await this.tell(report.courseId ?? folderName, [
        `Problems in the course files (the last good version of each file keeps serving):`,
        ...report.newProblems.map((problem) => `- ${formatProblem(problem)}`),
      ]);
    }
    const firstLoad = !entry.loaded;
    entry.loaded = true;
    if (!firstLoad && reembedded.length > 0 && entry.index && entry.course) {
      const changed = new Set(reembedded);
      report.findability = await checkFindability(
        (query, k) => entry.index!.search(query, k),
        entry.index.passages().filter((passage) => changed.has(passage.file)),
        entry.course.manifest.language,
      );
      if (announce && report.findability.findableSections < report.findability.sections.length) {
        await this.tell(report.courseId!, formatFindabilityReport(report.findability));
      }
    }
    return report;
  }

  /** Two folders may not serve the same course id; the first one loaded keeps it. */
  private claimCourseId(folderName: string, courseId: string, load: CourseLoad): boolean {
    const other = [...this.entries.entries()].find(([name, entry]) => name !== folderName && entry.course?.manifest.id === courseId);
    if (!other) return true;
    load.problems.push({
      file: `${folderName}/course.yaml`,
      line: 1,
      field: "id",
      message: `the course id "${courseId}" is already used by the course in ${other[0]}/`,
      fix: "give this course its own id",
    });
    return false;
  }

  private takeNewProblems(entry: CourseEntry, problems: ContentProblem[]): ContentProblem[] {
    const current = new Map(problems.map((problem) => [formatProblem(problem), problem]));
    const fresh = [...current.entries()].filter(([key]) => !entry.reported.has(key)).map(([, problem]) => problem);
    for (const key of [...entry.reported]) if (!current.has(key)) entry.reported.delete(key);
    for (const key of current.keys()) entry.reported.add(key);
    for (const problem of fresh) this.options.log.warn(`content: ${formatProblem(problem)}`);
    return fresh;
  }

  private async tell(courseId: string, lines: string[]): Promise<void> {
    try {
      await this.notifier.notify(courseId, lines.join("\n"));
    } catch (error) {
      this.options.log.error("content: the teacher notifier failed", { courseId, error });
    }
  }

  problems(): ContentProblem[] {
    return [...this.entries.values()].flatMap((entry) => entry.load?.problems ?? []);
  }

  courses(): Course[] {
    return [...this.entries.values()]
      .flatMap((entry) => (entry.course ? [entry.course] : []))
      .sort((a, b) => a.manifest.id.localeCompare(b.manifest.id));
  }

  course(courseId: string): Course | undefined {
    return this.entryOf(courseId)?.course;
  }

  passageCount(courseId: string): number {
    return this.entryOf(courseId)?.index?.size ?? 0;
  }

  async search(courseId: string, query: string, k: number): Promise<ScoredPassage[]> {
    const index = this.entryOf(courseId)?.index;
    return index ? index.search(query, k) : [];
  }

  /** How findable the sections of a course (or of one of its lessons) are by the questions students ask. */
  async findability(courseId: string, file?: string): Promise<FindabilityReport | undefined> {
    const entry = this.entryOf(courseId);
    const index = entry?.index;
    if (!index || !entry.course) return undefined;
    return checkFindability(
      (query, k) => index.search(query, k),
      index.passages().filter((passage) => file === undefined || passage.file === file),
      entry.course.manifest.language,
    );
  }

  private entryOf(courseId: string): CourseEntry | undefined {
    return [...this.entries.values()].find((entry) => entry.course?.manifest.id === courseId);
  }

  // ContentAdmin: teachers' changes from chat go through the same parse and check as the folder.

  async listFiles(courseId: string): Promise<ContentFileInfo[]> {
    const entry = this.entryOf(courseId);
    if (!entry) return [];
    const passages = entry.index?.passages() ?? [];
    return entry.folder.listFiles().map(({ relativePath, problems, serving }) => ({
      relativePath,
      kind: describeKind(relativePath),
      passages: passages.filter((passage) => passage.file === relativePath).length,
      items: entry.course?.items.filter((item) => item.file === relativePath).length ?? 0,
      problems,
      serving,
    }));
  }

  upload(courseId: string, name: string, data: Uint8Array): Promise<UploadResult> {
    return this.serially(async () => {
      const entry = this.entryOf(courseId);
      if (!entry) return { ok: false, reason: `There is no course "${courseId}".`, problems: [] };
      const { dir, contentDir } = { dir: entry.folder.dir, contentDir: this.options.contentDir };
      const lessonPath = `lessons/${name}`;
      const asLesson = /\.md$/i.test(name) && !name.includes("/") ? parseCourseFileBytes(dir, lessonPath, contentDir, data) : undefined;
      const placed = placeUpload(name, data.length, asLesson?.kind === "lesson" && asLesson.lesson.teacherOnly);
      if (!placed.ok) return { ok: false, reason: placed.reason, problems: [] };
      const relativePath = placed.relativePath;
      const sidecar =
        kindOfCourseFile(relativePath) === "document"
          ? await readFile(path.join(dir, sidecarPathOf(relativePath))).catch(() => undefined)
          : undefined;
      const parsed =
        asLesson && relativePath === lessonPath ? asLesson : await parseAnyCourseFile(dir, relativePath, contentDir, data, sidecar);
      if (parsed.kind === "invalid")
        return { ok: false, reason: `${relativePath} does not validate, so nothing was saved.`, problems: parsed.problems };
      await entry.folder.scan();
      const before = entry.folder.assemble();
      const after = entry.folder.assemble({ relativePath, file: parsed });
      const introduced = subtractProblems(after.problems, before.problems);
      if (introduced.length > 0)
        return { ok: false, reason: `${relativePath} does not fit the course, so nothing was saved.`, problems: introduced };
      const previousVersion = await keepPreviousVersion(this.historyDir(courseId), dir, relativePath, this.now());
      await writeFileAtomic(path.join(dir, relativePath), data);
      const report = await this.refreshNow(entry.folder.name, false);
      return {
        ok: true,
        relativePath,
        kind: describeKind(
          relativePath,
          (parsed.kind === "lesson" && parsed.lesson.teacherOnly) ||
            (parsed.kind === "document" && parsed.lessons.every((lesson) => lesson.teacherOnly)),
        ),
        replaced: previousVersion !== undefined,
        previousVersion,
        // As assembled: a lesson may become a skill of its own, and its exercises practice items.
        skills:
          parsed.kind === "lesson"
            ? (after.course?.lessons.find((lesson) => lesson.file === relativePath)?.frontMatter.skills ?? parsed.lesson.frontMatter.skills)
            : parsed.kind === "quiz"
              ? [...new Set(parsed.items.map(({ item }) => item.skill))]
              : skillsOfFile(after.course, relativePath),
        items: after.course?.items.filter((item) => item.file === relativePath).length ?? 0,
        passagesAdded: report.added,
        passagesRemoved: report.removed,
        warnings: subtractProblems(after.warnings, before.warnings),
        findability: report.findability,
      };
    });
  }

  remove(courseId: string, relativePath: string): Promise<RemoveResult> {
    return this.serially(async () => {
      const entry = this.entryOf(courseId);
      if (!entry) return { ok: false, reason: `There is no course "${courseId}".` };
      const checked = checkCoursePath(relativePath.trim());
      if (!checked.ok) return { ok: false, reason: checked.reason };
      await entry.folder.scan();
      if (!entry.folder.listFiles().some((file) => file.relativePath === checked.relativePath)) {
        return { ok: false, reason: `There is no ${checked.relativePath} in this course; \`/content list\` shows its files.` };
      }
      const before = entry.folder.assemble();
      const after = entry.folder.assemble({ relativePath: checked.relativePath, file: null });
      const itemsRemoved = entry.course?.items.filter((item) => item.file === checked.relativePath).length ?? 0;
      const previousVersion = await keepPreviousVersion(this.historyDir(courseId), entry.folder.dir, checked.relativePath, this.now());
      await rm(path.join(entry.folder.dir, checked.relativePath));
      const report = await this.refreshNow(entry.folder.name, false);
      return {
        ok: true,
        relativePath: checked.relativePath,
        previousVersion: previousVersion!,
        passagesRemoved: report.removed,
        itemsRemoved,
        warnings: subtractProblems(after.warnings, before.warnings),
      };
    });
  }

  async check(courseId: string): Promise<CheckResult | undefined> {
    const entry = this.entryOf(courseId);
    if (entry) await this.refreshFolder(entry.folder.name, { announce: false });
    const load = entry?.load;
    const course = entry?.course;
    if (!load || !course) return undefined;
    return {
      problems: load.problems,
      warnings: load.warnings,
      coverage: describeCoverage(course, load.writtenManifest?.skills ?? course.manifest.skills),
      findability: (await this.findability(courseId))!,
    };
  }

  private historyDir(courseId: string): string {
    return path.join(this.options.dataDir, "content-history", courseId);
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }
}

/** The skills a converted document's passages were tagged with once the course was put together. */
function skillsOfFile(course: Course | undefined, relativePath: string): string[] {
  const lessons = [...(course?.lessons ?? []), ...(course?.teacherNotes ?? [])].filter((lesson) => lesson.file === relativePath);
  return [...new Set(lessons.flatMap((lesson) => lesson.frontMatter.skills))];
}

function describeKind(relativePath: string, teacherOnly = false): ContentFileInfo["kind"] {
  const kind = kindOfCourseFile(relativePath);
  if (kind === "lesson" || kind === "document") return teacherOnly || relativePath.startsWith("teacher/") ? "teacher" : "lesson";
  return kind ?? "lesson";
}

/** Problems in `after` that `before` did not have, compared as a teacher reads them. */
function subtractProblems(after: ContentProblem[], before: ContentProblem[]): ContentProblem[] {
  const known = new Set(before.map(formatProblem));
  return after.filter((problem) => !known.has(formatProblem(problem)));
}
