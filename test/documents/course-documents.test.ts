import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatProblem } from "../../src/retrieval/content/content-problem.js";
import { formatCitation } from "../../src/retrieval/passage.js";
import { buildProtectedIndex } from "../../src/tutor/leak-guard/protected-index.js";
import { makePdf } from "../support/document-files.js";
import { documentCourseFiles, openDocumentCourse, SECRET_NOTE, writeFiles, type DocumentCourse } from "./course-fixture.js";

let course: DocumentCourse;
const COURSE = "loops-course";
const topCitations = async (question: string, k = 3) =>
  (await course.library.search(COURSE, question, k)).map((hit) => formatCitation(hit.passage));

beforeAll(async () => {
  course = await openDocumentCourse({
    ...(await documentCourseFiles()),
    "lessons/week2.pptx.yaml": "title: Week 2\nranges:\n  - from: 2\n    skills: [functions]\n",
  });
}, 120_000);
afterAll(() => course.close());

describe("a teacher's documents in lessons/ are searchable and cited where the teacher's file has it", () => {
  it("cites a PDF by page, slides by number, Word and HTML by heading, EPUB by chapter", async () => {
    expect((await topCitations("What does a while loop do?"))[0]).toBe("handout.pdf, p. 3");
    expect((await topCitations("What are arguments passed to a function?"))[0]).toBe("week2.pptx, slide 2 › Arguments");
    expect((await topCitations("What is a nested loop?"))[0]).toBe("notes.docx › Loop notes › Nested loops");
    expect((await topCitations("Why does an infinite loop never stop?"))[0]).toBe("page.html › Loop page › Infinite loops");
    expect((await topCitations("Which numbers does the range function produce?"))[0]).toBe("reader.epub › Chapter 2");
    expect((await topCitations("What does enumerate give?"))[0]).toBe("summary.txt");
  });

  it("never lets a passage straddle a page or slide", () => {
    const passages = course.library.course(COURSE)!.lessons.filter((lesson) => lesson.file === "lessons/handout.pdf");
    expect(passages).toHaveLength(1);
    const pdf = passages[0]!;
    expect(pdf.segments!.map((segment) => segment.locator)).toEqual(["p. 1", "p. 3"]);
    const body = pdf.body.split("\n");
    expect(body[pdf.segments![1]!.startLine]).toContain("A while loop repeats");
  });

  it("keeps speaker notes teacher-only: never retrieved, and protected by the leak guard", async () => {
    const loaded = course.library.course(COURSE)!;
    for (const question of ["seventeen bananas", "What is the answer to exercise four?", SECRET_NOTE]) {
      const hits = await course.library.search(COURSE, question, 20);
      expect(hits.every((hit) => !hit.passage.text.includes("bananas"))).toBe(true);
    }
    expect(loaded.lessons.every((lesson) => !lesson.body.includes("bananas"))).toBe(true);
    expect(loaded.teacherNotes.map((note) => [note.file, note.body])).toEqual([["lessons/week2.pptx", SECRET_NOTE]]);
    const guard = buildProtectedIndex(loaded);
    expect(guard.findOverlap(`Sure! ${SECRET_NOTE.toLowerCase()}.`)).toMatchObject({
      kind: "protected-text",
      detail: expect.stringContaining("lessons/week2.pptx"),
    });
    expect(guard.findOverlap("A function is defined with def and returns a value.")).toBeUndefined();
  });

  it("tags each section with the course skill it matches best, unless the sidecar names the skills", () => {
    const lessons = course.library.course(COURSE)!.lessons;
    const pdf = lessons.find((lesson) => lesson.file === "lessons/handout.pdf")!;
    expect(pdf.segments!.map((segment) => [segment.locator, segment.skills])).toEqual([
      ["p. 1", ["for-loops"]],
      ["p. 3", ["while-loops"]],
    ]);
    const slides = lessons.find((lesson) => lesson.file === "lessons/week2.pptx")!;
    expect(slides.frontMatter.title).toBe("Week 2");
    expect(slides.segments!.find((segment) => segment.locator === "slide 2")).toMatchObject({ skills: ["functions"] });
    expect(slides.segments!.find((segment) => segment.locator === "slide 2")!.autoSkills).toBeUndefined();
    const passage = course.library.search(COURSE, "arguments", 1);
    return expect(passage.then((hits) => hits[0]!.passage.skills)).resolves.toEqual(["functions"]);
  });

  it("tells the teacher which pages and slides gave no text, as file:page", async () => {
    const check = await course.library.check(COURSE);
    const lines = check!.warnings.map(formatProblem);
    expect(lines).toContain(
      "loops/lessons/handout.pdf:p. 2: no text here (an image, a scan or a blank page?). Fix: if it teaches something, add that as text (OCR, or a note in a .md lesson)",
    );
    expect(lines.some((line) => line.startsWith("loops/lessons/week2.pptx:slide 3: no text here"))).toBe(true);
    expect(check!.findability.sections.find((section) => section.locator === "p. 3")).toMatchObject({
      file: "lessons/handout.pdf",
      findable: true,
    });
  });
});

describe("a broken document", () => {
  it("reports a scanned PDF and damaged files as problems, and the last good version keeps serving", async () => {
    const before = await topCitations("What does a while loop do?");
    const zeros = new Uint8Array(1000);
    await writeFiles(course.courseDir, {
      "lessons/handout.pdf": new TextEncoder().encode("%PDF-1.7\nthis is not really a PDF\n%%EOF"),
      "lessons/scan.pdf": await makePdf([[], []]),
      "lessons/broken.docx": zeros,
      "lessons/broken.pptx": new TextEncoder().encode("PK\u0003\u0004 not a real zip"),
    });
    const report = await course.library.refreshFolder("loops", { announce: false });
    const lines = report.newProblems.map(formatProblem);
    expect(lines).toContain(
      "loops/lessons/scan.pdf: none of its 2 page(s) has a text layer (a scanned PDF?). Fix: add a text version: export the PDF from its source program, or run OCR on it, or add the text as a .md lesson",
    );
    expect(lines.find((line) => line.startsWith("loops/lessons/handout.pdf: the PDF could not be read"))).toBeDefined();
    expect(lines.find((line) => line.startsWith("loops/lessons/broken.docx: the file is not a zip archive"))).toBeDefined();
    expect(lines).toContain(
      "loops/lessons/broken.pptx: the file is incomplete: its zip archive has no end (cut short, or still being copied). Fix: copy or save the whole file again",
    );
    expect(await topCitations("What does a while loop do?")).toEqual(before);
    const files = await course.library.listFiles(COURSE);
    expect(files.find((file) => file.relativePath === "lessons/handout.pdf")).toMatchObject({ serving: true });
    expect(files.find((file) => file.relativePath === "lessons/scan.pdf")).toMatchObject({ serving: false });
  }, 60_000);

  it("re-reads a document when its sidecar changes", async () => {
    const sidecar = path.join(course.courseDir, "lessons/week2.pptx.yaml");
    const original = await readFile(sidecar, "utf8");
    await writeFile(sidecar, "title: Week 2\nteacher: true\n");
    await course.library.refreshFolder("loops", { announce: false });
    expect(course.library.course(COURSE)!.lessons.some((lesson) => lesson.file === "lessons/week2.pptx")).toBe(false);
    expect(await topCitations("What are arguments passed to a function?", 10)).not.toContain("week2.pptx, slide 2 › Arguments");
    await writeFile(sidecar, "skills: [no-such-skill]\ntitel: typo\n");
    const report = await course.library.refreshFolder("loops", { announce: false });
    expect(report.newProblems.map(formatProblem).join("\n")).toMatch(/loops\/lessons\/week2\.pptx\.yaml:2: titel:/);
    await writeFile(sidecar, original);
    await course.library.refreshFolder("loops", { announce: false });
    expect((await topCitations("What are arguments passed to a function?"))[0]).toBe("week2.pptx, slide 2 › Arguments");
  }, 60_000);
});
