/**
 * Retrieval quality on fastbook-benchmark: the tutor's path (chunkLesson → built-in embedder → CourseIndex
 * hybrid search) beside a plain BM25 baseline over packed paragraphs, in one run. The tutor's figures are also
 * given for the odd and even questions apart (a change that helps only one half is likely a fluke), with its
 * search time, and beside a held-out check on the bundled python-basics course. The data set has no course.yaml,
 * so its language is the commonest language of the script most of its letters are in, unless given.
 *   npm run bench:retrieval -- [--dataset DIR] [--language TAG] [--json] [--max-chars N]
 */
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Bm25Index } from "../src/retrieval/bm25.js";
import type { LessonDoc } from "../src/retrieval/content/schema.js";
import { CourseIndex } from "../src/retrieval/course-index.js";
import { loadCourse } from "../src/retrieval/content/load-course.js";
import { readLessonStructure } from "../src/retrieval/content/lesson-structure.js";
import { hashContent } from "../src/retrieval/content/parse-content-file.js";
import { HashingEmbedder } from "../src/retrieval/hashing-embedder.js";
import { languageOfScript, scriptOf, type Script } from "../src/retrieval/languages.js";
import { normalizeText, tokenizerFor, type Tokenizer } from "../src/retrieval/text-terms.js";
import {
  averageScores,
  FastbookBenchmarkSchema,
  normalizeForMatch,
  scoreQuestion,
  type FastbookQuestion,
  type QuestionScore,
} from "./fastbook-metrics.js";
import { PYTHON_BASICS_QUESTIONS } from "./python-basics-questions.js";

const COURSE_ID = "fastbook";
const BASELINE_MAX_CHARS = 1000;

interface SystemResult extends QuestionScore {
  meanPassageChars: number;
}

interface TutorResult extends SystemResult {
  odd: QuestionScore;
  even: QuestionScore;
  msPerQuery: number;
}

interface SampleResult {
  hitAt1: number;
  hitAt3: number;
  mrrAt10: number;
  questions: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dataset: { type: "string" },
      json: { type: "boolean", default: false },
      language: { type: "string" },
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
  const language = values.language ?? guessLanguage(chapters.map((chapter) => chapter.text).join("\n"));
  const tutor = await runTutor(chapters, questions, tokenizerFor(language), maxChars);
  const bm25 = runBaseline(chapters, questions);
  const sample = await runSample(repoRoot, maxChars);
  if (values.json) {
    console.log(
      JSON.stringify({
        language,
        tutor: { ...toJson(tutor), odd: toJson(tutor.odd), even: toJson(tutor.even), msPerQuery: round(tutor.msPerQuery) },
        bm25: toJson(bm25),
        pythonBasics: sample && { hitAt1: round(sample.hitAt1), hitAt3: round(sample.hitAt3), mrrAt10: round(sample.mrrAt10) },
      }),
    );
    return;
  }
  console.log(`fastbook-benchmark: ${questions.length} questions, ${chapters.length} chapters as one course, language ${language}\n`);
  console.log("system    Recall@5  Recall@10  MRR@10  mean passage chars");
  for (const [name, result] of [
    ["tutor", tutor],
    ["bm25", bm25],
  ] as const) {
    console.log(
      `${name.padEnd(8)}  ${fmt(result.recallAt5)}     ${fmt(result.recallAt10)}      ${fmt(result.mrrAt10)}   ${Math.round(result.meanPassageChars)}`,
    );
  }
  for (const [half, score] of [
    ["odd", tutor.odd],
    ["even", tutor.even],
  ] as const) {
    console.log(`  ${half.padEnd(6)}  ${fmt(score.recallAt5)}     ${fmt(score.recallAt10)}      ${fmt(score.mrrAt10)}`);
  }
  console.log(`tutor search: ${tutor.msPerQuery.toFixed(2)} ms/query`);
  if (sample) {
    console.log(
      `python-basics (${sample.questions} questions): hit@1 ${fmt(sample.hitAt1)}  hit@3 ${fmt(sample.hitAt3)}  MRR@10 ${fmt(sample.mrrAt10)}`,
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
    otherKeys: [],
    structure: readLessonStructure(chapter.text),
    teacherOnly: false,
    hash: hashContent(chapter.text),
  };
}

/** The commonest language of the script most letters are written in: `zh` for Chinese text, `en` for English. */
function guessLanguage(text: string): string {
  const counts = new Map<Script, number>();
  for (const char of text) {
    const script = scriptOf(char);
    if (script) counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  const [top] = [...counts.entries()].sort((x, y) => y[1] - x[1]);
  return top ? languageOfScript(top[0]) : "en";
}

async function runTutor(chapters: Chapter[], questions: FastbookQuestion[], tokenizer: Tokenizer, maxChars?: number): Promise<TutorResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-retrieval-"));
  try {
    const index = await CourseIndex.open({
      dir,
      courseId: COURSE_ID,
      embedder: new HashingEmbedder(),
      tokenizer,
      chunk: { maxChars },
    });
    await index.sync(chapters.map(toLessonDoc));
    const scores: QuestionScore[] = [];
    const started = performance.now();
    for (const question of questions) {
      const hits = await index.search(question.question_text, 10);
      scores.push(
        scoreQuestion(
          question,
          hits.map((hit) => normalizeForMatch(hit.passage.text)),
        ),
      );
    }
    const msPerQuery = (performance.now() - started) / Math.max(questions.length, 1);
    return {
      ...averageScores(scores),
      odd: averageScores(scores.filter((_, i) => i % 2 === 1)),
      even: averageScores(scores.filter((_, i) => i % 2 === 0)),
      msPerQuery,
      meanPassageChars: meanLength(index.passages().map((p) => p.text)),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The bundled sample course through the same path; a question is answered by a passage under its heading. */
async function runSample(repoRoot: string, maxChars?: number): Promise<SampleResult | undefined> {
  const loaded = await loadCourse(path.join(repoRoot, "content/python-basics"), path.join(repoRoot, "content"));
  if (!loaded.course) return undefined;
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-sample-"));
  try {
    const index = await CourseIndex.open({
      dir,
      courseId: "python-basics",
      embedder: new HashingEmbedder(),
      tokenizer: tokenizerFor(loaded.course.manifest.language),
      chunk: { maxChars },
    });
    await index.sync(loaded.course.lessons);
    const ranks: number[] = [];
    for (const sample of PYTHON_BASICS_QUESTIONS) {
      const hits = await index.search(sample.question, 10);
      const rank = hits.findIndex((hit) => hit.passage.file === sample.file && hit.passage.headingPath.includes(sample.heading));
      ranks.push(rank === -1 ? Infinity : rank + 1);
    }
    const share = (test: (rank: number) => boolean) => ranks.filter(test).length / ranks.length;
    return {
      hitAt1: share((rank) => rank === 1),
      hitAt3: share((rank) => rank <= 3),
      mrrAt10: ranks.reduce((sum, rank) => sum + (rank <= 10 ? 1 / rank : 0), 0) / ranks.length,
      questions: ranks.length,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The data set's reference point: blank-line paragraphs packed greedily up to 1,000 characters (a longer
 * paragraph stays whole), plain BM25 over unstemmed words; in Chinese, Japanese and Korean, over characters and
 * character bigrams (the cmrc-trial-zh data set's own anchor).
 */
function runBaseline(chapters: Chapter[], questions: FastbookQuestion[]): SystemResult {
  const passages = chapters.flatMap((chapter) => packParagraphs(chapter.text, BASELINE_MAX_CHARS));
  const index = new Bm25Index(passages.map((text) => ({ terms: baselineTerms(text) })));
  const normalized = passages.map(normalizeForMatch);
  const scores = questions.map((question) =>
    scoreQuestion(
      question,
      index.search(baselineTerms(question.question_text), 10).map((hit) => normalized[hit.doc]!),
    ),
  );
  return { ...averageScores(scores), meanPassageChars: meanLength(passages) };
}

const CJK_OR_NOT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;

function baselineTerms(text: string): string[] {
  return (normalizeText(text).match(/[\p{L}\p{N}]+/gu) ?? []).flatMap((run) =>
    (run.match(CJK_OR_NOT) ?? []).flatMap((piece) => {
      if (!/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(piece)) return [piece];
      const chars = [...piece];
      return [...chars, ...chars.slice(1).map((char, i) => chars[i]! + char)];
    }),
  );
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

function round(value: number): number {
  return Number(value.toFixed(4));
}

function toJson(result: QuestionScore & { meanPassageChars?: number }) {
  return {
    "recall@5": Number(result.recallAt5.toFixed(4)),
    "recall@10": Number(result.recallAt10.toFixed(4)),
    "mrr@10": Number(result.mrrAt10.toFixed(4)),
    ...(result.meanPassageChars === undefined ? {} : { meanPassageChars: Math.round(result.meanPassageChars) }),
  };
}

await main();
