/**
 * Small real teachers' files for the tests and the ingest bench, made here rather than committed: a PDF by
 * pdf-lib, and the zip formats (DOCX, PPTX, EPUB) as the minimal parts their specifications require, zipped
 * by fflate. Text stays ASCII so the PDF's standard fonts can draw it.
 */
import { strToU8, zipSync, type Zippable } from "fflate";
import { PDFDocument, StandardFonts } from "pdf-lib";

const XML_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`;

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** One PDF page per entry, each a list of lines; an empty list is a page with no text layer. */
export async function makePdf(pages: string[][], title?: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  if (title) pdf.setTitle(title);
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    lines.forEach((line, i) => page.drawText(line, { x: 50, y: 790 - i * 16, size: 11, font }));
    if (lines.length === 0) page.drawRectangle({ x: 100, y: 100, width: 200, height: 300 });
  }
  return pdf.save();
}

export interface DocxBlock {
  /** 1–3 for a heading, absent for a paragraph. */
  heading?: number;
  text: string;
}

export function makeDocx(blocks: DocxBlock[]): Uint8Array {
  const W = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`;
  const paragraphs = blocks
    .map(
      (block) =>
        `<w:p>${block.heading ? `<w:pPr><w:pStyle w:val="Heading${block.heading}"/></w:pPr>` : ""}<w:r><w:t xml:space="preserve">${escapeXml(block.text)}</w:t></w:r></w:p>`,
    )
    .join("");
  const styles = [1, 2, 3]
    .map((level) => `<w:style w:type="paragraph" w:styleId="Heading${level}"><w:name w:val="heading ${level}"/></w:style>`)
    .join("");
  return zipSync({
    "[Content_Types].xml": strToU8(
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>`,
    ),
    "_rels/.rels": strToU8(
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    ),
    "word/_rels/document.xml.rels": strToU8(
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    ),
    "word/styles.xml": strToU8(`${XML_HEAD}<w:styles ${W}>${styles}</w:styles>`),
    "word/document.xml": strToU8(`${XML_HEAD}<w:document ${W}><w:body>${paragraphs}</w:body></w:document>`),
  });
}

export interface SlideSpec {
  title?: string;
  body: string[];
  notes?: string;
}

const P = `xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"`;
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

function shape(id: number, placeholder: string | undefined, paragraphs: string[]): string {
  const ph = placeholder ? `<p:ph type="${placeholder}"/>` : "";
  const body = paragraphs.map((text) => `<a:p><a:r><a:rPr lang="en-US"/><a:t>${escapeXml(text)}</a:t></a:r></a:p>`).join("");
  return `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="Shape ${id}"/><p:cNvSpPr/><p:nvPr>${ph}</p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/>${body}</p:txBody></p:sp>`;
}

export function makePptx(slides: SlideSpec[]): Uint8Array {
  const files: Zippable = {};
  const overrides: string[] = [
    `<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>`,
  ];
  const presentationRels: string[] = [];
  const slideIds: string[] = [];
  slides.forEach((slide, index) => {
    const n = index + 1;
    const shapes = [
      slide.title ? shape(2, "title", [slide.title]) : "",
      slide.body.length > 0 ? shape(3, "body", slide.body) : "",
      shape(4, "sldNum", [String(n)]),
    ].join("");
    files[`ppt/slides/slide${n}.xml`] = strToU8(
      `${XML_HEAD}<p:sld ${P}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${shapes}</p:spTree></p:cSld></p:sld>`,
    );
    overrides.push(
      `<Override PartName="/ppt/slides/slide${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>`,
    );
    presentationRels.push(`<Relationship Id="rId${n + 1}" Type="${REL}/slide" Target="slides/slide${n}.xml"/>`);
    slideIds.push(`<p:sldId id="${255 + n}" r:id="rId${n + 1}"/>`);
    if (slide.notes) {
      files[`ppt/notesSlides/notesSlide${n}.xml`] = strToU8(
        `${XML_HEAD}<p:notes ${P}><p:cSld><p:spTree>${shape(2, "sldImg", [])}${shape(3, "body", [slide.notes])}${shape(4, "sldNum", [String(n)])}</p:spTree></p:cSld></p:notes>`,
      );
      overrides.push(
        `<Override PartName="/ppt/notesSlides/notesSlide${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml"/>`,
      );
      files[`ppt/slides/_rels/slide${n}.xml.rels`] = strToU8(
        `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="${REL}/notesSlide" Target="../notesSlides/notesSlide${n}.xml"/></Relationships>`,
      );
    }
  });
  files["[Content_Types].xml"] = strToU8(
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides.join("")}</Types>`,
  );
  files["_rels/.rels"] = strToU8(
    `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="ppt/presentation.xml"/></Relationships>`,
  );
  files["ppt/_rels/presentation.xml.rels"] = strToU8(
    `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${presentationRels.join("")}</Relationships>`,
  );
  files["ppt/presentation.xml"] = strToU8(
    `${XML_HEAD}<p:presentation ${P}><p:sldIdLst>${slideIds.join("")}</p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>`,
  );
  return zipSync(files);
}

export interface ChapterSpec {
  title: string;
  paragraphs: string[];
}

export function makeEpub(title: string, chapters: ChapterSpec[]): Uint8Array {
  const files: Zippable = {
    // The EPUB container requires `mimetype` first and stored uncompressed.
    mimetype: [strToU8("application/epub+zip"), { level: 0 }],
    "META-INF/container.xml": strToU8(
      `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`,
    ),
  };
  const manifest: string[] = [`<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>`];
  const spine: string[] = [];
  const navPoints: string[] = [];
  chapters.forEach((chapter, index) => {
    const n = index + 1;
    files[`OEBPS/chapter${n}.xhtml`] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>${escapeXml(chapter.title)}</title></head><body><h1>${escapeXml(chapter.title)}</h1>${chapter.paragraphs.map((p) => `<p>${escapeXml(p)}</p>`).join("")}</body></html>`,
    );
    manifest.push(`<item id="chapter${n}" href="chapter${n}.xhtml" media-type="application/xhtml+xml"/>`);
    spine.push(`<itemref idref="chapter${n}"/>`);
    navPoints.push(
      `<navPoint id="nav${n}" playOrder="${n}"><navLabel><text>${escapeXml(chapter.title)}</text></navLabel><content src="chapter${n}.xhtml"/></navPoint>`,
    );
  });
  files["OEBPS/content.opf"] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${escapeXml(title)}</dc:title><dc:identifier id="id">urn:tutor:test</dc:identifier><dc:language>en</dc:language></metadata><manifest>${manifest.join("")}</manifest><spine toc="ncx">${spine.join("")}</spine></package>`,
  );
  files["OEBPS/toc.ncx"] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><head/><docTitle><text>${escapeXml(title)}</text></docTitle><navMap>${navPoints.join("")}</navMap></ncx>`,
  );
  return zipSync(files);
}
