import { DocumentError, DOCUMENT_LIMITS, type ConvertedDocument } from "./converted-document.js";
import type { DocumentFormat } from "./document-formats.js";

/**
 * Converts a teacher's file into sections; throws DocumentError with a fix when it cannot. Runs in the worker,
 * which imports only the converter its file needs (PDF.js, mammoth and LangChain each take a while to load).
 */
export async function convertDocument(
  format: DocumentFormat,
  bytes: Uint8Array,
  maxParts = DOCUMENT_LIMITS.maxParts,
): Promise<ConvertedDocument> {
  if (bytes.length === 0) throw new DocumentError("the file is empty", "save the document again with its content");
  switch (format) {
    case "pdf":
      return (await import("./converters/pdf.js")).convertPdf(bytes, maxParts);
    case "pptx":
      return (await import("./converters/pptx.js")).convertPptx(bytes, maxParts);
    case "docx":
      return (await import("./converters/office-html.js")).convertDocx(bytes);
    case "epub":
      return (await import("./converters/epub.js")).convertEpub(bytes, maxParts);
    case "html":
      return (await import("./converters/office-html.js")).convertHtml(bytes);
    case "text":
      return (await import("./converters/office-html.js")).convertText(bytes);
  }
}
