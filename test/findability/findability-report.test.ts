import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger.js";
import { CourseLibrary } from "../../src/retrieval/course-library.js";
import { formatFindabilityReport } from "../../src/retrieval/findability.js";
import { HashingEmbedder } from "../../src/retrieval/hashing-embedder.js";
import { SAMPLE_CONTENT_DIR } from "../support/tutor-fixture.js";

/** A lesson whose second section is headed "Lists" but teaches rounding numbers. */
const MISLEADING_LESSON = `---
title: Extra notes
skills: [arithmetic]
level: beginner
---

# Extra notes

## Rounding a float with round()

The built-in function \`round()\` rounds a float to the nearest whole number, or to a number of decimal
places given as its second argument: \`round(3.14159, 2)\` gives \`3.14\`.

## Lists

Banker's rounding surprises people: Python rounds halves to the nearest even digit, so
\`round(2.5)\` gives 2 and \`round(3.5)\` gives 4. The halfway case goes to the even neighbour.
`;

let root: string;
let library: CourseLibrary;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "findability-"));
  await cp(SAMPLE_CONTENT_DIR, path.join(root, "content"), { recursive: true });
  await writeFile(path.join(root, "content/python-basics/lessons/12-extra.md"), MISLEADING_LESSON);
  library = await CourseLibrary.open({
    contentDir: path.join(root, "content"),
    dataDir: path.join(root, "data"),
    embedder: new HashingEmbedder(),
    log: silentLogger,
  });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("findability report", () => {
  it("reports a section whose heading misleads, with the question that missed it, and not its well-headed neighbour", async () => {
    const report = (await library.findability("python-basics", "lessons/12-extra.md"))!;
    const bySection = new Map(report.sections.map((section) => [section.section, section]));
    const misleading = bySection.get("Extra notes › Lists")!;
    expect(misleading.findable).toBe(false);
    expect(misleading.probes.find((probe) => probe.question === "What is lists?")?.rank).toBeNull();
    expect(bySection.get("Extra notes › Rounding a float with round()")!.findable).toBe(true);
    const text = formatFindabilityReport(report).join("\n");
    expect(text).toContain("lessons/12-extra.md:");
    expect(text).toContain("Extra notes › Lists: not in the top 5 for “What is lists?”");
    expect(text).not.toContain("Rounding a float with round(): not in");
  });

  it("finds most sections of the sample course by their own probe questions", async () => {
    const report = (await library.findability("python-basics"))!;
    const sample = report.sections.filter((section) => section.file !== "lessons/12-extra.md");
    const rate = sample.filter((section) => section.findable).length / sample.length;
    console.info(
      `sample course findability: ${sample.filter((s) => s.findable).length}/${sample.length} sections (${(rate * 100).toFixed(0)}%), ${report.probesFound}/${report.probes} probes`,
    );
    expect(sample.length).toBeGreaterThan(50);
    expect(rate).toBeGreaterThan(0.8);
  });
});

describe("findability of a Chinese course", () => {
  it("asks Chinese questions of the Chinese sample course, and finds most of its sections by them", async () => {
    const report = (await library.findability("python-intro-zh"))!;
    const questions = report.sections.flatMap((section) => section.probes.map((probe) => probe.question));
    const rate = report.findableSections / report.sections.length;
    console.info(
      `Chinese sample course findability: ${report.findableSections}/${report.sections.length} sections (${(rate * 100).toFixed(0)}%), ${report.probesFound}/${report.probes} probes`,
    );
    expect(report.sections.length).toBeGreaterThan(30);
    expect(questions.filter((question) => !/？$/.test(question) || /^(What|How)\b/.test(question))).toEqual([]);
    expect(questions.some((question) => question.startsWith("什么是"))).toBe(true);
    expect(rate).toBeGreaterThan(0.8);
  });
});
