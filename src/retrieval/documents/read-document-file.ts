import type { ContentProblem } from "../content/content-problem.js";
import type { CourseFile } from "../content/load-course.js";
import { decodeContentFile, hashContent, parseYaml } from "../content/parse-content-file.js";
import { DocumentError, DOCUMENT_LIMITS, type ConvertedDocument } from "./converted-document.js";
import { documentFormatOf } from "./document-formats.js";
import { documentToLessons } from "./document-lessons.js";
import { parseInWorker, type ParseLimits } from "./parse-in-worker.js";
import { DocumentSidecarSchema, type DocumentSidecar } from "./sidecar.js";

/** Empty pages named one by one up to this many; past it, one line sums up the rest. */
const EMPTY_PARTS_LISTED = 10;

/**
 * A teacher's document (PDF, slides, Word, EPUB, HTML, text) as a course file: converted in a worker thread,
 * with its optional sidecar `<file>.yaml`. What a teacher must fix comes back as problems naming the file
 * (`handout.pdf:p. 4`), and the file then contributes nothing while its last good version keeps serving.
 */
export async function readDocumentFile(
  shownAs: string,
  relativePath: string,
  bytes: Uint8Array,
  sidecarBytes: Uint8Array | undefined,
  limits: Partial<ParseLimits> = {},
): Promise<CourseFile> {
  const invalid = (problems: ContentProblem[]): CourseFile => ({ kind: "invalid", file: relativePath, problems });
  const problem = (message: string, fix: string, place?: string): ContentProblem => ({
    file: shownAs,
    line: 0,
    field: "",
    message,
    fix,
    ...(place ? { place } : {}),
  });
  const format = documentFormatOf(relativePath);
  if (!format) return invalid([problem("this is not a document type the tutor reads", "use PDF, DOCX, PPTX, EPUB, HTML or TXT")]);
  if (bytes.length > DOCUMENT_LIMITS.maxFileBytes) {
    return invalid([
      problem(
        `the file is ${Math.round(bytes.length / 1_000_000)} MB, over the ${DOCUMENT_LIMITS.maxFileBytes / 1_000_000} MB limit`,
        "split it into smaller documents",
      ),
    ]);
  }
  let sidecar: DocumentSidecar | undefined;
  if (sidecarBytes) {
    const sidecarFile = `${shownAs}.yaml`;
    const decoded = decodeContentFile(sidecarFile, sidecarBytes);
    if (!decoded.ok) return invalid(decoded.problems);
    const parsed = parseYaml(sidecarFile, decoded.value, DocumentSidecarSchema);
    if (!parsed.ok) return invalid(parsed.problems);
    sidecar = parsed.value;
  }
  let document: ConvertedDocument;
  try {
    document = await parseInWorker(format, bytes, limits);
  } catch (error) {
    if (!(error instanceof DocumentError)) throw error;
    return invalid([problem(error.message, error.fix)]);
  }
  if (document.sections.length === 0) {
    const scanned = format === "pdf" && (document.totalParts ?? 0) > 0;
    return invalid([
      scanned
        ? problem(
            `none of its ${document.totalParts} page(s) has a text layer (a scanned PDF?)`,
            "add a text version: export the PDF from its source program, or run OCR on it, or add the text as a .md lesson",
          )
        : problem("the document has no text", "check that it is the right file and that it opens with its content"),
    ]);
  }
  const warnings: ContentProblem[] = document.emptyParts
    .slice(0, EMPTY_PARTS_LISTED)
    .map((part) =>
      problem(
        "no text here (an image, a scan or a blank page?)",
        "if it teaches something, add that as text (OCR, or a note in a .md lesson)",
        part,
      ),
    );
  if (document.emptyParts.length > EMPTY_PARTS_LISTED) {
    warnings.push(
      problem(
        `${document.emptyParts.length - EMPTY_PARTS_LISTED} more pages or slides give no text (${document.emptyParts.slice(EMPTY_PARTS_LISTED).slice(0, 5).join(", ")}…)`,
        "if they teach something, add that as text",
      ),
    );
  }
  if (document.truncated) {
    warnings.push(
      problem(
        `only the first ${document.truncated.readParts} of ${document.totalParts} pages or slides were read`,
        "split the document into smaller files",
      ),
    );
  }
  const sourceHash = hashContent(`${hashContent(bytes)}\u0000${sidecarBytes ? hashContent(sidecarBytes) : ""}`);
  return { kind: "document", file: relativePath, lessons: documentToLessons(relativePath, document, sidecar, sourceHash), warnings };
}
