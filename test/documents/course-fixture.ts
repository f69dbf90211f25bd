import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { silentLogger } from "../../src/logger.js";
import { CourseLibrary } from "../../src/retrieval/course-library.js";
import { HashingEmbedder } from "../../src/retrieval/hashing-embedder.js";
import { makeDocx, makeEpub, makePdf, makePptx } from "../support/document-files.js";

export const DOC_MANIFEST = `id: loops-course
title: Loops
skills:
  - id: for-loops
    name: For loops
    description: Repeat a block for every item of a list or a range, with the for statement.
  - id: while-loops
    name: While loops
    description: Repeat a block while a condition stays true; stop with break.
  - id: functions
    name: Functions
    description: Define functions with def, pass arguments and return values.
`;

export const SECRET_NOTE = "Remind them the answer to exercise four is seventeen bananas";

/** The teacher's files of a small course: one of each format the tutor reads. */
export async function documentCourseFiles(): Promise<Record<string, Uint8Array | string>> {
  return {
    "course.yaml": DOC_MANIFEST,
    "lessons/handout.pdf": await makePdf(
      [
        ["A for loop repeats a block once for every item of a list.", "for fruit in basket: print(fruit)"],
        [],
        ["A while loop repeats a block while its condition stays true.", "Use break to leave a while loop early."],
      ],
      "Loops handout",
    ),
    "lessons/week2.pptx": makePptx([
      { title: "Functions", body: ["A function is defined with def.", "It returns a value with return."], notes: SECRET_NOTE },
      { title: "Arguments", body: ["Arguments are the values passed to a function when it is called."] },
      { body: [] },
    ]),
    "lessons/notes.docx": makeDocx([
      { heading: 1, text: "Loop notes" },
      { text: "These notes review loops." },
      { heading: 2, text: "Nested loops" },
      { text: "A nested loop runs an inner loop completely for every pass of the outer loop." },
    ]),
    "lessons/reader.epub": makeEpub("Reader", [
      { title: "Chapter 1", paragraphs: ["Programs run statements in order, one after another."] },
      { title: "Chapter 2", paragraphs: ["The range function produces the numbers a counting loop walks through."] },
    ]),
    "lessons/page.html": `<html><head><title>Loop page</title></head><body><h1>Loop page</h1><p>Loops save typing.</p><h2>Infinite loops</h2><p>An infinite loop never stops because its condition never becomes false.</p></body></html>`,
    "lessons/summary.txt": "Summary: the enumerate function gives each item of a list together with its index.\n",
  };
}

export interface DocumentCourse {
  contentDir: string;
  courseDir: string;
  library: CourseLibrary;
  close(): Promise<void>;
}

export async function writeFiles(dir: string, files: Record<string, Uint8Array | string>): Promise<void> {
  for (const [relative, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
    await writeFile(path.join(dir, relative), content);
  }
}

/** The course written to a temp content folder and opened as the tutor opens it (hashing embedder, real index). */
export async function openDocumentCourse(files: Record<string, Uint8Array | string>): Promise<DocumentCourse> {
  const root = await mkdtemp(path.join(os.tmpdir(), "tutor-documents-"));
  const contentDir = path.join(root, "content");
  const courseDir = path.join(contentDir, "loops");
  await writeFiles(courseDir, files);
  const library = await CourseLibrary.open({
    contentDir,
    dataDir: path.join(root, "data"),
    embedder: new HashingEmbedder(),
    log: silentLogger,
  });
  return { contentDir, courseDir, library, close: () => rm(root, { recursive: true, force: true }) };
}
