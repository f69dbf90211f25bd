import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadCourse, type CourseLoad } from "../../src/retrieval/content/load-course.js";
import type { ContentProblem } from "../../src/retrieval/content/content-problem.js";

/** A two-skill course a test can spoil one file of: `beta` builds on `alpha`. */
export const TINY_MANIFEST = `id: tiny
title: Tiny course
skills:
  - id: alpha
    name: Alpha
    description: The first skill.
  - id: beta
    name: Beta
    description: Builds on alpha.
    prerequisites: [alpha]
`;

export const TINY_LESSON = `---
title: Alpha and beta
skills: [alpha, beta]
level: beginner
---

# Alpha and beta

Alpha comes first.

## Beta

Beta builds on alpha.
`;

export const TINY_QUIZ = `items:
  - id: alpha-one
    skill: alpha
    type: multiple_choice
    prompt: Which comes first?
    choices: [alpha, beta]
    answer: A
    explanation: Alpha is first.
    hints: [Think of the alphabet.]
  - id: beta-one
    skill: beta
    type: numeric
    prompt: How many skills are there?
    answer: 2
    explanation: Alpha and beta.
    hints: [Count them.]
`;

export const TINY_FILES: Record<string, string | Uint8Array> = {
  "course.yaml": TINY_MANIFEST,
  "lessons/01-alpha.md": TINY_LESSON,
  "quizzes/01.yaml": TINY_QUIZ,
};

export interface TinyCourse {
  root: string;
  load: CourseLoad;
  close(): Promise<void>;
}

/** Writes `files` (paths inside the course folder; undefined skips one) as the course `<contentDir>/tiny`. */
export async function writeTinyCourse(contentDir: string, files: Record<string, string | Uint8Array | undefined>): Promise<void> {
  for (const [relative, content] of Object.entries(files)) {
    if (content === undefined) continue;
    const file = path.join(contentDir, "tiny", relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

/** Writes the tiny course with `changes` applied (undefined removes a file) and loads it. */
export async function loadTinyCourse(changes: Record<string, string | Uint8Array | undefined> = {}): Promise<TinyCourse> {
  const root = await mkdtemp(path.join(os.tmpdir(), "tutor-content-"));
  await writeTinyCourse(root, { ...TINY_FILES, ...changes });
  const load = await loadCourse(path.join(root, "tiny"), root);
  return { root, load, close: () => rm(root, { recursive: true, force: true }) };
}

/** The 1-based line of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string, from = 1): number {
  const lines = text.split("\n");
  const index = lines.findIndex((line, i) => i + 1 >= from && line.includes(needle));
  if (index < 0) throw new Error(`"${needle}" is not in the text`);
  return index + 1;
}

export function problemsOf(load: CourseLoad, file: string): ContentProblem[] {
  return load.problems.filter((problem) => problem.file === `tiny/${file}`);
}
