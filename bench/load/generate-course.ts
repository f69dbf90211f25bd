import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { createPrng } from "../../src/tutor/mastery/prng.js";

export const BENCH_COURSE_ID = "load-course";
export const SKILLS = 20;
/** One intro passage plus this many sections per lesson file: each section becomes one passage. */
const SECTIONS_PER_LESSON = 49;

const TOPIC_WORDS = [
  "variable",
  "loop",
  "function",
  "list",
  "string",
  "integer",
  "float",
  "boolean",
  "condition",
  "branch",
  "index",
  "slice",
  "dictionary",
  "key",
  "value",
  "tuple",
  "set",
  "module",
  "import",
  "exception",
  "file",
  "argument",
  "parameter",
  "return",
  "scope",
  "recursion",
  "iterator",
  "generator",
  "class",
  "object",
  "method",
  "attribute",
  "inheritance",
  "comprehension",
  "lambda",
  "sort",
  "search",
  "algorithm",
  "complexity",
  "stack",
];
const GENERAL_WORDS = [
  "the",
  "a",
  "program",
  "runs",
  "each",
  "step",
  "when",
  "value",
  "changes",
  "and",
  "then",
  "prints",
  "result",
  "because",
  "we",
  "use",
  "it",
  "to",
  "store",
  "compare",
  "repeat",
  "until",
  "done",
  "inside",
  "outside",
  "before",
  "after",
  "every",
  "example",
  "shows",
  "how",
  "name",
  "refers",
  "new",
  "old",
  "first",
  "last",
  "number",
  "text",
  "line",
];

function sentence(random: () => number, topic: readonly string[]): string {
  const length = 10 + Math.floor(random() * 10);
  const words = Array.from({ length }, () =>
    random() < 0.4 ? topic[Math.floor(random() * topic.length)]! : GENERAL_WORDS[Math.floor(random() * GENERAL_WORDS.length)]!,
  );
  const text = words.join(" ");
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

function paragraph(random: () => number, topic: readonly string[]): string {
  return Array.from({ length: 3 }, () => sentence(random, topic)).join(" ");
}

/** The words a lesson on `skill` is about, which questions about it use too. */
export function topicOf(skill: number): string[] {
  return Array.from({ length: 6 }, (_, i) => TOPIC_WORDS[(skill * 2 + i * 7) % TOPIC_WORDS.length]!);
}

/**
 * Writes a course of about `passages` passages: lessons with headings and text from a topical vocabulary,
 * and multiple-choice and numeric quiz items (graded without the model) for every skill.
 */
export async function generateCourse(contentDir: string, passages: number): Promise<void> {
  const random = createPrng(42);
  const dir = path.join(contentDir, BENCH_COURSE_ID);
  await mkdir(path.join(dir, "lessons"), { recursive: true });
  await mkdir(path.join(dir, "quizzes"), { recursive: true });
  const skills = Array.from({ length: SKILLS }, (_, s) => ({
    id: `skill-${s}`,
    name: `Skill ${s}: ${topicOf(s).slice(0, 2).join(" and ")}`,
    description: `Working with ${topicOf(s).join(", ")}.`,
    prerequisites: s > 0 ? [`skill-${s - 1}`] : [],
  }));
  await writeFile(path.join(dir, "course.yaml"), JSON.stringify({ id: BENCH_COURSE_ID, title: "Load test course", skills }, null, 2));
  const lessons = Math.ceil(passages / (SECTIONS_PER_LESSON + 1));
  for (let l = 0; l < lessons; l++) {
    const skill = l % SKILLS;
    const topic = topicOf(skill);
    const sections = [`# Lesson ${l} on ${topic[0]}\n\n${paragraph(random, topic)}`];
    for (let s = 0; s < SECTIONS_PER_LESSON; s++) sections.push(`## ${topic[s % topic.length]} part ${s}\n\n${paragraph(random, topic)}`);
    const frontMatter = `---\ntitle: Lesson ${l} on ${topic[0]}\nskills: [skill-${skill}]\nlevel: beginner\n---\n\n`;
    await writeFile(path.join(dir, "lessons", `lesson-${String(l).padStart(4, "0")}.md`), `${frontMatter + sections.join("\n\n")}\n`);
  }
  for (let s = 0; s < SKILLS; s++) {
    const items = Array.from({ length: 6 }, (_, i) =>
      i % 2 === 0
        ? {
            id: `s${s}-mc-${i}`,
            skill: `skill-${s}`,
            type: "multiple_choice",
            prompt: `Which word belongs to skill ${s} (${i})?`,
            choices: [topicOf(s)[0], "banana", "violin"],
            answer: "A",
            explanation: "It is in the lesson.",
            hints: ["Read the lesson title."],
          }
        : {
            id: `s${s}-num-${i}`,
            skill: `skill-${s}`,
            type: "numeric",
            prompt: `What is ${s} + ${i}?`,
            answer: s + i,
            explanation: "Add them.",
            hints: ["Count on."],
          },
    );
    await writeFile(path.join(dir, "quizzes", `skill-${s}.yaml`), JSON.stringify({ items }, null, 2));
  }
}
