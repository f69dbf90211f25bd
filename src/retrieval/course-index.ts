import hnswlib from "hnswlib-node";
import { TutorError } from "../errors.js";
import { CHUNKER_VERSION, chunkLesson, DEFAULT_MAX_CHARS, type ChunkOptions } from "./chunker.js";
import type { LessonDoc } from "./content/schema.js";
import type { Embedder } from "./embedder.js";
import type { IndexManifest } from "./index-manifest.js";
import { composeEmbeddingText } from "./indexed-text.js";
import { readCurrentGeneration, readStoredIndex, writeStoredIndex, type StoredIndex } from "./index-store.js";
import type { Passage, ScoredPassage } from "./passage.js";
import { LexicalRanker } from "./lexical-ranker.js";
import { fuseScores } from "./rank-fusion.js";
import { tokenizerFor, type Tokenizer } from "./text-terms.js";

export interface CourseIndexOptions {
  /** Directory owned by this index, e.g. `<dataDir>/index/<courseId>/`. */
  dir: string;
  courseId: string;
  embedder: Embedder;
  /** How the course's text becomes terms, for BM25 and the built-in embedder: its language's. English by default. */
  tokenizer?: Tokenizer;
  /** HNSW search breadth; hnswlib's own default of 10 loses neighbours. */
  ef?: number;
  chunk?: ChunkOptions;
  /** Limit for embedding a query; past it the search is lexical only (default 3 s). */
  queryEmbedTimeoutMs?: number;
  /** Told when a query could not be embedded and was searched by its words alone; `undefined` when embedding works again. */
  onQueryEmbedding?: (failure: unknown) => void;
  /**
   * Serve what another process wrote to `dir` and never write there: `sync` is refused, `reload` picks up a new
   * generation. With several tutor processes, one writes (TUTOR_INDEX_MODE=write) and the others read.
   */
  readOnly?: boolean;
}

export interface SyncResult {
  /** Passages added and removed in this sync. */
  added: number;
  removed: number;
  unchangedFiles: number;
  /** Files chunked and embedded again (new or changed), in the order given. */
  reembeddedFiles: string[];
}

interface Entry {
  label: number;
  passage: Passage;
}

const HNSW_M = 16;
const HNSW_EF_CONSTRUCTION = 200;
const EMBED_BATCH = 64;
const DEFAULT_QUERY_EMBED_TIMEOUT_MS = 3_000;
/** How deep each ranking is read before fusion: enough to rescue a passage one ranker misses. */
const CANDIDATE_DEPTH = 50;
/**
 * Weight of the vector ranking beside the lexical one (weight 1). A model's vectors know meaning the words do
 * not show, so they count as much. The built-in hashed vectors only re-encode the same words without idf
 * (fastbook dev: Recall@5 0.52 alone, and any sizeable share lowers the lexical ranker's), so they only
 * break ties and rescue a misspelt query.
 */
const MODEL_VECTOR_WEIGHT = 1;
const HASHED_VECTOR_WEIGHT = 0.1;

/**
 * The searchable form of one course: passages, their vectors in an HNSW graph, and BM25 indexes over their
 * words (passages, sentence windows, sections; built in memory from the passages), persisted in `dir`. Built for one
 * embedder and one tokenizer: if the stored index came from another, it starts empty.
 */
export class CourseIndex {
  private hnsw: hnswlib.HierarchicalNSW | undefined;
  private dimensions: number | null;
  private entries: Entry[];
  private fileHashes: Record<string, string>;
  private nextLabel: number;
  private lexical!: LexicalRanker;
  private byLabel!: Map<number, Entry>;
  private persisted: boolean;
  /** The stored generation this index was loaded from or last wrote; undefined before the first. */
  private generation: string | undefined;
  private readonly vectorWeight: number;
  private readonly embedder: Embedder;
  private readonly tokenizer: Tokenizer;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly options: CourseIndexOptions,
    stored: LoadedIndex | undefined,
  ) {
    this.hnsw = stored?.hnsw;
    this.dimensions = stored?.manifest.dimensions ?? null;
    this.entries = stored?.manifest.entries ?? [];
    this.fileHashes = stored?.manifest.fileHashes ?? {};
    this.nextLabel = stored?.manifest.nextLabel ?? 0;
    this.persisted = stored !== undefined;
    this.generation = stored?.generation;
    this.tokenizer = tokenizerOf(options);
    this.embedder = options.embedder.withTokenizer?.(this.tokenizer) ?? options.embedder;
    this.vectorWeight = options.embedder.id.startsWith("builtin:") ? HASHED_VECTOR_WEIGHT : MODEL_VECTOR_WEIGHT;
    this.rebuildLookups();
  }

  static async open(options: CourseIndexOptions): Promise<CourseIndex> {
    const stored = await readStoredIndex(options.dir);
    const index = new CourseIndex(options, stored && loadCompatible(stored, options));
    // A reader remembers the generation it saw even when it could not use it, so it waits for the next one.
    if (options.readOnly) index.generation = stored?.generation;
    return index;
  }

  /**
   * For a read-only index: loads the generation another process wrote, when it is new and was built for this
   * embedder, tokenizer and chunking. Reports what changed, as `sync` does; undefined when nothing did. A
   * generation it cannot use leaves the last good one serving.
   */
  reload(): Promise<SyncResult | undefined> {
    const run = this.queue.then(() => this.reloadNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async reloadNow(): Promise<SyncResult | undefined> {
    if (!this.options.readOnly) throw new Error(`the index of course "${this.options.courseId}" is written here; it is not reloaded`);
    if ((await readCurrentGeneration(this.options.dir)) === this.generation) return undefined;
    const stored = await readStoredIndex(this.options.dir);
    if (!stored || stored.generation === this.generation) return undefined;
    this.generation = stored.generation;
    const loaded = loadCompatible(stored, this.options);
    if (!loaded) return undefined;
    const before = this.fileHashes;
    const after = loaded.manifest.fileHashes;
    const changedFiles = Object.keys(after).filter((file) => before[file] !== after[file]);
    const dropped = new Set(Object.keys(before).filter((file) => before[file] !== after[file]));
    const result: SyncResult = {
      added: loaded.manifest.entries.filter((entry) => before[entry.passage.file] !== after[entry.passage.file]).length,
      removed: this.entries.filter((entry) => dropped.has(entry.passage.file)).length,
      unchangedFiles: Object.keys(after).length - changedFiles.length,
      reembeddedFiles: changedFiles,
    };
    this.hnsw = loaded.hnsw;
    this.dimensions = loaded.manifest.dimensions;
    this.entries = loaded.manifest.entries;
    this.fileHashes = after;
    this.nextLabel = loaded.manifest.nextLabel;
    this.persisted = true;
    this.rebuildLookups();
    return result;
  }

  get size(): number {
    return this.entries.length;
  }

  get tokenizerId(): string {
    return this.tokenizer.id;
  }

  get embedderId(): string {
    return this.options.embedder.id;
  }

  passages(): readonly Passage[] {
    return this.entries.map((entry) => entry.passage);
  }

  /** Brings the index in line with `lessons` (the course's complete set), re-embedding only changed files. */
  sync(lessons: readonly LessonDoc[]): Promise<SyncResult> {
    const run = this.queue.then(() => this.syncNow(lessons));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async syncNow(lessons: readonly LessonDoc[]): Promise<SyncResult> {
    if (this.options.readOnly) throw new Error(`the index of course "${this.options.courseId}" is read-only here; its writer syncs it`);
    // Teacher-only notes are never searchable by students, whoever passes them in.
    const visible = lessons.filter((lesson) => !lesson.teacherOnly);
    const wanted = new Map(visible.map((lesson) => [lesson.file, lesson]));
    const changed = visible.filter((lesson) => this.fileHashes[lesson.file] !== lesson.hash);
    const dropped = new Set(Object.keys(this.fileHashes).filter((file) => wanted.get(file)?.hash !== this.fileHashes[file]));
    const fresh = changed.flatMap((lesson) => chunkLesson(this.options.courseId, lesson, this.options.chunk));
    // Embed before touching anything, so an embedder failure leaves the index as it was.
    const vectors = await this.embedAll(fresh.map(composeEmbeddingText));
    const dimensions = vectors[0]?.length;
    if (dimensions !== undefined && this.dimensions !== null && dimensions !== this.dimensions) {
      this.reset();
      return this.syncNow(lessons);
    }
    const removedEntries = this.entries.filter((entry) => dropped.has(entry.passage.file));
    for (const entry of removedEntries) this.hnsw?.markDelete(entry.label);
    this.entries = this.entries.filter((entry) => !dropped.has(entry.passage.file));
    if (dimensions !== undefined) this.addVectors(fresh, vectors, dimensions);
    for (const file of dropped) delete this.fileHashes[file];
    for (const lesson of changed) this.fileHashes[lesson.file] = lesson.hash;
    if (changed.length > 0 || dropped.size > 0) this.rebuildLookups();
    if (changed.length > 0 || dropped.size > 0 || !this.persisted) await this.persist();
    return {
      added: fresh.length,
      removed: removedEntries.length,
      unchangedFiles: visible.length - changed.length,
      reembeddedFiles: changed.map((lesson) => lesson.file),
    };
  }

  private async embedAll(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let i = 0; i < texts.length; i += EMBED_BATCH) {
      vectors.push(...(await this.embedder.embed(texts.slice(i, i + EMBED_BATCH))));
    }
    return vectors;
  }

  private addVectors(passages: Passage[], vectors: number[][], dimensions: number): void {
    if (!this.hnsw) {
      this.hnsw = new hnswlib.HierarchicalNSW("cosine", dimensions);
      this.hnsw.initIndex({
        maxElements: Math.max(passages.length, 16),
        m: HNSW_M,
        efConstruction: HNSW_EF_CONSTRUCTION,
        allowReplaceDeleted: true,
      });
      this.hnsw.setEf(this.options.ef ?? 100);
      this.dimensions = dimensions;
    }
    // Deleted slots are reused, so this over-estimates; growing in doubling steps keeps resizes rare.
    const needed = this.hnsw.getCurrentCount() + passages.length;
    if (needed > this.hnsw.getMaxElements()) this.hnsw.resizeIndex(Math.max(needed, 2 * this.hnsw.getMaxElements()));
    passages.forEach((passage, i) => {
      const label = this.nextLabel++;
      this.hnsw!.addPoint(vectors[i]!, label, true);
      this.entries.push({ label, passage });
    });
  }

  private reset(): void {
    this.hnsw = undefined;
    this.dimensions = null;
    this.entries = [];
    this.fileHashes = {};
    this.nextLabel = 0;
    this.rebuildLookups();
  }

  /** Built whenever the passages change, so no student's question pays for it. */
  private rebuildLookups(): void {
    this.lexical = new LexicalRanker(
      this.entries.map((entry) => entry.passage),
      this.tokenizer,
    );
    this.byLabel = new Map(this.entries.map((entry) => [entry.label, entry]));
  }

  private async persist(): Promise<void> {
    const manifest: IndexManifest = {
      format: 1,
      courseId: this.options.courseId,
      embedderId: this.options.embedder.id,
      tokenizerId: this.tokenizer.id,
      dimensions: this.dimensions,
      chunkerVersion: CHUNKER_VERSION,
      maxChars: this.options.chunk?.maxChars ?? DEFAULT_MAX_CHARS,
      fileHashes: this.fileHashes,
      entries: this.entries,
      nextLabel: this.nextLabel,
    };
    const hnsw = this.hnsw;
    this.generation = await writeStoredIndex(this.options.dir, manifest, hnsw ? (file) => hnsw.writeIndexSync(file) : null);
    this.persisted = true;
  }

  /**
   * The query's vector, or undefined when the embedder fails or is slow (Ollama down or busy): a
   * question is then searched by its words alone rather than failing or holding up the searches behind it.
   */
  private async embedQuery(query: string): Promise<number[] | undefined> {
    try {
      const [vector] = await this.embedder.embed([query], {
        signal: AbortSignal.timeout(this.options.queryEmbedTimeoutMs ?? DEFAULT_QUERY_EMBED_TIMEOUT_MS),
      });
      this.options.onQueryEmbedding?.(undefined);
      return vector;
    } catch (error) {
      this.options.onQueryEmbedding?.(error);
      return undefined;
    }
  }

  /** Best `k` passages for the query: the lexical ranker's and the vectors' scores, fused by weight. */
  async search(query: string, k: number): Promise<ScoredPassage[]> {
    if (this.entries.length === 0 || k <= 0) return [];
    const depth = Math.min(Math.max(k, CANDIDATE_DEPTH), this.entries.length);
    const queryVector = await this.embedQuery(query);
    const vectorScores = new Map<Entry, number>();
    if (queryVector) {
      if (queryVector.length !== this.dimensions || !this.hnsw) {
        throw new TutorError(
          "index-embedder-mismatch",
          `The index of course "${this.options.courseId}" was built with vectors of another size; sync it again.`,
        );
      }
      const knn = this.hnsw.searchKnn(queryVector, depth);
      knn.neighbors.forEach((label, i) => {
        const entry = this.byLabel.get(label);
        if (entry) vectorScores.set(entry, 1 - knn.distances[i]!);
      });
    }
    const lexicalScores = new Map(this.lexical.search(query, depth).map((hit) => [this.entries[hit.doc]!, hit.score] as const));
    const fused = fuseScores([lexicalScores, vectorScores], [1, this.vectorWeight]);
    return [...fused.entries()]
      .sort((x, y) => y[1] - x[1])
      .slice(0, k)
      .map(([entry, score]) => ({ passage: entry.passage, score }));
  }
}

interface LoadedIndex {
  generation: string;
  manifest: IndexManifest;
  hnsw?: hnswlib.HierarchicalNSW;
}

/** The stored generation with its vectors loaded, when it was built the way these options build; otherwise undefined. */
function loadCompatible(stored: StoredIndex, options: CourseIndexOptions): LoadedIndex | undefined {
  const { manifest } = stored;
  const compatible =
    manifest.embedderId === options.embedder.id &&
    manifest.tokenizerId === tokenizerOf(options).id &&
    manifest.courseId === options.courseId &&
    manifest.chunkerVersion === CHUNKER_VERSION &&
    manifest.maxChars === (options.chunk?.maxChars ?? DEFAULT_MAX_CHARS) &&
    (manifest.dimensions === null || stored.vectorsPath !== undefined);
  if (!compatible) return undefined;
  let hnsw: hnswlib.HierarchicalNSW | undefined;
  if (manifest.dimensions !== null && stored.vectorsPath) {
    hnsw = new hnswlib.HierarchicalNSW("cosine", manifest.dimensions);
    try {
      hnsw.readIndexSync(stored.vectorsPath, true);
    } catch {
      // Gone or truncated (a writer replaced this generation meanwhile): a writer rebuilds, a reader waits for the next.
      return undefined;
    }
    hnsw.setEf(options.ef ?? 100);
  }
  return { generation: stored.generation, manifest, hnsw };
}

function tokenizerOf(options: CourseIndexOptions): Tokenizer {
  return options.tokenizer ?? tokenizerFor("en");
}
