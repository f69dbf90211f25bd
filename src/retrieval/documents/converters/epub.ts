import { EPubLoader } from "@langchain/community/document_loaders/fs/epub";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DocumentError, type ConvertedDocument } from "../converted-document.js";
import { readZip } from "../read-zip.js";

/** One section per chapter through LangChain's EPubLoader (epub2 underneath), cited by the chapter's title. */
export async function convertEpub(bytes: Uint8Array, maxChapters: number): Promise<ConvertedDocument> {
  readZip(bytes);
  // epub2 opens a path, not bytes: a private copy, so an upload is checked before it is saved.
  const dir = await mkdtemp(path.join(os.tmpdir(), "tutor-epub-"));
  try {
    const file = path.join(dir, "book.epub");
    await writeFile(file, bytes);
    let chapters: Awaited<ReturnType<EPubLoader["load"]>>;
    try {
      chapters = await new EPubLoader(file, { splitChapters: true }).load();
    } catch (error) {
      throw new DocumentError(
        `the EPUB could not be read (${String((error as Error).message ?? error).split("\n")[0]})`,
        "export the book again as EPUB from its source program",
      );
    }
    const emptyParts: string[] = [];
    const sections = chapters.slice(0, maxChapters).flatMap((chapter, index) => {
      const heading = String(chapter.metadata.chapter ?? "").trim() || `Part ${index + 1}`;
      const text = chapter.pageContent.trim();
      if (!text) {
        emptyParts.push(heading);
        return [];
      }
      return [{ headingPath: [heading], number: index + 1, text, teacherOnly: false }];
    });
    return {
      sections,
      emptyParts,
      totalParts: chapters.length,
      truncated: chapters.length > maxChapters ? { readParts: maxChapters } : undefined,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
