import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadCourse } from "../../src/retrieval/content/load-course.js";
import { parseLesson } from "../../src/retrieval/content/parse-content-file.js";
import { SAMPLE_CONTENT_DIR } from "../support/tutor-fixture.js";
import { loadTinyCourse, problemsOf, TINY_LESSON, type TinyCourse } from "./tiny-course.js";

let course: TinyCourse | undefined;
afterEach(async () => {
  await course?.close();
  course = undefined;
});

describe.each([
  {
    id: "python-basics",
    language: "en",
    teacherNotes: ["teacher/solutions-1-6.md", "teacher/solutions-7-11.md", "teacher/teaching-notes.md"],
  },
  { id: "python-intro-zh", language: "zh-CN", teacherNotes: ["teacher/solutions.md", "teacher/teaching-notes.md"] },
])("the sample course $id", ({ id, language, teacherNotes }) => {
  it("loads with zero problems and zero warnings", async () => {
    const load = await loadCourse(path.join(SAMPLE_CONTENT_DIR, id), SAMPLE_CONTENT_DIR);
    expect(load.problems).toEqual([]);
    expect(load.warnings).toEqual([]);
    expect(load.course?.manifest).toMatchObject({ id, language });
    expect(load.course?.lessons.length).toBeGreaterThan(0);
    expect(load.course?.items.length).toBeGreaterThan(0);
    // Its teacher/ folder is teacher-only, whatever its front matter says.
    expect(load.course?.lessons.every((lesson) => lesson.file.startsWith("lessons/") && !lesson.teacherOnly)).toBe(true);
    expect(load.course?.teacherNotes.map((note) => note.file).sort()).toEqual(teacherNotes);
  });

  it("every lesson's body starts exactly at bodyStartLine of its file", async () => {
    const load = await loadCourse(path.join(SAMPLE_CONTENT_DIR, id), SAMPLE_CONTENT_DIR);
    for (const lesson of load.course!.lessons) {
      const lines = (await readFile(path.join(SAMPLE_CONTENT_DIR, id, lesson.file), "utf8")).split("\n");
      expect(lines[lesson.bodyStartLine - 2], lesson.file).toBe("---");
      expect(lines.slice(lesson.bodyStartLine - 1).join("\n"), lesson.file).toBe(lesson.body);
    }
  });
});

describe("bodyStartLine", () => {
  it("is the line after the closing `---`", () => {
    const parsed = parseLesson("l.md", "lessons/l.md", "---\ntitle: T\nskills: [alpha]\n---\n# First body line\n");
    expect(parsed).toMatchObject({ ok: true, value: { bodyStartLine: 5, body: "# First body line\n" } });
  });

  it("counts CRLF line endings the same way", () => {
    const parsed = parseLesson("l.md", "lessons/l.md", "---\r\ntitle: T\r\nskills: [alpha]\r\n---\r\n\r\n# Heading\r\n");
    expect(parsed).toMatchObject({ ok: true, value: { bodyStartLine: 5 } });
    if (parsed.ok) expect(parsed.value.body.split(/\r?\n/)[1]).toBe("# Heading");
  });

  it("counts a front matter with blank and comment lines", () => {
    const parsed = parseLesson("l.md", "lessons/l.md", "---\n# about\ntitle: T\n\nskills: [alpha]\n---\nBody\n");
    expect(parsed).toMatchObject({ ok: true, value: { bodyStartLine: 7, body: "Body\n" } });
  });
});

describe("teacher-only material is kept out of course.lessons", () => {
  it("by location: anything under teacher/", async () => {
    course = await loadTinyCourse({ "teacher/solutions.md": "---\ntitle: Solutions\nskills: [alpha]\n---\nThe answer is A.\n" });
    expect(course.load.problems).toEqual([]);
    expect(course.load.course?.lessons.map((lesson) => lesson.file)).toEqual(["lessons/01-alpha.md"]);
    expect(course.load.course?.teacherNotes.map((note) => note.file)).toEqual(["teacher/solutions.md"]);
    expect(course.load.course?.teacherNotes[0]?.teacherOnly).toBe(true);
  });

  it("by front matter: `audience: teacher` under lessons/", async () => {
    course = await loadTinyCourse({
      "lessons/02-key.md": "---\ntitle: Answer key\nskills: [beta]\naudience: teacher\n---\nThe answer is 2.\n",
    });
    expect(course.load.problems).toEqual([]);
    expect(course.load.course?.lessons.map((lesson) => lesson.file)).toEqual(["lessons/01-alpha.md"]);
    expect(course.load.course?.teacherNotes.map((note) => note.file)).toEqual(["lessons/02-key.md"]);
  });

  // Product bug: LessonFrontMatterSchema (schema.ts:35) is a plain z.object, so a misspelt key is
  // dropped silently; `audiense: teacher` then publishes an answer key to students without a word.
  it("a misspelt `audience` in front matter is reported, not silently ignored", async () => {
    course = await loadTinyCourse({
      "lessons/02-key.md": "---\ntitle: Answer key\nskills: [beta]\naudiense: teacher\n---\nThe answer is 2.\n",
    });
    expect(problemsOf(course.load, "lessons/02-key.md")).toEqual([
      expect.objectContaining({ line: 4, message: expect.stringContaining("audiense") }),
    ]);
  });

  it("a good tiny course loads with neither problems nor warnings", async () => {
    course = await loadTinyCourse();
    expect(course.load.problems).toEqual([]);
    expect(course.load.warnings).toEqual([]);
    expect(course.load.course?.lessons[0]).toMatchObject({
      file: "lessons/01-alpha.md",
      bodyStartLine: TINY_LESSON.split("\n").indexOf("---", 1) + 2,
    });
  });

  it("a skill nobody teaches or practises is a warning, not a problem", async () => {
    course = await loadTinyCourse({ "lessons/01-alpha.md": TINY_LESSON.replace("skills: [alpha, beta]", "skills: [alpha]") });
    expect(course.load.problems).toEqual([]);
    expect(course.load.warnings).toEqual([
      expect.objectContaining({ file: "tiny/course.yaml", field: "beta", message: expect.stringContaining("no lesson teaches") }),
    ]);
  });
});
