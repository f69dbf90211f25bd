import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makePdf } from "../support/document-files.js";
import { documentCourseFiles, writeFiles } from "./course-fixture.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "content-cli-documents-"));
  await writeFiles(path.join(dir, "content/loops"), {
    ...(await documentCourseFiles()),
    "lessons/handout.pdf.yaml": "ranges:\n  - from: 3\n    skills: [while-loops]\n",
    "lessons/scan.pdf": await makePdf([[], []]),
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** `npm run content -- <command>` as a teacher runs it (tsx on src/cli/content.ts). */
async function content(command: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await promisify(execFile)(
      path.join(ROOT, "node_modules/.bin/tsx"),
      [path.join(ROOT, "src/cli/content.ts"), command, "--content", path.join(dir, "content")],
      { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, TUTOR_DATA_DIR: path.join(dir, "data") }, timeout: 120_000 },
    );
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, out: failed.stdout };
  }
}

it("stats shows the skills each page, slide and section was tagged with, and where they came from", async () => {
  const { out } = await content("stats");
  expect(out).toContain(
    "loops-course: lessons/handout.pdf p. 1: for-loops (matched by the tutor; correct them in lessons/handout.pdf.yaml)",
  );
  expect(out).toContain("loops-course: lessons/handout.pdf p. 3: while-loops (from lessons/handout.pdf.yaml)");
  expect(out).toContain(
    "loops-course: lessons/week2.pptx slide 1 to slide 2: functions (matched by the tutor; correct them in lessons/week2.pptx.yaml)",
  );
  expect(out).toContain(
    "loops-course: lessons/notes.docx Loop notes › Nested loops: for-loops (matched by the tutor; correct them in lessons/notes.docx.yaml)",
  );
}, 120_000);

it("check reports a scanned PDF as an error and pages without text as file:page warnings", async () => {
  const { code, out } = await content("check");
  expect(out).toContain("error: loops/lessons/scan.pdf: none of its 2 page(s) has a text layer (a scanned PDF?). Fix: add a text version");
  expect(out).toContain("warning: loops/lessons/handout.pdf:p. 2: no text here (an image, a scan or a blank page?). Fix: ");
  expect(out).toContain("warning: loops/lessons/week2.pptx:slide 3: no text here");
  expect(code).toBe(1);
}, 120_000);
