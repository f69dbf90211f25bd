import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GlyphSheet, lineInkBounds, measureText } from "../../src/tutor/charts/chart-font.js";
import { drawInChartThread, renderMasteryChart } from "../../src/tutor/charts/chart-thread.js";
import {
  drawMasteryChart,
  fitLabel,
  inkFitsCell,
  layoutMasteryChart,
  masteryChartSvg,
  rasterize,
  type ChartRow,
  type MasteryChartDrawing,
  type MasteryChartInput,
  type Rect,
} from "../../src/tutor/charts/mastery-chart.js";
import { messagesFor } from "../../src/tutor/i18n/messages.js";
import type { ReplyEvent } from "../../src/tutor/turn.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";
import { COURSE, idOf, say } from "../mastery/tutor-quiz-helpers.js";

type FileEvent = Extract<ReplyEvent, { type: "file" }>;

function decode(data: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(data));
}

function pixel(png: PNG, x: number, y: number): [number, number, number] {
  const at = (Math.round(y) * png.width + Math.round(x)) * 4;
  return [png.data[at]!, png.data[at + 1]!, png.data[at + 2]!];
}

function chartInput(rows: ChartRow[], language = "en"): MasteryChartInput {
  const messages = messagesFor(language);
  return {
    title: messages.t("chart.title", { course: "Python" }),
    legend: messages.t("chart.legend", { threshold: "95%" }),
    rows,
    threshold: 0.95,
    formatPercent: messages.percent,
  };
}

/** The label column of a row: where its text is drawn. */
function labelPixels(png: PNG, track: Rect): string {
  const out: string[] = [];
  for (let y = track.y; y < track.y + track.height; y++) for (let x = 16; x < track.x - 12; x++) out.push(pixel(png, x, y).join(","));
  return out.join(" ");
}

const darkCount = (pixels: string) => pixels.split(" ").filter((rgb) => Number(rgb.split(",")[0]) < 100).length;

/** A pixel at `fraction` of the way along a bar's track, halfway down, avoiding the threshold line. */
const along = (track: Rect, fraction: number): [number, number] => [track.x + track.width * fraction, track.y + track.height / 2];

describe("renderMasteryChart", () => {
  const rows: ChartRow[] = [
    { label: "Values and types", value: 0.97, status: "mastered" },
    { label: "Loops", value: 0.5, status: "learning" },
    { label: "Scope", value: 0, status: "learning" },
    { label: "Functions", value: 0.8, status: "override" },
  ];
  let png: PNG;
  beforeAll(async () => {
    png = decode(await renderMasteryChart(chartInput(rows)));
  });
  const layout = layoutMasteryChart(rows.length);

  it("is a valid PNG of the laid-out size", () => {
    expect([png.width, png.height]).toEqual([layout.width, layout.height]);
    expect(png.height).toBeGreaterThan(rows.length * 20);
  });

  it("fills each bar as far as its mastery, in the colour of its status", () => {
    const track = pixel(png, ...along(layout.track(2), 0.5));
    const loopsFilled = pixel(png, ...along(layout.track(1), 0.45));
    const loopsEmpty = pixel(png, ...along(layout.track(1), 0.55));
    expect(loopsFilled).not.toEqual(loopsEmpty);
    expect(loopsEmpty).toEqual(track);
    const mastered = pixel(png, ...along(layout.track(0), 0.5));
    const override = pixel(png, ...along(layout.track(3), 0.5));
    expect(new Set([mastered, loopsFilled, override, track].map(String)).size).toBe(4);
    expect(pixel(png, ...along(layout.track(3), 0.85))).toEqual(track);
  });

  it("draws the threshold line and text labels", () => {
    const first = layout.track(0);
    const lineX = first.x + first.width * 0.95;
    const column = Array.from({ length: layout.track(3).y + 18 - first.y }, (_, i) => pixel(png, lineX, first.y + i));
    expect(column.some(([r, g, b]) => r > 180 && g < 90 && b < 90)).toBe(true);
    // The label column left of the bars holds dark text pixels on every row, the empty margin none.
    for (let row = 0; row < rows.length; row++) {
      const track = layout.track(row);
      const dark = [];
      for (let x = 16; x < track.x - 12; x++)
        for (let y = track.y; y < track.y + track.height; y++) if (pixel(png, x, y)[0] < 100) dark.push(x);
      expect(dark.length, `row ${row}`).toBeGreaterThan(20);
    }
    expect(pixel(png, 2, 2)).toEqual([255, 255, 255]);
  });

  it("draws Chinese labels as their own glyphs: different words give different pixels", async () => {
    const chinese: ChartRow[] = [
      { label: "变量与赋值", value: 0.5, status: "learning" },
      { label: "循环语句", value: 0.5, status: "learning" },
      { label: "变量与赋值", value: 0.2, status: "learning" },
    ];
    const zh = decode(await renderMasteryChart(chartInput(chinese, "zh-CN")));
    const zhLayout = layoutMasteryChart(chinese.length);
    const [first, second, third] = [0, 1, 2].map((row) => labelPixels(zh, zhLayout.track(row)));
    for (const label of [first!, second!]) expect(darkCount(label)).toBeGreaterThan(40);
    // A font without these characters would draw the same empty box for each (or nothing at all).
    expect(first).not.toEqual(second);
    expect(first).toEqual(third);
  });

  it("cuts a long label at a whole character to fit its width, CJK characters being wider", () => {
    expect(fitLabel("Loops", 240)).toBe("Loops");
    const chinese = fitLabel("列表推导式与生成器表达式的区别和使用场景以及注意事项", 240);
    expect(chinese).toMatch(/^列表推导式.+…$/);
    expect(measureText(chinese, 15)).toBeLessThanOrEqual(240);
    const latin = fitLabel("Loops over lists and dictionaries with comprehensions", 240);
    expect(latin).toMatch(/^Loops over .+…$/);
    expect(measureText(latin, 15)).toBeLessThanOrEqual(240);
    expect([...latin].length).toBeGreaterThan([...chinese].length);
    // An emoji with a skin tone is one grapheme: never cut in half.
    expect(fitLabel("👍🏽".repeat(40), 100)).toMatch(/^(?:👍🏽)+…$/);
  });
});

describe("drawMasteryChart, from a cached static layer and a value strip", () => {
  const drawingOf = (input: MasteryChartInput): MasteryChartDrawing => ({
    ...input,
    rows: input.rows.map((row) => ({ ...row, percent: input.formatPercent(row.value) })),
  });
  const statuses: ChartRow["status"][] = ["learning", "mastered", "override"];
  /** `count` rows whose values move with `seed`. */
  const rowsOf = (count: number, seed: number, labels = ["Values and types", "Loops", "Functions", "Scope"]): ChartRow[] =>
    Array.from({ length: count }, (_, row) => ({
      label: `${labels[row % labels.length]} ${row + 1}`,
      value: ((seed * 37 + row * 101) % 1001) / 1000,
      status: statuses[(seed + row) % 3]!,
    }));

  /** The composed chart's pixels against the whole chart's drawn by resvg in one go: how many pixels differ. */
  function differingPixels(drawing: MasteryChartDrawing): number {
    const composed = decode(drawMasteryChart(drawing));
    const whole = rasterize(masteryChartSvg(drawing));
    expect([composed.width, composed.height]).toEqual([whole.width, whole.height]);
    const expected = whole.pixels;
    let differing = 0;
    for (let at = 0; at < expected.length; at += 4)
      if (!composed.data.subarray(at, at + 4).equals(expected.subarray(at, at + 4))) differing++;
    return differing;
  }

  it("is pixel for pixel the whole chart, for 20 rows and for 1", () => {
    expect(differingPixels(drawingOf(chartInput(rowsOf(20, 1))))).toBe(0);
    expect(differingPixels(drawingOf(chartInput(rowsOf(1, 2))))).toBe(0);
  });

  it("is pixel for pixel the whole chart with Chinese labels, title and legend", () => {
    const rows = rowsOf(6, 3, ["变量与赋值", "循环语句", "列表推导式与生成器表达式的区别和使用场景以及注意事项"]);
    expect(differingPixels(drawingOf(chartInput(rows, "zh-CN")))).toBe(0);
  });

  it("draws a second student's values over the same static layer with nothing left of the first's", () => {
    const first = drawingOf(chartInput(rowsOf(8, 4).map((row) => ({ ...row, value: 1, status: "mastered" as const }))));
    const second = drawingOf(chartInput(rowsOf(8, 4).map((row, index) => ({ ...row, value: index / 10 }))));
    expect(differingPixels(first)).toBe(0);
    expect(differingPixels(second)).toBe(0);
  });

  it("is pixel for pixel the whole chart at thresholds 0 and 1, with no rows, and with 60", () => {
    const input = chartInput(rowsOf(8, 6));
    expect(differingPixels(drawingOf({ ...input, threshold: 0, legend: "Mastery 0%" }))).toBe(0);
    expect(differingPixels(drawingOf({ ...input, threshold: 1, legend: "Mastery 100%" }))).toBe(0);
    expect(differingPixels(drawingOf(chartInput([])))).toBe(0);
    expect(differingPixels(drawingOf(chartInput(rowsOf(60, 7))))).toBe(0);
  });

  it("draws a new static layer when the title, labels or threshold change", () => {
    const input = chartInput(rowsOf(8, 5));
    expect(differingPixels(drawingOf(input))).toBe(0);
    expect(differingPixels(drawingOf({ ...input, title: "Mastery in Rust" }))).toBe(0);
    expect(differingPixels(drawingOf({ ...input, rows: rowsOf(8, 5, ["Ownership", "Borrowing"]) }))).toBe(0);
    expect(differingPixels(drawingOf({ ...input, threshold: 0.5, legend: "Mastery 50%" }))).toBe(0);
  });
});

describe("the chart thread", () => {
  it("refuses a drawing it cannot make with the reason, and draws the next one", async () => {
    const broken = {
      title: "t",
      legend: "l",
      threshold: 0.95,
      rows: [{ label: undefined, value: 0.5, status: "learning", percent: "50%" }],
    };
    await expect(drawInChartThread(broken as unknown as MasteryChartDrawing)).rejects.toThrow(/the chart could not be drawn: /);
    const png = decode(await renderMasteryChart(chartInput([{ label: "Loops", value: 0.5, status: "learning" }])));
    expect([png.width, png.height]).toEqual([layoutMasteryChart(1).width, layoutMasteryChart(1).height]);
  });

  it("draws what the calling thread would, byte for byte", async () => {
    const input = chartInput([{ label: "变量与赋值 Variables", value: 0.42, status: "override" }], "zh-CN");
    const drawing = { ...input, rows: input.rows.map((row) => ({ ...row, percent: input.formatPercent(row.value) })) };
    expect(Buffer.from(await renderMasteryChart(input)).equals(Buffer.from(drawMasteryChart(drawing)))).toBe(true);
  });
});

describe("/progress sends the chart", () => {
  let fixture: TutorFixture;
  beforeAll(async () => {
    fixture = await createTutorFixture();
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("as a PNG file for the student only, one bar per skill, showing a teacher's override", async () => {
    await fixture.store.setOverride(COURSE, idOf("lin"), "variables", 0.6, "worked through it with me", idOf("teacher"));
    const file = (await say(fixture, "lin", "/progress")).find((event): event is FileEvent => event.type === "file")!;
    expect(file).toMatchObject({ name: "mastery.png", mimeType: "image/png", audience: "student" });
    expect(file.caption).toContain("red line marks mastery (95%)");
    const skills = fixture.app.library.course(COURSE)!.manifest.skills;
    const png = decode(file.data);
    const layout = layoutMasteryChart(skills.length);
    expect([png.width, png.height]).toEqual([layout.width, layout.height]);
    const index = skills.findIndex((skill) => skill.id === "variables");
    expect(pixel(png, ...along(layout.track(index), 0.55))).not.toEqual(pixel(png, ...along(layout.track(index), 0.65)));
    expect(pixel(png, ...along(layout.track(index), 0.55))).not.toEqual(pixel(png, ...along(layout.track(index === 0 ? 1 : 0), 0.1)));
  });
});

describe("inkFitsCell", () => {
  const cell: Rect = { x: 594, y: 44, width: 74, height: 28 };

  it("takes ink whose shaded pixels all lie in the cell, or no ink", () => {
    expect(inkFitsCell({ x: 600.66, y: 52.5, width: 30, height: 11.39 }, cell)).toBe(true);
    expect(inkFitsCell({ x: 594, y: 44, width: 10, height: 28 }, cell)).toBe(true);
    expect(inkFitsCell(undefined, cell)).toBe(true);
  });

  it("refuses ink that shades a pixel left of, above or below the cell", () => {
    expect(inkFitsCell({ x: 593.9, y: 50, width: 10, height: 10 }, cell)).toBe(false);
    expect(inkFitsCell({ x: 600, y: 43.99, width: 10, height: 10 }, cell)).toBe(false);
    expect(inkFitsCell({ x: 600, y: 62, width: 10, height: 10.01 }, cell)).toBe(false);
  });

  it("takes ink past the cell's right edge, the chart's, where the whole chart cuts it off too", () => {
    expect(inkFitsCell({ x: 600, y: 50, width: 200, height: 10 }, cell)).toBe(true);
  });
});

describe("lineInkBounds", () => {
  /** The pixels resvg shades for the line alone, on white, in a canvas around it. */
  function inkedPixels(text: string, x: number, middle: number, size: number): Array<[number, number]> {
    const glyphs = new GlyphSheet();
    const line = glyphs.line(text, x, middle, size);
    const [width, height] = [400, 80];
    const { pixels } = rasterize(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${glyphs.defs()}<rect width="${width}" height="${height}" fill="#ffffff"/><g fill="#212529">${line}</g></svg>`,
    );
    const inked: Array<[number, number]> = [];
    for (let at = 0; at < width * height; at++) if (pixels[at * 4] !== 255) inked.push([at % width, Math.floor(at / width)]);
    return inked;
  }

  it("holds every pixel the line's ink shades, and reaches the ink's extent within a pixel", () => {
    for (const [text, x, middle, size] of [
      ["100%", 20.5, 30, 15],
      ["变量与赋值 Обработка", 10.25, 40.5, 18],
      ["gjpqy ÅÉ|[]", 3, 25.75, 15],
    ] as const) {
      const bounds = lineInkBounds(text, x, middle, size)!;
      const inked = inkedPixels(text, x, middle, size);
      expect(inked.length, text).toBeGreaterThan(50);
      const [left, top] = [Math.floor(bounds.x), Math.floor(bounds.y)];
      const [right, bottom] = [Math.ceil(bounds.x + bounds.width), Math.ceil(bounds.y + bounds.height)];
      for (const [px, py] of inked) expect(px >= left && px < right && py >= top && py < bottom, `${text} at ${px},${py}`).toBe(true);
      expect(Math.min(...inked.map(([px]) => px)) - left, text).toBeLessThanOrEqual(1);
      expect(bottom - 1 - Math.max(...inked.map(([, py]) => py)), text).toBeLessThanOrEqual(1);
    }
  });

  it("is undefined for a line without ink", () => {
    expect(lineInkBounds("   ", 10, 10, 15)).toBeUndefined();
  });
});
