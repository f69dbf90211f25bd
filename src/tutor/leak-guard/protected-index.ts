import { studentText } from "../../retrieval/content/lesson-structure.js";
import type { Course } from "../../retrieval/content/schema.js";
import type { Leak } from "./leak.js";
import { shingles } from "./shingles.js";

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
  /** Each protected shingle → the sources that own it, so a reply's shingles are looked up, not every source scanned. */
  private readonly owners = new Map<string, number[]>();
  /** Shared shingles each source needs to count as quoted. */
  private readonly needed: number[];

  constructor(sources: readonly ProtectedSource[], publicTexts: readonly string[]) {
    const sourceShingles = sources.map(({ text }) => shingles(text));
    const protectedAny = new Set(sourceShingles.flatMap((set) => [...set]));
    // Only the visible shingles that some source has matter: a course's lessons have far more.
    const visible = new Set<string>();
    for (const text of publicTexts) for (const shingle of shingles(text)) if (protectedAny.has(shingle)) visible.add(shingle);
    this.sources = sources.map(({ label }, index) => ({
      label,
      own: new Set([...sourceShingles[index]!].filter((shingle) => !visible.has(shingle))),
    }));
    this.sources.forEach(({ own }, index) => {
      for (const shingle of own) this.owners.set(shingle, [...(this.owners.get(shingle) ?? []), index]);
    });
    this.needed = this.sources.map(({ own }) => Math.max(2, Math.min(MIN_SHARED, Math.ceil(own.size * MIN_SHARE))));
  }

  /** The first protected source the reply quotes or lightly paraphrases. */
  findOverlap(reply: string): Leak | undefined {
    const counter = this.counter();
    for (const shingle of shingles(reply)) counter.settle(shingle);
    return counter.find(new Set());
  }

  /** A count of shared shingles for one reply, fed its shingles once each as it grows. */
  counter(): OverlapCounter {
    return new OverlapCounter(this.sources, this.owners, this.needed);
  }
}

/** Shared shingles per protected source, for one reply. */
export class OverlapCounter {
  private readonly shared = new Map<number, number>();
  private readonly seen = new Set<string>();
  /** The lowest-numbered source quoted so far, as the whole-reply check would name it. */
  private quoted = Infinity;

  constructor(
    private readonly sources: readonly IndexedSource[],
    private readonly owners: ReadonlyMap<string, readonly number[]>,
    private readonly needed: readonly number[],
  ) {}

  /** A shingle of the reply, for good (each counted once). */
  settle(shingle: string): void {
    if (this.seen.has(shingle)) return;
    this.seen.add(shingle);
    for (const source of this.owners.get(shingle) ?? []) {
      const count = (this.shared.get(source) ?? 0) + 1;
      this.shared.set(source, count);
      if (count >= this.needed[source]!) this.quoted = Math.min(this.quoted, source);
    }
  }

  /** The first source quoted by the settled shingles together with `tail` (shingles that may still change). */
  find(tail: ReadonlySet<string>): Leak | undefined {
    let first = this.quoted;
    const extra = new Map<number, number>();
    for (const shingle of tail) {
      if (this.seen.has(shingle)) continue;
      for (const source of this.owners.get(shingle) ?? []) {
        const count = (this.shared.get(source) ?? 0) + (extra.get(source) ?? 0) + 1;
        extra.set(source, (extra.get(source) ?? 0) + 1);
        if (count >= this.needed[source]!) first = Math.min(first, source);
      }
    }
    return first === Infinity ? undefined : { kind: "protected-text", detail: this.sources[first]!.label };
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
    for (const vaulted of lesson.structure.vaulted)
      sources.push({ label: `${lesson.file}:${lesson.bodyStartLine + vaulted.start} ${vaulted.role}`, text: vaulted.text });
  }
  const publicTexts: string[] = course.lessons.map((lesson) => studentText(lesson.structure));
  publicTexts.push(
    course.manifest.title,
    course.manifest.description,
    ...course.manifest.skills.flatMap((skill) => [skill.name, skill.description]),
  );
  for (const { item } of course.items) {
    sources.push({ label: `${item.id} explanation`, text: item.explanation });
    (item.misconceptions ?? []).forEach(({ note }, index) => {
      sources.push({ label: `${item.id} misconception ${index + 1}`, text: note });
    });
    if (item.type === "short_answer")
      sources.push({ label: `${item.id} rubric`, text: item.rubric }, { label: `${item.id} model answer`, text: item.answer });
    publicTexts.push(item.prompt, ...item.hints, ...(item.type === "multiple_choice" ? item.choices : []));
  }
  return new ProtectedIndex(sources, publicTexts);
}
