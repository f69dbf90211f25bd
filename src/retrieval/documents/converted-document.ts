/**
 * What a converter makes of a teacher's file (PDF, slides, Word, EPUB, HTML, text): its text cut where the
 * teacher's own file is cut — pages, slides, chapters, headings — so a citation can send a student there.
 */
export interface DocumentSection {
  /** Headings in force, outermost first (a chapter, a Word heading, a slide's title). */
  headingPath: string[];
  /** A place in the file that headings do not give: "p. 3", "slide 7". */
  locator?: string;
  /** The page or slide number behind `locator`, which sidecar ranges refer to. */
  number?: number;
  text: string;
  /** Speaker notes and the like: never shown to students. */
  teacherOnly: boolean;
}

export interface ConvertedDocument {
  /** The title the file gives itself (PDF info, EPUB metadata, first heading), if any. */
  title?: string;
  sections: DocumentSection[];
  /** Pages or slides that gave no text, e.g. "p. 4", "slide 9". */
  emptyParts: string[];
  /** Pages or slides in the file, when it has them. */
  totalParts?: number;
  /** The file was longer than the converter reads; only the first `readParts` parts were kept. */
  truncated?: { readParts: number };
}

/** Why a file could not be read, in words for a teacher, with what to do about it. */
export class DocumentError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = "DocumentError";
  }
}

/** Bounds that keep a hostile or broken file from exhausting the tutor (the parse runs in a worker thread). */
export const DOCUMENT_LIMITS = {
  /** A document in the course folder; chat uploads keep their own, smaller limit. */
  maxFileBytes: 50_000_000,
  /** Zip archives (DOCX, PPTX, EPUB): entries and decompressed bytes, counted while inflating. */
  maxZipEntries: 5_000,
  maxUnzippedBytes: 200_000_000,
  /** Pages or slides read; the rest of a longer file is left out and the teacher told. */
  maxParts: 3_000,
  /** Wall time of one parse, and the parsing thread's heap. */
  timeoutMs: 60_000,
  maxHeapMb: 256,
};
