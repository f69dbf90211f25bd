import { XMLParser } from "fast-xml-parser";
import path from "node:path/posix";
import { DocumentError, type ConvertedDocument, type DocumentSection } from "../converted-document.js";
import { readZip } from "../read-zip.js";

type XmlNode = Record<string, unknown>;

const xml = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
});
/** Placeholders that hold the slide's furniture, not its teaching. */
const FURNITURE = new Set(["sldNum", "dt", "ftr", "hdr", "sldImg"]);
const TITLES = new Set(["title", "ctrTitle"]);

/**
 * Slides read straight from the PPTX's XML, not through LangChain's PPTXLoader: the loader returns one text for
 * the whole deck, so no citation could name a slide, and it mixes the speaker notes (teacher-only) into what
 * students may read. Here each slide is a section citing `slide N`, and its notes a teacher-only one.
 */
export function convertPptx(bytes: Uint8Array, maxSlides: number): ConvertedDocument {
  const parts = readZip(bytes, (name) => name.startsWith("ppt/") && (name.endsWith(".xml") || name.endsWith(".rels")));
  const read = (name: string): XmlNode[] | undefined => {
    const data = parts.get(name);
    if (!data) return undefined;
    const text = new TextDecoder().decode(data);
    // OOXML never declares a DOCTYPE; one here can only be an entity-expansion attack.
    if (/<!DOCTYPE/i.test(text))
      throw new DocumentError(
        `${name} inside the file declares a DOCTYPE, which slides never do`,
        "save the presentation again from PowerPoint or LibreOffice",
      );
    return xml.parse(text) as XmlNode[];
  };
  const presentation = read("ppt/presentation.xml");
  if (!presentation)
    throw new DocumentError(
      "the file has no ppt/presentation.xml, so it is not a PowerPoint presentation",
      "save it from PowerPoint, Keynote or LibreOffice as .pptx",
    );
  const targets = relationships(read("ppt/_rels/presentation.xml.rels"), "ppt");
  const slideFiles = findAll(presentation, "p:sldId").flatMap((node) => {
    const target = targets.get(attributes(node)["r:id"] ?? "");
    return target ? [target] : [];
  });
  const sections: DocumentSection[] = [];
  const emptyParts: string[] = [];
  slideFiles.slice(0, maxSlides).forEach((slideFile, index) => {
    const number = index + 1;
    const locator = `slide ${number}`;
    const slide = read(slideFile);
    const paragraphs = slide ? collectParagraphs(slide) : [];
    const title = paragraphs
      .filter((p) => TITLES.has(p.placeholder ?? ""))
      .map((p) => p.text)
      .join(" ")
      .trim();
    const body = paragraphs
      .filter((p) => !TITLES.has(p.placeholder ?? "") && !FURNITURE.has(p.placeholder ?? ""))
      .map((p) => p.text)
      .join("\n")
      .trim();
    const headingPath = title ? [title] : [];
    if (body || title) sections.push({ headingPath, locator, number, text: body || title, teacherOnly: false });
    else emptyParts.push(locator);
    const notesFile = [...relationships(read(relsPathOf(slideFile)), path.dirname(slideFile), "/notesSlide").values()][0];
    const notes = notesFile ? read(notesFile) : undefined;
    const noteText = notes
      ? collectParagraphs(notes)
          .filter((p) => !FURNITURE.has(p.placeholder ?? ""))
          .map((p) => p.text)
          .join("\n")
          .trim()
      : "";
    if (noteText) sections.push({ headingPath, locator, number, text: noteText, teacherOnly: true });
  });
  return {
    sections,
    emptyParts,
    totalParts: slideFiles.length,
    truncated: slideFiles.length > maxSlides ? { readParts: maxSlides } : undefined,
  };
}

function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((key) => key !== ":@");
}

function childrenOf(node: XmlNode, tag: string): XmlNode[] {
  const children = node[tag];
  return Array.isArray(children) ? (children as XmlNode[]) : [];
}

function attributes(node: XmlNode): Record<string, string> {
  return (node[":@"] as Record<string, string> | undefined) ?? {};
}

function findAll(nodes: XmlNode[], wanted: string, found: XmlNode[] = []): XmlNode[] {
  for (const node of nodes) {
    const tag = tagOf(node);
    if (!tag || tag === "#text") continue;
    if (tag === wanted) found.push(node);
    findAll(childrenOf(node, tag), wanted, found);
  }
  return found;
}

/** Relationship id → part path inside the zip, for relationships whose type ends with `typeSuffix`. */
function relationships(rels: XmlNode[] | undefined, baseDir: string, typeSuffix = ""): Map<string, string> {
  const targets = new Map<string, string>();
  for (const node of findAll(rels ?? [], "Relationship")) {
    const { Id: id, Target: target, Type: type, TargetMode: mode } = attributes(node);
    if (!id || !target || mode === "External" || !(type ?? "").endsWith(typeSuffix)) continue;
    targets.set(id, target.startsWith("/") ? target.slice(1) : path.normalize(path.join(baseDir, target)));
  }
  return targets;
}

function relsPathOf(part: string): string {
  return path.join(path.dirname(part), "_rels", `${path.basename(part)}.rels`);
}

interface Paragraph {
  text: string;
  /** The placeholder type of the shape it is in (`title`, `body`, …), if that shape is a placeholder. */
  placeholder?: string;
}

/** Every `a:p` paragraph in document order, with the placeholder type of its shape. */
function collectParagraphs(nodes: XmlNode[], placeholder?: string, out: Paragraph[] = []): Paragraph[] {
  for (const node of nodes) {
    const tag = tagOf(node);
    if (!tag || tag === "#text") continue;
    const children = childrenOf(node, tag);
    if (tag === "p:sp") {
      const ph = findAll(
        children.filter((child) => tagOf(child) === "p:nvSpPr"),
        "p:ph",
      )[0];
      collectParagraphs(children, ph ? (attributes(ph).type ?? "body") : undefined, out);
    } else if (tag === "a:p") {
      const text = textOf(children).trim();
      if (text) out.push({ text, placeholder });
    } else {
      collectParagraphs(children, placeholder, out);
    }
  }
  return out;
}

function textOf(nodes: XmlNode[]): string {
  let text = "";
  for (const node of nodes) {
    const tag = tagOf(node);
    if (!tag) continue;
    if (tag === "#text") text += String(node[tag]);
    else if (tag === "a:br" || tag === "a:tab") text += tag === "a:br" ? "\n" : "\t";
    else text += textOf(childrenOf(node, tag));
  }
  return text;
}
