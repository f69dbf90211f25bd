import type { LessonDoc, Skill } from "./schema.js";

/** Longest skill description taken from a lesson's opening text. */
const MAX_DESCRIPTION_CHARS = 300;

/**
 * A course.yaml with only `id` and `title` (a published lesson dropped in as it is): each student lesson
 * becomes a skill — named by its title, described by its objectives or first paragraph — and, in file
 * order, builds on the lesson before it. Lessons that name skills keep them (the check then reports them).
 */
export function deriveLessonSkills(lessons: readonly LessonDoc[]): { skills: Skill[]; lessons: LessonDoc[] } {
  const skills: Skill[] = [];
  const used = new Set<string>();
  const derived = lessons.map((lesson) => {
    if (lesson.teacherOnly || lesson.frontMatter.skills.length > 0) return lesson;
    const id = uniqueSlug(lesson.file.replace(/^[^/]+\//, "").replace(/\.[^.]+$/, ""), used, "lesson");
    const previous = skills.at(-1);
    skills.push({ id, name: lesson.frontMatter.title, description: describeLesson(lesson), prerequisites: previous ? [previous.id] : [] });
    return { ...lesson, frontMatter: { ...lesson.frontMatter, skills: [id] } };
  });
  return { skills, lessons: derived };
}

function describeLesson(lesson: LessonDoc): string {
  const objectives = lesson.structure.objectives?.replace(/^\*\*[^*\n]+\*\*\n+/, "").trim();
  const firstParagraph = lesson.structure.studentLines
    .map((line) => line ?? "")
    .join("\n")
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .find((paragraph) => paragraph !== "" && !/^(#|```|~~~|!\[|<)/.test(paragraph));
  const text = (objectives || firstParagraph || lesson.frontMatter.title).replace(/\s+/g, " ");
  return text.length > MAX_DESCRIPTION_CHARS ? `${text.slice(0, MAX_DESCRIPTION_CHARS - 1).trimEnd()}…` : text;
}

/** A lower-case, dash-separated id from `text` (e.g. a file name or a title), unique among `used`. */
export function uniqueSlug(text: string, used: Set<string>, fallback: string, maxLength = 48): string {
  const base =
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, maxLength)
      .replace(/-+$/, "") || fallback;
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}
