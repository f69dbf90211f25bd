import { studentText } from "../../retrieval/content/lesson-structure.js";
import type { Course } from "../../retrieval/content/schema.js";
import type { Leak } from "./leak.js";
import { countShared, shingles, type ShingleLookup } from "./shingles.js";

/** One piece of teacher-only text: a notes file, or an item's explanation, misconception note, rubric or model answer. */
export interface ProtectedSource {
  label: string;
  text: string;
}

interface IndexedSource {
  label: string;
  /** Shingles of the source that appear nowhere a student may look: only these count as a leak. */
  own: Set<string>;
}

/** Shared shingles that make a leak however long the source is. */
const MIN_SHARED = 3;
/** For a short source, the share of its own shingles that makes a leak. */
const MIN_SHARE = 0.5;

/**
 * The teacher-only text of a course, as word shingles minus those students may see anyway (in the
 * lessons, the quiz prompts, choices and hints): restating a lesson is teaching, not a leak.
 */
export class ProtectedIndex {
  private readonly sources: IndexedSource[];

  constructor(sources: readonly ProtectedSource[], publicTexts: readonly string[]) {
    const sourceShingles = sources.map(({ text }) => shingles(text));
    const protectedAny = new Set(sourceShingles.flatMap((set) => [...set]));
    // Only the visible shingles that some source has matter: a course's lessons have far more.
    const visible = new Set<string>();
    for (const text of publicTexts) for (const shingle of shingles(text)) if (protectedAny.has(shingle)) visible.add(shingle);
    this.sources = sources.map(({ label }, index) => ({ label, own: new Set([...sourceShingles[index]!].filter((shingle) => !visible.has(shingle))) }));
  }

  /** The first protected source the reply quotes or lightly paraphrases. */
  findOverlap(reply: string): Leak | undefined {
    return this.findOverlapIn(shingles(reply));
  }

  /** The same, given the reply's shingles (a streamed reply keeps them as it grows). */
  findOverlapIn(said: ShingleLookup): Leak | undefined {
    for (const source of this.sources) {
      if (source.own.size === 0) continue;
      const shared = countShared(source.own, said);
      const needed = Math.max(2, Math.min(MIN_SHARED, Math.ceil(source.own.size * MIN_SHARE)));
      if (shared >= needed) return { kind: "protected-text", detail: source.label };
    }
    return undefined;
  }
}

/** Splits a notes file into sections at its headings, so that one quoted section stands out. */
function sections(label: string, text: string): ProtectedSource[] {
  return text
    .split(/\n(?=#{1,6}\s)/)
    .map((part, index) => ({ label: `${label} §${index + 1}`, text: part }))
    .filter((part) => part.text.trim() !== "");
}

/** What a course protects, and what it shows students. */
export function buildProtectedIndex(course: Course): ProtectedIndex {
  const sources: ProtectedSource[] = course.teacherNotes.flatMap((note) => sections(note.file, note.body));
  // Solutions and instructor notes inside published lessons are as protected as teacher/ files.
  for (const lesson of course.lessons) {
    for (const vaulted of lesson.structure.vaulted) sources.push({ label: `${lesson.file}:${lesson.bodyStartLine + vaulted.start} ${vaulted.role}`, text: vaulted.text });
  }
  const publicTexts: string[] = course.lessons.map((lesson) => studentText(lesson.structure));
  publicTexts.push(course.manifest.title, course.manifest.description, ...course.manifest.skills.flatMap((skill) => [skill.name, skill.description]));
  for (const { item } of course.items) {
    sources.push({ label: `${item.id} explanation`, text: item.explanation });
    (item.misconceptions ?? []).forEach(({ note }, index) => sources.push({ label: `${item.id} misconception ${index + 1}`, text: note }));
    if (item.type === "short_answer") sources.push({ label: `${item.id} rubric`, text: item.rubric }, { label: `${item.id} model answer`, text: item.answer });
    publicTexts.push(item.prompt, ...item.hints, ...(item.type === "multiple_choice" ? item.choices : []));
  }
  return new ProtectedIndex(sources, publicTexts);
}
