/**
 * Retrieval quality on fastbook-benchmark: the tutor's path (chunkLesson → built-in embedder → CourseIndex
 * hybrid search) beside a plain BM25 baseline over packed paragraphs, in one run.
 *   npm run bench:retrieval -- [--dataset DIR] [--json] [--max-chars N]
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Bm25Index } from "../src/retrieval/bm25.js";
import type { LessonDoc } from "../src/retrieval/content/schema.js";
import { CourseIndex } from "../src/retrieval/course-index.js";
import { HashingEmbedder } from "../src/retrieval/hashing-embedder.js";
import { splitWords } from "../src/retrieval/text-terms.js";
import {
  averageScores,
  FastbookBenchmarkSchema,
  normalizeForMatch,
  scoreQuestion,
  type FastbookQuestion,
  type QuestionScore,
} from "./fastbook-metrics.js";

const COURSE_ID = "fastbook";
const BASELINE_MAX_CHARS = 1000;

interface SystemResult extends QuestionScore {
  meanPassageChars: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dataset: { type: "string" },
      json: { type: "boolean", default: false },
      "max-chars": { type: "string" },
    },
  });
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const dataset = path.resolve(values.dataset ?? path.join(repoRoot, "../shared/data/retrieval/fastbook-dev"));
  const benchmarkFile = path.join(dataset, "fastbook-benchmark.json");
  if (!existsSync(benchmarkFile)) {
    console.log(`bench:retrieval skipped: no fastbook-benchmark.json in ${dataset} (pass --dataset DIR).`);
    return;
  }
  const questions = FastbookBenchmarkSchema.parse(JSON.parse(await readFile(benchmarkFile, "utf8"))).questions;
  const chapters = await readChapters(dataset);
  const maxChars = values["max-chars"] ? Number(values["max-chars"]) : undefined;
  const tutor = await runTutor(chapters, questions, maxChars);
  const bm25 = runBaseline(chapters, questions);
  if (values.json) {
    console.log(JSON.stringify({ tutor: toJson(tutor), bm25: toJson(bm25) }));
    return;
  }
  console.log(`fastbook-benchmark: ${questions.length} questions, ${chapters.length} chapters as one course\n`);
  console.log("system    Recall@5  Recall@10  MRR@10  mean passage chars");
  for (const [name, result] of [["tutor", tutor], ["bm25", bm25]] as const) {
    console.log(
      `${name.padEnd(8)}  ${fmt(result.recallAt5)}     ${fmt(result.recallAt10)}      ${fmt(result.mrrAt10)}   ${Math.round(result.meanPassageChars)}`,
    );
  }
}

interface Chapter {
  file: string;
  text: string;
}

async function readChapters(dataset: string): Promise<Chapter[]> {
  const files = (await readdir(dataset)).filter((name) => /^chapter_.*\.txt$/.test(name)).sort();
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(path.join(dataset, file), "utf8") })));
}

/** The chapter as the content loader would hand it over: the whole file is the body. */
function toLessonDoc(chapter: Chapter): LessonDoc {
  const title = /^# (.+)$/m.exec(chapter.text)?.[1]?.trim() ?? chapter.file;
  return {
    file: chapter.file,
    frontMatter: { title, skills: ["fastbook"], level: "beginner", audience: "students" },
    body: chapter.text,
    bodyStartLine: 1,
    teacherOnly: false,
    hash: createHash("sha256").update(chapter.text).digest("hex"),
  };
}

async function runTutor(chapters: Chapter[], questions: FastbookQuestion[], maxChars?: number): Promise<SystemResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-retrieval-"));
  try {
    const index = await CourseIndex.open({
      dir,
      courseId: COURSE_ID,
      embedder: new HashingEmbedder(),
      chunk: { maxChars },
    });
    await index.sync(chapters.map(toLessonDoc));
    const scores: QuestionScore[] = [];
    for (const question of questions) {
      const hits = await index.search(question.question_text, 10);
      scores.push(scoreQuestion(question, hits.map((hit) => normalizeForMatch(hit.passage.text))));
    }
    return { ...averageScores(scores), meanPassageChars: meanLength(index.passages().map((p) => p.text)) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The data set's reference point: blank-line paragraphs packed greedily up to 1,000 characters (a longer
 * paragraph stays whole), plain BM25 over unstemmed words.
 */
function runBaseline(chapters: Chapter[], questions: FastbookQuestion[]): SystemResult {
  const passages = chapters.flatMap((chapter) => packParagraphs(chapter.text, BASELINE_MAX_CHARS));
  const index = new Bm25Index(passages.map((text) => ({ terms: splitWords(text) })));
  const normalized = passages.map(normalizeForMatch);
  const scores = questions.map((question) =>
    scoreQuestion(
      question,
      index.search(splitWords(question.question_text), 10).map((hit) => normalized[hit.doc]!),
    ),
  );
  return { ...averageScores(scores), meanPassageChars: meanLength(passages) };
}

function packParagraphs(text: string, maxChars: number): string[] {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const packed: string[] = [];
  let current = "";
  for (const paragraph of paragraphs) {
    if (current && current.length + 2 + paragraph.length > maxChars) {
      packed.push(current);
      current = paragraph;
    } else {
      current = current ? `${current}\n\n${paragraph}` : paragraph;
    }
  }
  if (current) packed.push(current);
  return packed;
}

function meanLength(texts: readonly string[]): number {
  return texts.length === 0 ? 0 : texts.reduce((sum, text) => sum + text.length, 0) / texts.length;
}

function fmt(value: number): string {
  return value.toFixed(3);
}

function toJson(result: SystemResult) {
  return {
    "recall@5": Number(result.recallAt5.toFixed(4)),
    "recall@10": Number(result.recallAt10.toFixed(4)),
    "mrr@10": Number(result.mrrAt10.toFixed(4)),
    meanPassageChars: Math.round(result.meanPassageChars),
  };
}

await main();
