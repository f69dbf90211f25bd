import { z } from "zod";
import { canonicalLanguageTag } from "../languages.js";
import type { LessonStructure } from "./lesson-structure.js";

/**
 * The course format teachers write (documented in content/README.md).
 * A course is a folder: `course.yaml`, `lessons/*.md`, `quizzes/*.yaml`, and `teacher/` for material
 * only teachers may see. Everything under `quizzes/` and `teacher/` is teacher-only: it is never
 * indexed for retrieval and never quoted to a student.
 */

export const SkillIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "use lower-case letters, digits and dashes, e.g. `for-loops`");

export const SkillSchema = z.strictObject({
  id: SkillIdSchema,
  name: z.string().min(1),
  description: z.string().min(1),
  prerequisites: z.array(SkillIdSchema).default([]),
});
export type Skill = z.infer<typeof SkillSchema>;

/**
 * How the tutor teaches: `socratic` asks for the student's idea first and goes one step at a time;
 * `direct` explains first.
 */
export const TeachingStyleSchema = z.enum(["socratic", "direct"]);
export type TeachingStyle = z.infer<typeof TeachingStyleSchema>;
export const DEFAULT_TEACHING_STYLE: TeachingStyle = "socratic";

export const CourseManifestSchema = z.strictObject({
  id: SkillIdSchema,
  title: z.string().min(1),
  description: z.string().default(""),
  /** BCP 47: chooses how the course's text is searched (and, elsewhere, the language the tutor writes in). */
  language: z
    .string()
    .default("en")
    .refine((tag) => canonicalLanguageTag(tag) !== undefined, {
      message: "is not a language tag",
      params: { fix: "write a BCP 47 language tag, e.g. `en`, `zh-CN`, `es` or `pt-BR`" },
    })
    .transform((tag) => canonicalLanguageTag(tag)!),
  /** Absent means socratic; a teacher may override it per class. */
  teachingStyle: TeachingStyleSchema.optional(),
  /** Without skills, each lesson is a skill, built on the lesson before it (see deriveLessonSkills). */
  skills: z.array(SkillSchema).default([]),
});
export type CourseManifest = z.infer<typeof CourseManifestSchema>;

export const LevelSchema = z.enum(["beginner", "intermediate", "advanced"]);
export type Level = z.infer<typeof LevelSchema>;

/**
 * A lesson's front matter. All of it is optional, and keys the tutor does not know (a published lesson's
 * `teaching:` minutes, `exercises:`, `authors:`) are kept, not refused: `content stats` lists them.
 */
export const LessonFrontMatterSchema = z.looseObject({
  /** Defaults to the lesson's first `#` heading, else its file name. */
  title: z.string().min(1).optional(),
  /** Empty: the lesson teaches no listed skill (or, when course.yaml lists none, the skill it becomes). */
  skills: z.array(SkillIdSchema).default([]),
  level: LevelSchema.default("beginner"),
  /** `teacher` keeps a Markdown file out of students' reach wherever it lives. */
  audience: z.enum(["students", "teacher"]).default("students"),
});
export const KNOWN_FRONT_MATTER_KEYS = Object.keys(LessonFrontMatterSchema.shape);

export interface LessonFrontMatter {
  title: string;
  skills: string[];
  level: Level;
  audience: "students" | "teacher";
}

/** A wrong answer the teacher has seen often, and what it usually means. Teacher-only, like the explanation. */
export const MisconceptionSchema = z.strictObject({
  answer: z.union([z.string().min(1), z.number()]),
  note: z.string().min(1),
});
export type Misconception = z.infer<typeof MisconceptionSchema>;

const ItemBase = {
  id: SkillIdSchema,
  skill: SkillIdSchema,
  prompt: z.string().min(1),
  explanation: z.string().min(1),
  hints: z.array(z.string().min(1)).min(1),
  difficulty: LevelSchema.default("beginner"),
  misconceptions: z.array(MisconceptionSchema).optional(),
};

export const ChoiceLetterSchema = z
  .string()
  .regex(/^[A-Fa-f]$/, "give the letter of the correct choice, A to F")
  .transform((letter) => letter.toUpperCase());

export const MultipleChoiceItemSchema = z.strictObject({
  ...ItemBase,
  type: z.literal("multiple_choice"),
  choices: z.array(z.string().min(1)).min(2).max(6),
  answer: ChoiceLetterSchema,
});

export const NumericItemSchema = z.strictObject({
  ...ItemBase,
  type: z.literal("numeric"),
  answer: z.number(),
  tolerance: z.number().nonnegative().default(0),
});

export const ShortAnswerItemSchema = z.strictObject({
  ...ItemBase,
  type: z.literal("short_answer"),
  answer: z.string().min(1),
  rubric: z.string().min(1),
});

export const QuizItemSchema = z.discriminatedUnion("type", [MultipleChoiceItemSchema, NumericItemSchema, ShortAnswerItemSchema]);
export type QuizItem = z.infer<typeof QuizItemSchema>;
export type MultipleChoiceItem = z.infer<typeof MultipleChoiceItemSchema>;

/** Choices are lettered A, B, C… in the order the teacher lists them. */
export function choiceLetter(index: number): string {
  return String.fromCharCode(65 + index);
}

export function choiceIndex(letter: string): number {
  return letter.toUpperCase().charCodeAt(0) - 65;
}

/** The text of the correct choice. */
export function correctChoice(item: MultipleChoiceItem): string {
  return item.choices[choiceIndex(item.answer)] ?? "";
}
export type NumericItem = z.infer<typeof NumericItemSchema>;
export type ShortAnswerItem = z.infer<typeof ShortAnswerItemSchema>;

export const QuizFileSchema = z.strictObject({
  items: z.array(QuizItemSchema).min(1),
});
export type QuizFile = z.infer<typeof QuizFileSchema>;

/** A Markdown file of a course after validation: a student lesson or teacher-only notes. */
export interface LessonDoc {
  /** Path relative to the course folder, with forward slashes, e.g. `lessons/03-loops.md`. */
  file: string;
  frontMatter: LessonFrontMatter;
  /** The Markdown body after the front matter. */
  body: string;
  /** 1-based line number in the file of the body's first line. */
  bodyStartLine: number;
  /** 1-based line of the front matter's `skills:` field, where skill problems are reported. */
  skillsLine?: number;
  /** Front-matter keys the tutor does not use, kept as written (listed by `content stats`). */
  otherKeys: string[];
  /** Exercises, solutions, hints and notes found in the body, and what of it a student may read. */
  structure: LessonStructure;
  teacherOnly: boolean;
  /** sha256 of the whole file, to re-embed only what changed. */
  hash: string;
  /** A converted document (PDF, slides…): its pages, slides or sections, which passages never straddle. */
  segments?: LessonSegment[];
}

/** One page, slide or section of a converted document, as lines of its lesson's body. */
export interface LessonSegment {
  /** 0-based line of the body where it starts; it runs to the next segment's start. */
  startLine: number;
  headingPath: string[];
  /** "p. 3", "slide 7": where it is in the teacher's file, when headings do not say. */
  locator?: string;
  skills: string[];
  /** No sidecar names its skills: they are the course skills its text matches best, filled in with the course. */
  autoSkills?: boolean;
}

export interface QuizItemDoc {
  file: string;
  /** 1-based line where the item starts in its quiz file. */
  line: number;
  item: QuizItem;
}

export interface Course {
  dir: string;
  manifest: CourseManifest;
  lessons: LessonDoc[];
  /** Teacher-only Markdown (solutions, notes). Never indexed for students. */
  teacherNotes: LessonDoc[];
  items: QuizItemDoc[];
}
