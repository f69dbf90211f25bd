import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runContentCli } from "../../src/cli/content.js";
import { silentLogger } from "../../src/logger.js";
import { CourseLibrary } from "../../src/retrieval/course-library.js";
import { HashingEmbedder } from "../../src/retrieval/hashing-embedder.js";
import { chunkLesson } from "../../src/retrieval/chunker.js";
import { loadAllCourses, type CourseLoad } from "../../src/retrieval/content/load-course.js";
import type { Course } from "../../src/retrieval/content/schema.js";
import { leakGuardFor } from "../../src/tutor/leak-guard/leak-guard.js";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama.js";
import { askAboutEveryExercise, lostLessonLines, markersInPassages } from "../support/exercise-questions.js";
import { createTutorFixture } from "../support/tutor-fixture.js";

/** A Jupyter Book / MyST lesson and an MkDocs Material lesson, each with a course.yaml of only id and title. */
const OPEN_COURSES_DIR = path.resolve(import.meta.dirname, "open-courses");

let loads: CourseLoad[];
const courseById = (id: string): Course => loads.find((load) => load.course?.manifest.id === id)!.course!;

beforeAll(async () => {
  loads = await loadAllCourses(OPEN_COURSES_DIR);
});

describe("open lessons load as published", () => {
  it("with no errors; each lesson is a skill, built on the lesson before it", () => {
    expect(loads.flatMap((load) => load.problems)).toEqual([]);
    expect(courseById("myst-stats").manifest.skills).toEqual([
      { id: "01-means", name: "Means and medians", description: expect.stringContaining("The mean adds the values"), prerequisites: [] },
      { id: "02-spread", name: "Spread", description: expect.stringContaining("The variance measures"), prerequisites: ["01-means"] },
    ]);
    expect(
      courseById("mkdocs-git").lessons.map((lesson) => [lesson.frontMatter.title, lesson.frontMatter.skills, lesson.otherKeys]),
    ).toEqual([
      ["Making commits", ["01-commits"], ["authors", "tags"]],
      ["Reading history", ["02-history"], []],
    ]);
  });

  it("each exercise with a solution is a short-answer item on its lesson's skill, with the lesson's hints", () => {
    const items = (id: string) => courseById(id).items.map(({ item }) => item);
    expect(items("myst-stats")).toEqual([
      expect.objectContaining({
        id: "01-means-median-of-five",
        skill: "01-means",
        type: "short_answer",
        prompt: "**Median of five**\n\nWhat is the median of the list `[7, 1, 3, 9, 5]`?",
        answer: expect.stringContaining("the median is the middle value: 5"),
        hints: ["Sort the list first."],
      }),
      expect.objectContaining({
        id: "02-spread-zero-spread",
        skill: "02-spread",
        answer: expect.stringContaining("all equal"),
        hints: ["Think of a list whose values never differ from their mean."],
      }),
    ]);
    expect(items("mkdocs-git")).toEqual([
      expect.objectContaining({
        skill: "01-commits",
        prompt: expect.stringContaining("Which commands record only `a.txt`"),
        answer: expect.stringContaining("git add a.txt"),
        hints: ["Only staged files are committed."],
      }),
      expect.objectContaining({
        skill: "02-history",
        prompt: expect.stringContaining("the last three commits"),
        answer: expect.stringContaining("git log --oneline -3"),
      }),
    ]);
  });

  it("passages keep the teaching text, without markers, solutions or instructor notes", () => {
    for (const id of ["myst-stats", "mkdocs-git"]) {
      const course = courseById(id);
      expect(markersInPassages(course), id).toEqual([]);
      expect(lostLessonLines(course), id).toEqual([]);
      const text = course.lessons
        .flatMap((lesson) => chunkLesson(id, lesson))
        .map((passage) => passage.text)
        .join("\n");
      expect(text).not.toMatch(/middle value: 5|all equal|median by nothing|confuse stdev|git add a\.txt|--oneline -3/);
      expect(text).toMatch(
        /What is the median of the list|Which lists have a standard deviation of zero|Only staged files are committed|Git stores snapshots/,
      );
    }
  });

  it("the leak guard protects a solution in a lesson like a teacher/ file, and lets the exercise be quoted", () => {
    const guard = leakGuardFor(courseById("myst-stats"));
    expect(
      guard.check("Here you go: exactly the lists whose values are all equal, such as [4, 4, 4], since no value strays from the mean."),
    ).toMatchObject({ kind: "protected-text" });
    expect(guard.check("Students often confuse stdev and pstdev, so ask which one the textbook uses.")).toMatchObject({
      kind: "protected-text",
    });
    expect(
      guard.check(
        "The exercise asks: which lists have a standard deviation of zero? Think of a list whose values never differ from their mean.",
      ),
    ).toBeUndefined();
  });

  it("content stats reports, per lesson, exercises, vaulted solutions, items made, unclassified blocks and kept front matter", async () => {
    const out: string[] = [];
    const code = await runContentCli(["stats", "--content", OPEN_COURSES_DIR], {
      out: (line) => out.push(line),
      err: (line) => out.push(line),
      env: {},
    });
    expect(code).toBe(0);
    expect(out).toContain(
      "mkdocs-git: lessons/01-commits.md: 1 exercise, 1 solution vaulted, 0 instructor notes vaulted, 1 item made, 0 unclassified blocks; other front matter kept: authors, tags",
    );
    expect(out).toContain(
      "mkdocs-git: lessons/02-history.md: 1 exercise, 1 solution vaulted, 0 instructor notes vaulted, 1 item made, 1 unclassified block (custom-box)",
    );
    expect(out).toContain(
      "myst-stats: lessons/01-means.md: 1 exercise, 2 solutions vaulted, 0 instructor notes vaulted, 1 item made, 0 unclassified blocks; other front matter kept: kernelspec, jupytext",
    );
    expect(out).toContain(
      "myst-stats: lessons/02-spread.md: 1 exercise, 1 solution vaulted, 1 instructor note vaulted, 1 item made, 1 unclassified block (glossary-term)",
    );
  });
});

describe("a published lesson uploaded by a teacher", () => {
  it("becomes the next skill, its exercise a practice item, and its solution stays out of the index", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "open-upload-"));
    try {
      await cp(path.join(OPEN_COURSES_DIR, "mkdocs-course"), path.join(root, "content", "mkdocs-course"), { recursive: true });
      const library = await CourseLibrary.open({
        contentDir: path.join(root, "content"),
        dataDir: path.join(root, "data"),
        embedder: new HashingEmbedder(),
        log: silentLogger,
      });
      const lesson =
        "---\ntitle: Branches\nteaching: 10\n---\n\nA branch is a movable name for a commit.\n\n::: challenge\n## New branch\nWhich command makes a branch called `fix`?\n::: solution\nRun `git branch fix` to create it.\n:::\n:::\n";
      const result = await library.upload("mkdocs-git", "03-branches.md", new TextEncoder().encode(lesson));
      expect(result).toMatchObject({ ok: true, relativePath: "lessons/03-branches.md", skills: ["03-branches"], items: 1 });
      expect(library.course("mkdocs-git")!.manifest.skills.at(-1)).toMatchObject({ id: "03-branches", prerequisites: ["02-history"] });
      const found = await library.search("mkdocs-git", "Which command makes a branch called fix?", 3);
      expect(found[0]?.passage.text).toContain("Which command makes a branch");
      expect(found.map(({ passage }) => passage.text).join("\n")).not.toContain("git branch fix");
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("asked about each exercise, the tutor never shows its solution", () => {
  let ollama: FakeOllama;
  beforeAll(async () => {
    // A model that repeats its whole prompt: whatever reaches the prompt reaches the student.
    ollama = await startFakeOllama({ respond: (request) => request.messages.map((message) => message.content).join("\n\n") });
  });
  afterAll(() => ollama.stop());

  it.each(["myst-stats", "mkdocs-git"])(
    "%s: neither in the reply nor in the model's prompt, and the exercise itself is cited",
    async (id) => {
      const tutor = await createTutorFixture({ contentDir: OPEN_COURSES_DIR, ollamaUrl: ollama.url, env: { TUTOR_DEFAULT_COURSE: id } });
      try {
        const report = await askAboutEveryExercise(tutor, courseById(id), ollama);
        expect(report).toMatchObject({
          exercises: 2,
          withSolution: 2,
          measurable: 2,
          solutionsShown: [],
          solutionsInPrompt: [],
          exerciseCited: 2,
        });
      } finally {
        await tutor.close();
      }
    },
    60_000,
  );
});
