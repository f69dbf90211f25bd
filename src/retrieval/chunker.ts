import type { LessonDoc, LessonSegment } from "./content/schema.js";
import { scanMarkdownBlocks, splitLines, type MarkdownBlock } from "./markdown-blocks.js";
import type { Passage } from "./passage.js";

export interface ChunkOptions {
  /** Longest passage wanted, in characters. Only a single line longer than this is kept longer. */
  maxChars?: number;
}

/** Bumped whenever a change here alters passages, so persisted indexes rebuild. */
export const CHUNKER_VERSION = 3;
/** Passages average about 1,000 characters under this limit (fastbook dev: 982), a size set by the course. */
export const DEFAULT_MAX_CHARS = 1450;

/**
 * A run of whole lines that should stay together (0-based, inclusive, indexes into the body's lines): a
 * paragraph, i.e. blocks with no blank line between them, or a part of one too long for a passage.
 */
interface Unit {
  start: number;
  end: number;
}

interface Section {
  headingPath: string[];
  units: Unit[];
  /** Teacher-only blocks cut a lesson into stretches; no passage spans two. */
  stretch: number;
}

/**
 * Cuts a lesson into passages that stay inside one section, keep code fences and tables whole (unless one
 * alone exceeds the limit, then it is cut between lines), and record exact source lines for citations.
 * Only what a student may read is cut: structure markers (`::: challenge`, `!!! note`) and teacher-only
 * blocks (solutions, instructor notes) are left out, and no passage's lines span a teacher-only block.
 */
export function chunkLesson(courseId: string, lesson: LessonDoc, options: ChunkOptions = {}): Passage[] {
  if (lesson.segments) return chunkSegments(courseId, lesson, lesson.segments, options);
  return chunkMarkdown(courseId, lesson, options);
}

/**
 * A converted document is chunked one page, slide or section at a time, so no passage straddles a boundary its
 * citation could not name; each passage carries its segment's headings, locator and skills.
 */
function chunkSegments(courseId: string, lesson: LessonDoc, segments: readonly LessonSegment[], options: ChunkOptions): Passage[] {
  const lines = splitLines(lesson.body);
  return segments.flatMap((segment, i) => {
    const end = segments[i + 1]?.startLine ?? lines.length;
    const part: LessonDoc = {
      ...lesson,
      body: lines.slice(segment.startLine, end).join("\n"),
      bodyStartLine: lesson.bodyStartLine + segment.startLine,
      frontMatter: { ...lesson.frontMatter, skills: segment.skills },
      structure: {
        ...lesson.structure,
        studentLines: lesson.structure.studentLines.slice(segment.startLine, end),
        blocks: [],
        vaultedRanges: [],
      },
    };
    return chunkMarkdown(courseId, part, options).map((passage) => ({
      ...passage,
      headingPath: [...segment.headingPath],
      ...(segment.locator ? { locator: segment.locator } : {}),
    }));
  });
}

function chunkMarkdown(courseId: string, lesson: LessonDoc, options: ChunkOptions): Passage[] {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const { studentLines, vaultedRanges, blocks: structure } = lesson.structure;
  // Hidden lines read as blank, so line numbers stay those of the source file.
  const lines = studentLines.map((line) => line ?? "");
  const measure = createRangeMeasure(lines);
  // How many teacher-only blocks end before each line: counted where each ends, then summed along the lines.
  const stretchAt = new Array<number>(lines.length + 1).fill(0);
  for (const range of vaultedRanges) stretchAt[range.end + 1]! += 1;
  for (let line = 1; line < stretchAt.length; line++) stretchAt[line]! += stretchAt[line - 1]!;
  const stretchOf = (line: number) => stretchAt[line] ?? 0;
  const passages: Passage[] = [];
  for (const section of groupSections(scanMarkdownBlocks(lines, structure), measure, maxChars, stretchOf)) {
    for (const range of packUnits(section.units, measure, maxChars)) {
      const startLine = lesson.bodyStartLine + range.start;
      const endLine = lesson.bodyStartLine + range.end;
      passages.push({
        id: `${lesson.file}#${startLine}-${endLine}`,
        courseId,
        file: lesson.file,
        lessonTitle: lesson.frontMatter.title,
        headingPath: section.headingPath,
        skills: [...lesson.frontMatter.skills],
        text: lines
          .slice(range.start, range.end + 1)
          .join("\n")
          .replace(/\n[ \t]*\n(?:[ \t]*\n)+/g, "\n\n"),
        startLine,
        endLine,
      });
    }
  }
  return passages;
}

type RangeMeasure = (start: number, end: number) => number;

/** Characters of lines start..end joined by newlines, in O(1). */
function createRangeMeasure(lines: readonly string[]): RangeMeasure {
  const offsets = new Array<number>(lines.length + 1);
  offsets[0] = 0;
  for (let i = 0; i < lines.length; i++) offsets[i + 1] = offsets[i]! + lines[i]!.length + 1;
  return (start, end) => offsets[end + 1]! - offsets[start]! - 1;
}

/**
 * A section starts at each heading; headings with no text of their own join the section that follows. Its
 * units are paragraphs.
 */
function groupSections(
  blocks: readonly MarkdownBlock[],
  measure: RangeMeasure,
  maxChars: number,
  stretchOf: (line: number) => number,
): Section[] {
  const sections: Section[] = [];
  let current: Section | undefined;
  let pendingHeadingOnly = false;
  for (const block of blocks) {
    const stretch = stretchOf(block.start);
    if (current && current.stretch !== stretch) {
      current = { headingPath: block.headingPath, units: [], stretch };
      sections.push(current);
      pendingHeadingOnly = false;
    }
    if (block.kind === "heading") {
      if (current && pendingHeadingOnly) {
        // Keep the empty parent heading in the text, but cite the deeper path.
        current.headingPath = block.headingPath;
        current.units[current.units.length - 1]!.end = block.end;
      } else {
        current = { headingPath: block.headingPath, units: [{ start: block.start, end: block.end }], stretch };
        sections.push(current);
      }
      pendingHeadingOnly = true;
      continue;
    }
    if (!current) {
      current = { headingPath: block.headingPath, units: [], stretch };
      sections.push(current);
    }
    const units = splitOversizedBlock(block, measure, maxChars);
    const previous = current.units[current.units.length - 1];
    const continuesParagraph = !pendingHeadingOnly && !block.afterBlank && previous !== undefined && units.length === 1;
    if (continuesParagraph && measure(previous.start, block.end) <= maxChars) {
      // No blank line before it: the block goes on the paragraph (a wrapped line, list item, code under its
      // introduction), and a cut here would tear one thought in two.
      previous.end = block.end;
      continue;
    }
    if (pendingHeadingOnly) {
      // A heading never ends a passage: it travels with the first block under it.
      const heading = current.units.pop()!;
      const first = units.shift()!;
      current.units.push({ start: heading.start, end: first.end }, ...units);
    } else {
      current.units.push(...units);
    }
    pendingHeadingOnly = false;
  }
  return sections;
}

function splitOversizedBlock(block: MarkdownBlock, measure: RangeMeasure, maxChars: number): Unit[] {
  if (measure(block.start, block.end) <= maxChars) return [{ start: block.start, end: block.end }];
  const units: Unit[] = [];
  let start = block.start;
  for (let line = block.start + 1; line <= block.end; line++) {
    if (measure(start, line) > maxChars) {
      units.push({ start, end: line - 1 });
      start = line;
    }
  }
  units.push({ start, end: block.end });
  return units;
}

/**
 * Packs units into ranges of at most maxChars, aiming at equal sizes so a section never ends with a scrap.
 * Blank lines between units are kept inside a range but never at its edges.
 */
function packUnits(units: readonly Unit[], measure: RangeMeasure, maxChars: number): Unit[] {
  if (units.length === 0) return [];
  const first = units[0]!;
  const last = units[units.length - 1]!;
  const total = measure(first.start, last.end);
  const target = total / Math.ceil(total / maxChars);
  const ranges: Unit[] = [];
  let current: Unit = { ...first };
  for (const unit of units.slice(1)) {
    const withUnit = measure(current.start, unit.end);
    const without = measure(current.start, current.end);
    const overTarget = without + (withUnit - without) / 2 > target;
    if (withUnit > maxChars || overTarget) {
      ranges.push(current);
      current = { ...unit };
    } else {
      current.end = unit.end;
    }
  }
  ranges.push(current);
  return ranges;
}
