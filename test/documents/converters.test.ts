import fc from "fast-check";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { DocumentError } from "../../src/retrieval/documents/converted-document.js";
import { convertDocument } from "../../src/retrieval/documents/convert-document.js";
import { convertPptx } from "../../src/retrieval/documents/converters/pptx.js";
import { sectionsFromHeadingText } from "../../src/retrieval/documents/markdown-sections.js";
import { parseInWorker } from "../../src/retrieval/documents/parse-in-worker.js";
import { withoutTsxLoader } from "../../src/shared/worker-flags.js";
import { readZip } from "../../src/retrieval/documents/read-zip.js";
import type { DocumentFormat } from "../../src/retrieval/documents/document-formats.js";
import { makeDocx, makeEpub, makePdf, makePptx, type SlideSpec } from "../support/document-files.js";

const word = fc.stringMatching(/^[A-Za-z][a-z]{1,8}$/);
const line = fc.array(word, { minLength: 1, maxLength: 8 }).map((words) => words.join(" "));

describe("zip archives are read within limits (DOCX, PPTX and EPUB are zips)", () => {
  it("stops a zip bomb by the bytes it actually inflates, and an archive of too many entries", () => {
    const bomb = zipSync({ "word/document.xml": new Uint8Array(5_000_000) }, { level: 9 });
    expect(bomb.length).toBeLessThan(20_000);
    expect(() => readZip(bomb, () => true, { maxEntries: 10, maxUnzippedBytes: 1_000_000 })).toThrow(/over 1 MB once decompressed/);
    expect(
      readZip(bomb, (name) => name === "word/document.xml", { maxEntries: 10, maxUnzippedBytes: 6_000_000 }).get("word/document.xml"),
    ).toHaveLength(5_000_000);
    const many = zipSync(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`entry${i}.xml`, strToU8("x")])));
    expect(() => readZip(many, () => false, { maxEntries: 20, maxUnzippedBytes: 1_000_000 })).toThrow(/more than 20 entries/);
  });

  it("reads stored and deflated entries exactly, and names a damaged deflate stream", () => {
    const text = "<p:sld>slide text</p:sld>".repeat(200);
    const archive = zipSync({ "ppt/slides/slide1.xml": strToU8(text), "ppt/stored.xml": [strToU8("as is"), { level: 0 }] });
    const kept = readZip(archive, (name) => name.startsWith("ppt/"));
    expect(new TextDecoder().decode(kept.get("ppt/slides/slide1.xml"))).toBe(text);
    expect(new TextDecoder().decode(kept.get("ppt/stored.xml"))).toBe("as is");
    // The entry's data starts after its 30-byte local header and its name; 0xff there is no valid deflate block.
    const damaged = archive.slice();
    damaged.fill(0xff, 30 + "ppt/slides/slide1.xml".length, 40 + "ppt/slides/slide1.xml".length);
    expect(() => readZip(damaged, () => true)).toThrow(/the archive inside the file is damaged/);
  });

  it("refuses a DOCX of more entries than any document has, before mammoth opens it", async () => {
    const files = Object.fromEntries(Array.from({ length: 5_001 }, (_, i) => [`word/media/image${i}.xml`, strToU8("")]));
    await expect(convertDocument("docx", zipSync(files))).rejects.toThrow(/more than 5000 entries/);
  });
});

describe("the parsing thread", () => {
  it("inherits the process's flags except tsx's loader, which it registers itself after PDF.js", () => {
    expect(
      withoutTsxLoader([
        "--require",
        "/app/node_modules/tsx/dist/preflight.cjs",
        "--import",
        "file:///app/node_modules/tsx/dist/loader.mjs",
        "--import=tsx",
        "--import",
        "./deny-network.mjs",
        "--max-semi-space-size=4",
        "-r",
        "./apm.cjs",
      ]),
    ).toEqual(["--import", "./deny-network.mjs", "--max-semi-space-size=4", "-r", "./apm.cjs"]);
  });

  it("stops a parse that runs past its time, and reads the next file in a fresh thread", async () => {
    const pdf = await makePdf([["Loops repeat code."]]);
    await expect(parseInWorker("pdf", pdf, { timeoutMs: 1 })).rejects.toThrow(/took longer than 0.001 s, so it was stopped/);
    const document = await parseInWorker("pdf", pdf);
    expect(document.sections.map((section) => section.text)).toEqual(["Loops repeat code."]);
  }, 60_000);

  it("reads only the first pages of a very long file, and says so", async () => {
    const pdf = await makePdf(Array.from({ length: 6 }, (_, i) => [`Page number ${i + 1} of the long handout.`]));
    const document = await parseInWorker("pdf", pdf, { maxParts: 4 });
    expect(document.sections.map((section) => section.locator)).toEqual(["p. 1", "p. 2", "p. 3", "p. 4"]);
    expect(document).toMatchObject({ totalParts: 6, truncated: { readParts: 4 } });
  }, 60_000);
});

describe("converters, for any content", () => {
  it("PPTX: each slide with text is one section citing its number; notes are teacher-only and never in slide text", () => {
    const slide = fc.record({
      title: fc.option(line, { nil: undefined }),
      body: fc.array(line, { maxLength: 4 }),
      notes: fc.option(
        line.map((text) => `NOTE ${text}`),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(fc.array(slide, { minLength: 1, maxLength: 8 }), (slides: SlideSpec[]) => {
        const document = convertPptx(makePptx(slides), 1000);
        const forStudents = document.sections.filter((section) => !section.teacherOnly);
        const expected = slides.flatMap((spec, i) =>
          spec.title || spec.body.length > 0
            ? [{ locator: `slide ${i + 1}`, text: spec.body.length > 0 ? spec.body.join("\n") : spec.title }]
            : [],
        );
        expect(forStudents.map((section) => ({ locator: section.locator, text: section.text }))).toEqual(expected);
        expect(forStudents.every((section) => !section.text.includes("NOTE"))).toBe(true);
        const notes = document.sections.filter((section) => section.teacherOnly);
        expect(notes.map((section) => [section.locator, section.text])).toEqual(
          slides.flatMap((spec, i) => (spec.notes ? [[`slide ${i + 1}`, spec.notes]] : [])),
        );
        expect(document.emptyParts).toEqual(slides.flatMap((spec, i) => (!spec.title && spec.body.length === 0 ? [`slide ${i + 1}`] : [])));
      }),
      { numRuns: 60 },
    );
  });

  it("heading text: every section carries the headings in force, and no text is lost", () => {
    const block = fc.oneof(fc.record({ level: fc.integer({ min: 1, max: 4 }), title: line }), line);
    fc.assert(
      fc.property(fc.array(block, { maxLength: 12 }), (blocks) => {
        const text = blocks.map((b) => (typeof b === "string" ? b : `${"#".repeat(b.level)} ${b.title}`)).join("\n\n");
        const sections = sectionsFromHeadingText(text);
        expect(sections.flatMap((section) => section.text.split("\n\n"))).toEqual(blocks.filter((b): b is string => typeof b === "string"));
        const headings: Array<{ level: number; title: string }> = [];
        const expectedPaths: string[][] = [];
        let pendingText = false;
        for (const b of blocks) {
          if (typeof b === "string") {
            if (!pendingText) expectedPaths.push(headings.map((h) => h.title));
            pendingText = true;
            continue;
          }
          while (headings.length > 0 && headings.at(-1)!.level >= b.level) headings.pop();
          headings.push(b);
          pendingText = false;
        }
        expect(sections.map((section) => section.headingPath)).toEqual(expectedPaths);
      }),
      { numRuns: 100 },
    );
  });

  it("a damaged file of any format gives a DocumentError for the teacher, never a crash", async () => {
    const originals: Array<[DocumentFormat, Uint8Array]> = [
      ["pdf", await makePdf([["Loops repeat code."], ["While loops check a condition."]])],
      ["docx", makeDocx([{ heading: 1, text: "Loops" }, { text: "Loops repeat code." }])],
      ["pptx", makePptx([{ title: "Loops", body: ["Loops repeat code."], notes: "Secret" }])],
      ["epub", makeEpub("Reader", [{ title: "Loops", paragraphs: ["Loops repeat code."] }])],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...originals),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 20 }),
        fc.option(fc.nat(), { nil: undefined }),
        async ([format, original], flips, cut) => {
          const damaged = original.slice(0, cut === undefined ? undefined : cut % original.length);
          for (const [at, value] of flips) if (damaged.length > 0) damaged[at % damaged.length] = value;
          try {
            const document = await parseInWorker(format, damaged, { timeoutMs: 20_000 });
            expect(Array.isArray(document.sections)).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(DocumentError);
            expect((error as DocumentError).fix.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 180_000);
});
