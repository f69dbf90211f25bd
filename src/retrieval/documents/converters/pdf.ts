import { PDFLoader } from "@langchain/community/document_loaders/fs/pdf";
import { PDFParse } from "pdf-parse";
import { DocumentError, type ConvertedDocument } from "../converted-document.js";

/**
 * One section per page through LangChain's PDFLoader (pdf-parse 2 underneath), which cites by page number.
 * The loader reads every page; a parser that stops after `maxPages` keeps a 50,000-page file bounded.
 */
export async function convertPdf(bytes: Uint8Array, maxPages: number): Promise<ConvertedDocument> {
  class FirstPagesParse extends PDFParse {
    override getText(params: Parameters<PDFParse["getText"]>[0] = {}) {
      return super.getText({ ...params, first: maxPages });
    }
  }
  const loader = new PDFLoader(new Blob([bytes]), {
    splitPages: true,
    pdfjs: async () => ({ isV2: true, PDFParse: FirstPagesParse }) as never,
  });
  let pages: Awaited<ReturnType<PDFLoader["load"]>>;
  try {
    pages = await loader.load();
  } catch (error) {
    const name = (error as Error).name ?? "";
    if (/password/i.test(name) || /password|encrypt/i.test((error as Error).message)) {
      throw new DocumentError("the PDF is encrypted (password-protected)", "save or export a copy without a password");
    }
    throw new DocumentError(
      `the PDF could not be read (${(error as Error).message.split("\n")[0]})`,
      "export the PDF again from its source program, or add a text version",
    );
  }
  const total = Number(pages[0]?.metadata.pdf?.totalPages ?? (await countPages(bytes)));
  const read = Math.min(total, maxPages);
  const withText = new Set<number>();
  const sections = pages.flatMap((page) => {
    const number = Number(page.metadata.loc?.pageNumber);
    const text = page.pageContent.trim();
    if (!text) return [];
    withText.add(number);
    return [{ headingPath: [], locator: `p. ${number}`, number, text, teacherOnly: false }];
  });
  const emptyParts: string[] = [];
  for (let page = 1; page <= read; page++) if (!withText.has(page)) emptyParts.push(`p. ${page}`);
  const title = String(pages[0]?.metadata.pdf?.info?.Title ?? "").trim() || undefined;
  return { title, sections, emptyParts, totalParts: total, truncated: total > maxPages ? { readParts: maxPages } : undefined };
}

/** Pages of a PDF whose pages gave no text at all (the loader then returns nothing to read the count from). */
async function countPages(bytes: Uint8Array): Promise<number> {
  const parser = new PDFParse({ data: bytes.slice() });
  try {
    return (await parser.getInfo()).total;
  } finally {
    await parser.destroy();
  }
}
