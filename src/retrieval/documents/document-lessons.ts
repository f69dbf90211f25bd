import path from "node:path/posix";
import { hashContent } from "../content/parse-content-file.js";
import type { LessonDoc, LessonSegment, Skill } from "../content/schema.js";
import { Bm25Index } from "../bm25.js";
import type { Tokenizer } from "../text-terms.js";
import type { ConvertedDocument, DocumentSection } from "./converted-document.js";
import type { DocumentSidecar } from "./sidecar.js";

/** Bumped when a change here alters the lessons made from the same file, so indexes re-embed them. */
const CONVERSION_VERSION = 1;

/**
 * A converted document as the course sees it: a student lesson (its sections) and, when it has speaker notes
 * or sections the sidecar marks `teacher: true`, a teacher-only lesson beside it. Both keep the file's path.
 */
export function documentToLessons(
  relativePath: string,
  document: ConvertedDocument,
  sidecar: DocumentSidecar | undefined,
  sourceHash: string,
): LessonDoc[] {
  const title = sidecar?.title ?? document.title ?? titleFromFileName(relativePath);
  const wholeFileForTeachers = sidecar?.teacher === true || relativePath.startsWith("teacher/");
  const rangeOf = (section: DocumentSection) =>
    section.number === undefined
      ? undefined
      : sidecar?.ranges.find((range) => section.number! >= range.from && section.number! <= (range.to ?? range.from));
  const forTeachers = (section: DocumentSection) => wholeFileForTeachers || section.teacherOnly || rangeOf(section)?.teacher === true;
  const make = (sections: DocumentSection[], teacherOnly: boolean): LessonDoc | undefined => {
    if (sections.length === 0) return undefined;
    const lines: string[] = [];
    const segments: LessonSegment[] = sections.map((section) => {
      if (lines.length > 0) lines.push("");
      const startLine = lines.length;
      lines.push(...section.text.split(/\r?\n/));
      const skills = rangeOf(section)?.skills ?? sidecar?.skills;
      return {
        startLine,
        headingPath: section.headingPath,
        ...(section.locator ? { locator: section.locator } : {}),
        skills: skills ? [...skills] : [],
        ...(skills ? {} : { autoSkills: true }),
      };
    });
    return {
      file: relativePath,
      frontMatter: { title, skills: unionOfSkills(segments), level: "beginner", audience: teacherOnly ? "teacher" : "students" },
      body: lines.join("\n"),
      bodyStartLine: 1,
      otherKeys: [],
      // Converted text is not Markdown: no exercise or solution blocks are read into it, every line is plain text.
      structure: { blocks: [], studentLines: [...lines], vaultedRanges: [], exercises: [], vaulted: [], unclassified: [] },
      teacherOnly,
      hash: hashContent(`${CONVERSION_VERSION}\u0000${sourceHash}\u0000${teacherOnly}`),
      segments,
    };
  };
  const student = make(
    document.sections.filter((section) => !forTeachers(section)),
    false,
  );
  const teacher = make(document.sections.filter(forTeachers), true);
  return [student, teacher].filter((lesson): lesson is LessonDoc => lesson !== undefined);
}

/**
 * Fills in the skills of the segments no sidecar tagged, with the course skills each matches best (BM25 of the
 * segment's headings and text against each skill's id, name and description, in the course's language): the best, and a second one that
 * scores nearly as well. The hash takes the tags in, so a retag re-embeds the passages.
 */
export function tagDocumentSkills(lesson: LessonDoc, skills: readonly Skill[], tokenizer: Tokenizer): LessonDoc {
  const segments = lesson.segments;
  if (!segments?.some((segment) => segment.autoSkills)) return lesson;
  const index = new Bm25Index(
    skills.map((skill) => ({
      terms: tokenizer.terms(skill.description),
      boostedTerms: tokenizer.terms(`${skill.id.replace(/-/g, " ")} ${skill.name}`),
    })),
  );
  const lines = lesson.body.split("\n");
  const tagged: LessonSegment[] = segments.map((segment, i) => {
    if (!segment.autoSkills) return segment;
    const text = [...segment.headingPath, ...lines.slice(segment.startLine, segments[i + 1]?.startLine ?? lines.length)].join("\n");
    const hits = index.search(tokenizer.terms(text), 2);
    const best = hits[0]?.score ?? 0;
    const chosen = hits.filter((hit) => hit.score > 0 && hit.score >= best * 0.8).map((hit) => skills[hit.doc]!.id);
    return { ...segment, skills: chosen };
  });
  return {
    ...lesson,
    segments: tagged,
    frontMatter: { ...lesson.frontMatter, skills: unionOfSkills(tagged) },
    hash: hashContent(`${lesson.hash}\u0000${JSON.stringify(tagged.map((segment) => segment.skills))}`),
  };
}

function unionOfSkills(segments: readonly LessonSegment[]): string[] {
  return [...new Set(segments.flatMap((segment) => segment.skills))];
}

/** `lessons/week-2_loops.pdf` → "week 2 loops". */
function titleFromFileName(relativePath: string): string {
  return (
    path
      .basename(relativePath)
      .replace(/\.[^.]+$/, "")
      .replace(/[-_]+/g, " ")
      .trim() || path.basename(relativePath)
  );
}
