/**
 * Ingesting teachers' documents: a generated 300-page PDF and a 100-slide PPTX are converted in the parsing
 * thread (pages or slides per second, median of three runs), then a course holding both is opened as the tutor opens it (convert,
 * chunk, embed with the built-in embedder, index), and every page and slide is probed for findability (share
 * of sections all of whose probe questions find them in the top 5). Baseline in the same run: the same pages
 * as Markdown lessons, opened the same way, which needs no conversion. Peak RSS is the OS's high-water mark of
 * the process (its threads, the parsing thread among them) and of any child process still running, with this
 * process's peak per phase (bench/peak-memory.ts).
 *   npm run bench:ingest [-- --json] [-- --pages 300 --slides 100]
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import { silentLogger } from "../src/logger.js";
import { CourseLibrary } from "../src/retrieval/course-library.js";
import { parseInWorker } from "../src/retrieval/documents/parse-in-worker.js";
import { HashingEmbedder } from "../src/retrieval/hashing-embedder.js";
import { createPrng } from "../src/tutor/mastery/prng.js";
import { PeakMemory } from "./peak-memory.js";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    "make-files": { type: "string" },
    pages: { type: "string", default: "300" },
    slides: { type: "string", default: "100" },
  },
});
const PAGES = Number(values.pages);
const SLIDES = Number(values.slides);

const SYLLABLES = "ka lo mi ne ru sa te vo zu pa de fi go hu ja be co".split(" ");
const NOUNS = "value list record table loop branch index buffer signal sample model layer filter channel queue stack graph".split(" ");
const VERBS = "stores sorts checks joins splits counts merges tracks limits scales maps reads writes".split(" ");
const GENERAL = "the data each step then result before after every first later small large simple common useful".split(" ");

/** Pseudo-English about many distinct topics: each page or slide defines its own term among shared words. */
function createText(seed: number) {
  const random = createPrng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const used = new Set<string>();
  const term = () => {
    for (;;) {
      const word = Array.from({ length: 3 }, () => pick(SYLLABLES)).join("");
      if (!used.has(word)) {
        used.add(word);
        return word;
      }
    }
  };
  const sentence = (subject: string) =>
    `The ${subject} ${pick(VERBS)} ${pick(GENERAL)} ${pick(NOUNS)} ${pick(GENERAL)} ${pick(GENERAL)} ${pick(NOUNS)}.`;
  return (): { term: string; sentences: string[] } => {
    const own = term();
    const partner = term();
    const noun = pick(NOUNS);
    return {
      term: own,
      sentences: [
        `A ${own} is a ${noun} that ${pick(VERBS)} each ${partner} of a ${pick(NOUNS)}.`,
        sentence(own),
        `Use a ${own} when the ${partner} ${pick(VERBS)} the ${pick(NOUNS)}.`,
        sentence(partner),
        sentence(noun),
      ],
    };
  };
}

/** Sentences as lines short enough for a page's width. */
function wrap(sentences: string[], width = 85): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of sentences.join(" ").split(" ")) {
    if (current && current.length + word.length + 1 > width) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  return lines;
}

const MANIFEST = `id: ingest-bench
title: Ingest bench
skills:
  - id: data-structures
    name: Data structures
    description: Lists, tables, queues, stacks and graphs that store and index values.
  - id: signals
    name: Signals
    description: Samples, filters and channels that scale and merge signals.
`;

async function openCourse(root: string, files: Record<string, Uint8Array | string>): Promise<{ library: CourseLibrary; seconds: number }> {
  const contentDir = path.join(root, "content");
  for (const [relative, data] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(contentDir, "course", relative)), { recursive: true });
    await writeFile(path.join(contentDir, "course", relative), data);
  }
  const started = performance.now();
  const library = await CourseLibrary.open({
    contentDir,
    dataDir: path.join(root, "data"),
    embedder: new HashingEmbedder(),
    log: silentLogger,
  });
  return { library, seconds: (performance.now() - started) / 1000 };
}

/** The median of three runs: the machine is shared, and one run can land on another process's burst. */
async function timeRuns<T>(run: () => Promise<T>): Promise<{ result: T; medianSeconds: number }> {
  const seconds: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    result = await run();
    seconds.push((performance.now() - started) / 1000);
  }
  return { result: result!, medianSeconds: seconds.sort((a, b) => a - b)[1]! };
}

/** The bench's files, made in a child process (and pdf-lib imported only there) so that making them does not count in the peak RSS. */
async function makeFiles(dir: string): Promise<void> {
  const { makePdf, makePptx } = await import("../test/support/document-files.js");
  const next = createText(7);
  const pages = Array.from({ length: PAGES }, () => next());
  const slides = Array.from({ length: SLIDES }, () => next());
  const warmUp = createText(1);
  await writeFile(
    path.join(dir, "handout.pdf"),
    await makePdf(
      pages.map((page) => wrap(page.sentences)),
      "Bench handout",
    ),
  );
  await writeFile(
    path.join(dir, "slides.pptx"),
    makePptx(
      slides.map((slide) => ({
        title: `The ${slide.term}`,
        body: slide.sentences.slice(0, 4),
        notes: `Ask the class: ${slide.sentences[4]}`,
      })),
    ),
  );
  await writeFile(path.join(dir, "warm-up.pdf"), await makePdf(Array.from({ length: 20 }, () => wrap(warmUp().sentences))));
  await writeFile(
    path.join(dir, "warm-up.pptx"),
    makePptx(Array.from({ length: 20 }, () => ({ title: "Warm-up", body: warmUp().sentences }))),
  );
  await writeFile(path.join(dir, "pages.json"), JSON.stringify(pages));
}

if (values["make-files"]) {
  await makeFiles(values["make-files"]);
  process.exit(0);
}

const memory = new PeakMemory();
const root = await mkdtemp(path.join(os.tmpdir(), "bench-ingest-"));
try {
  await promisify(execFile)(process.execPath, [
    ...process.execArgv,
    fileURLToPath(import.meta.url),
    "--make-files",
    root,
    "--pages",
    String(PAGES),
    "--slides",
    String(SLIDES),
  ]);
  const read = (name: string) => readFile(path.join(root, name));
  const [pdf, pptx] = [await read("handout.pdf"), await read("slides.pptx")];
  const pages = JSON.parse((await read("pages.json")).toString("utf8")) as Array<{ term: string; sentences: string[] }>;

  // The parsing thread starts once and stays warm; its start (loading PDF.js and the converters) is reported
  // apart from the steady rate.
  memory.endPhase("start");
  const started = performance.now();
  await parseInWorker("pdf", await read("warm-up.pdf"));
  await parseInWorker("pptx", await read("warm-up.pptx"));
  const workerStartMs = performance.now() - started;
  memory.endPhase("parsingThreadStart");
  const pdfRuns = await timeRuns(() => parseInWorker("pdf", pdf));
  memory.endPhase("pdf");
  const pptxRuns = await timeRuns(() => parseInWorker("pptx", pptx));
  memory.endPhase("pptx");
  const [pdfDocument, pdfSeconds] = [pdfRuns.result, pdfRuns.medianSeconds];
  const [pptxDocument, pptxSeconds] = [pptxRuns.result, pptxRuns.medianSeconds];
  if (pdfDocument.sections.length !== PAGES || pptxDocument.sections.filter((section) => !section.teacherOnly).length !== SLIDES) {
    throw new Error(
      `conversion lost parts: ${pdfDocument.sections.length}/${PAGES} pages, ${pptxDocument.sections.length} sections of ${SLIDES} slides`,
    );
  }

  const documents = await openCourse(path.join(root, "documents"), {
    "course.yaml": MANIFEST,
    "lessons/handout.pdf": pdf,
    "lessons/slides.pptx": pptx,
  });
  memory.endPhase("courseOpen");
  const courseId = "ingest-bench";
  const pdfFindability = (await documents.library.findability(courseId, "lessons/handout.pdf"))!;
  const pptxFindability = (await documents.library.findability(courseId, "lessons/slides.pptx"))!;
  const passages = documents.library.passageCount(courseId);
  memory.endPhase("findability");

  // Baseline: the same pages as Markdown lessons, ten pages a lesson, one `##` section a page.
  const markdown: Record<string, string> = { "course.yaml": MANIFEST };
  for (let lesson = 0; lesson * 10 < PAGES; lesson++) {
    const body = pages
      .slice(lesson * 10, lesson * 10 + 10)
      .map((page, i) => `## Page ${lesson * 10 + i + 1}\n\n${page.sentences.join(" ")}`);
    markdown[`lessons/${String(lesson).padStart(3, "0")}.md`] =
      `---\ntitle: Part ${lesson + 1}\nskills: [data-structures]\n---\n\n${body.join("\n\n")}\n`;
  }
  const baseline = await openCourse(path.join(root, "markdown"), markdown);
  memory.endPhase("markdownBaseline");

  const share = (report: { findableSections: number; sections: unknown[] }) =>
    Number((report.findableSections / report.sections.length).toFixed(3));
  const result = {
    pages: PAGES,
    slides: SLIDES,
    pdfPagesPerSec: Math.round(PAGES / pdfSeconds),
    pptxSlidesPerSec: Math.round(SLIDES / pptxSeconds),
    workerStartMs: Math.round(workerStartMs),
    courseOpenSeconds: Number(documents.seconds.toFixed(2)),
    documentPagesPerSecEndToEnd: Math.round((PAGES + SLIDES) / documents.seconds),
    baselineMarkdownPagesPerSecEndToEnd: Math.round(PAGES / baseline.seconds),
    passages,
    ...memory.report(),
    findability: {
      pdf: share(pdfFindability),
      pptx: share(pptxFindability),
      all: Number(
        (
          (pdfFindability.findableSections + pptxFindability.findableSections) /
          (pdfFindability.sections.length + pptxFindability.sections.length)
        ).toFixed(3),
      ),
      probesFound: pdfFindability.probesFound + pptxFindability.probesFound,
      probes: pdfFindability.probes + pptxFindability.probes,
    },
    targets: { pdfPagesPerSec: 50, pptxSlidesPerSec: 50, peakRssMb: 400, findability: 0.85 },
  };
  if (values.json) {
    console.log(JSON.stringify(result));
  } else {
    console.log(
      `PDF: ${PAGES} pages converted at ${result.pdfPagesPerSec} pages/s; PPTX: ${SLIDES} slides at ${result.pptxSlidesPerSec} slides/s (parsing thread and converters loaded in ${result.workerStartMs} ms)`,
    );
    console.log(
      `Course opened (convert, chunk, embed, index ${passages} passages) in ${result.courseOpenSeconds} s: ${result.documentPagesPerSecEndToEnd} pages+slides/s; the same pages as Markdown: ${result.baselineMarkdownPagesPerSecEndToEnd} pages/s`,
    );
    console.log(
      `Findability (top 5, all probes): PDF pages ${result.findability.pdf}, slides ${result.findability.pptx}, together ${result.findability.all}`,
    );
    console.log(
      `Peak RSS ${result.peakRssMb} MB (this process by phase: ${Object.entries(result.peakRssMbByPhase)
        .map(([phase, mb]) => `${phase} ${mb}`)
        .join(", ")}; child processes ${result.childProcessesPeakRssMb})`,
    );
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
