import { TextLoader } from "@langchain/classic/document_loaders/fs/text";
import { HtmlToTextTransformer } from "@langchain/community/document_transformers/html_to_text";
import { Document } from "@langchain/core/documents";
import mammoth from "mammoth";
import { DocumentError, type ConvertedDocument } from "../converted-document.js";
import { HTML_TO_TEXT_OPTIONS, sectionsFromHeadingText } from "../markdown-sections.js";
import { readZip } from "../read-zip.js";

const toText = new HtmlToTextTransformer(HTML_TO_TEXT_OPTIONS);

/** Text and HTML files through LangChain's TextLoader; refuses what is not UTF-8 text. */
async function loadText(bytes: Uint8Array): Promise<Document> {
  if (bytes.includes(0)) throw new DocumentError("the file is binary, not text", "save it as plain text or HTML");
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new DocumentError("the file is not UTF-8 text", "save it with UTF-8 encoding (most editors offer it under “Save as…”)");
  }
  const [document] = await new TextLoader(new Blob([bytes])).load();
  return document ?? new Document({ pageContent: "" });
}

export async function convertText(bytes: Uint8Array): Promise<ConvertedDocument> {
  const text = (await loadText(bytes)).pageContent.replace(/^\uFEFF/, "").trim();
  return { sections: text ? [{ headingPath: [], text, teacherOnly: false }] : [], emptyParts: [] };
}

/** HTML to text with LangChain's HtmlToTextTransformer, told to keep headings so sections cite them. */
export async function convertHtml(bytes: Uint8Array): Promise<ConvertedDocument> {
  const html = (await loadText(bytes)).pageContent;
  return fromHtml(html, /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.trim());
}

/**
 * Word through mammoth's HTML, not LangChain's DocxLoader: the loader returns mammoth's raw text, which
 * flattens the headings that citations and sections are made of.
 */
export async function convertDocx(bytes: Uint8Array): Promise<ConvertedDocument> {
  readZip(bytes);
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
  } catch (error) {
    throw new DocumentError(
      `the Word document could not be read (${(error as Error).message.split("\n")[0]})`,
      "open it in Word or LibreOffice and save it again as .docx",
    );
  }
  return fromHtml(html, undefined);
}

async function fromHtml(html: string, title: string | undefined): Promise<ConvertedDocument> {
  const [document] = await toText.invoke([new Document({ pageContent: html })]);
  const sections = sectionsFromHeadingText(document?.pageContent ?? "");
  return { title: title || undefined, sections, emptyParts: [] };
}
