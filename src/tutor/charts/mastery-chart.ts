import { createRequire } from "node:module";
import type * as ResvgJs from "@resvg/resvg-js";
import { LRUCache } from "lru-cache";
import { GlyphSheet, measureText } from "./chart-font.js";
import { encodePng } from "./png.js";

export interface ChartRow {
  label: string;
  /** p(known), 0..1. */
  value: number;
  /** `override`: set by a teacher; `mastered`: at or above the threshold. */
  status: "learning" | "mastered" | "override";
}

export interface MasteryChartInput {
  title: string;
  /** The words under the threshold line, e.g. "Mastery 95%". */
  legend: string;
  rows: readonly ChartRow[];
  threshold: number;
  /** 0..1 as the course's language writes a percentage. */
  formatPercent: (share: number) => string;
}

/** The chart as plain data, its percentages already written out: what the chart thread draws. */
export interface MasteryChartDrawing {
  title: string;
  legend: string;
  rows: ReadonlyArray<ChartRow & { percent: string }>;
  threshold: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const MARGIN = 16;
const FONT_SIZE = 15;
const TITLE_SIZE = 18;
const LABEL_WIDTH = 240;
const ROW_HEIGHT = 28;
const BAR_HEIGHT = 18;
const BAR_WIDTH = 320;
const PERCENT_WIDTH = 52;
/** Between the labels and the tracks, and between the tracks and the percentages. */
const GAP = 12;
const TITLE_HEIGHT = 44;
const FOOTER_HEIGHT = 40;
/** The threshold line's dashes: `length` pixels every `period`, from `overhang` pixels above the first track to as far below the last. */
const DASH = { length: 5, period: 8, overhang: 4 };

const COLORS: Record<ChartRow["status"] | "track" | "text" | "threshold" | "background", string> = {
  background: "#ffffff",
  text: "#212529",
  track: "#e2e6ea",
  learning: "#3478c8",
  mastered: "#28a05a",
  override: "#8c5abe",
  threshold: "#d23232",
};

/** Where the chart puts things; exported so tests can look at the pixels of a given bar. */
export function layoutMasteryChart(rowCount: number): { width: number; height: number; track: (row: number) => Rect } {
  const barX = MARGIN + LABEL_WIDTH + GAP;
  const width = barX + BAR_WIDTH + GAP + PERCENT_WIDTH + MARGIN;
  const height = TITLE_HEIGHT + Math.max(1, rowCount) * ROW_HEIGHT + FOOTER_HEIGHT;
  return {
    width,
    height,
    track: (row) => ({ x: barX, y: TITLE_HEIGHT + row * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2, width: BAR_WIDTH, height: BAR_HEIGHT }),
  };
}

/** The text cut to at most `width` pixels at `size`, at a whole grapheme, with an ellipsis when cut. */
export function fitLabel(text: string, width: number, size = FONT_SIZE): string {
  if (measureText(text, size) <= width) return text;
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)].map((part) => part.segment);
  let low = 0;
  let high = graphemes.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (measureText(`${graphemes.slice(0, middle).join("").trimEnd()}…`, size) <= width) low = middle;
    else high = middle - 1;
  }
  return `${graphemes.slice(0, low).join("").trimEnd()}…`;
}

/** Marks to draw, by the fill they take: shapes carry their own colour, text the text colour, accent the threshold's. */
interface ChartMarks {
  shapes: string[];
  text: string[];
  accent: string[];
}

/** The bottom of the last row's track area: where the footer (the legend) starts. */
const rowsBottom = (rowCount: number) => TITLE_HEIGHT + Math.max(1, rowCount) * ROW_HEIGHT;

/** The whole canvas of a chart of `rowCount` rows. */
function wholeChart(rowCount: number): Rect {
  const { width, height } = layoutMasteryChart(rowCount);
  return { x: 0, y: 0, width, height };
}

const background = (area: Rect) =>
  `<rect x="${area.x}" y="${area.y}" width="${area.width}" height="${area.height}" fill="${COLORS.background}"/>`;

/** The first pixel column of the threshold line: the line's left half sits on the threshold. */
function thresholdX(input: MasteryChartDrawing): number {
  const first = layoutMasteryChart(input.rows.length).track(0);
  return first.x + Math.round(first.width * input.threshold) - 1;
}

/**
 * The rectangle that holds everything a student's values change: the tracks, the bars, the dashed threshold line
 * and the percentage column, to the right edge. It starts in the middle of the gap between the labels and the
 * tracks (the line at a threshold of 0 stands one pixel left of the tracks), at the first dash, and ends with the
 * last dash, above the legend's ink. Nothing else is drawn in it.
 */
function valueStrip(rowCount: number): Rect {
  const layout = layoutMasteryChart(rowCount);
  const x = MARGIN + LABEL_WIDTH + GAP / 2;
  const y = TITLE_HEIGHT - DASH.overhang;
  return { x, y, width: layout.width - x, height: rowsBottom(rowCount) + DASH.overhang + DASH.length - y };
}

/** What does not depend on the student: the background, the title, the skill labels and the legend. */
function staticMarks(input: MasteryChartDrawing, glyphs: GlyphSheet): ChartMarks {
  const layout = layoutMasteryChart(input.rows.length);
  const text = [glyphs.line(fitLabel(input.title, layout.width - 2 * MARGIN, TITLE_SIZE), MARGIN, TITLE_HEIGHT / 2, TITLE_SIZE)];
  input.rows.forEach((row, index) => {
    text.push(glyphs.line(fitLabel(row.label, LABEL_WIDTH), MARGIN, layout.track(index).y + BAR_HEIGHT / 2, FONT_SIZE));
  });
  const legend = fitLabel(input.legend, layout.width - 2 * MARGIN);
  const legendWidth = measureText(legend, FONT_SIZE);
  const legendX = Math.max(MARGIN + legendWidth / 2, Math.min(thresholdX(input), layout.width - MARGIN - legendWidth / 2));
  return {
    shapes: [background(wholeChart(input.rows.length))],
    text,
    accent: [glyphs.line(legend, legendX, rowsBottom(input.rows.length) + 20, FONT_SIZE, "middle")],
  };
}

/** What the student's values change, all inside `valueStrip`: tracks, bars, the threshold line, percentages. */
function valueMarks(input: MasteryChartDrawing, glyphs: GlyphSheet): ChartMarks {
  const layout = layoutMasteryChart(input.rows.length);
  const shapes: string[] = [];
  const text: string[] = [];
  input.rows.forEach((row, index) => {
    const track = layout.track(index);
    const value = Math.max(0, Math.min(1, row.value));
    shapes.push(
      `<rect x="${track.x}" y="${track.y}" width="${track.width}" height="${track.height}" fill="${COLORS.track}"/>`,
      `<rect x="${track.x}" y="${track.y}" width="${Math.round(track.width * value)}" height="${track.height}" fill="${COLORS[row.status]}"/>`,
    );
    text.push(glyphs.line(row.percent, track.x + track.width + GAP, track.y + BAR_HEIGHT / 2, FONT_SIZE));
  });
  const lineX = thresholdX(input);
  for (let y = TITLE_HEIGHT - DASH.overhang; y < rowsBottom(input.rows.length) + DASH.overhang; y += DASH.period)
    shapes.push(`<rect x="${lineX}" y="${y}" width="2" height="${DASH.length}" fill="${COLORS.threshold}"/>`);
  return { shapes, text, accent: [] };
}

/** An SVG of the chart's `area` (in the chart's own coordinates) holding `marks`, drawn in that order. */
function chartSvg(area: Rect, marks: ChartMarks[], glyphs: GlyphSheet): string {
  const all = (kind: keyof ChartMarks) => marks.flatMap((part) => part[kind]).join("");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${area.width}" height="${area.height}" viewBox="${area.x} ${area.y} ${area.width} ${area.height}">`,
    glyphs.defs(),
    `<g shape-rendering="crispEdges">${all("shapes")}</g>`,
    `<g fill="${COLORS.text}">${all("text")}</g>`,
    `<g fill="${COLORS.threshold}">${all("accent")}</g>`,
    "</svg>",
  ].join("");
}

/**
 * The whole chart as one SVG, its text already turned into outlines in the bundled font: the picture
 * `drawMasteryChart` composes from its two layers, drawn in one go (the reference its tests and bench compare with).
 */
export function masteryChartSvg(input: MasteryChartDrawing): string {
  const glyphs = new GlyphSheet();
  return chartSvg(wholeChart(input.rows.length), [staticMarks(input, glyphs), valueMarks(input, glyphs)], glyphs);
}

const require = createRequire(import.meta.url);
// Loaded on the first chart: the tutor's CLIs never draw one.
const resvg = () => require("@resvg/resvg-js") as typeof ResvgJs;

/**
 * An SVG as RGBA pixels (resvg's are premultiplied, which for the opaque pixels of a chart, on its white
 * background, is the same), from the bundled outlines only: no system fonts.
 */
export function rasterize(svg: string): ResvgJs.RenderedImage {
  const { Resvg } = resvg();
  return new Resvg(svg, { font: { loadSystemFonts: false } }).render();
}

/**
 * The static layer of charts, by what it shows, as RGBA pixels: the same for every student of a course, and most
 * of the rasterizing (the text). Each is about 1.7 MB for 20 rows; a tutor serves charts of a few courses (one
 * static layer per course and language), so 8 hold them all while keeping the chart thread's memory small.
 * The pixels are also the canvas each chart is composed on: its value strip is overwritten whole by every
 * chart, and the chart thread draws and encodes one chart at a time, synchronously, so no chart sees another's.
 */
const staticLayers = new LRUCache<string, Buffer>({ max: 8 });

function staticLayer(input: MasteryChartDrawing): Buffer {
  const key = JSON.stringify([input.title, input.legend, input.threshold, input.rows.map((row) => row.label)]);
  let pixels = staticLayers.get(key);
  if (!pixels) {
    const glyphs = new GlyphSheet();
    pixels = rasterize(chartSvg(wholeChart(input.rows.length), [staticMarks(input, glyphs)], glyphs)).pixels;
    staticLayers.set(key, pixels);
  }
  return pixels;
}

/**
 * The chart as a PNG, drawn on the calling thread: the chart thread's work (chart-thread.ts renderMasteryChart sends
 * it there); tests draw with it directly. Any script the bundled font covers is drawn as itself. The static layer
 * comes from its cache; only the value strip is rasterized (on its own white background) and copied in, and the
 * PNG is written from those pixels (png.ts; resvg's encoder writes only what resvg rendered, and takes longer than
 * all the rest of a chart).
 */
export function drawMasteryChart(input: MasteryChartDrawing): Uint8Array {
  const layout = layoutMasteryChart(input.rows.length);
  const canvas = staticLayer(input);
  const strip = valueStrip(input.rows.length);
  const glyphs = new GlyphSheet();
  const stripBackground: ChartMarks = { shapes: [background(strip)], text: [], accent: [] };
  const values = rasterize(chartSvg(strip, [stripBackground, valueMarks(input, glyphs)], glyphs)).pixels;
  const rowBytes = strip.width * 4;
  // Onto the cached layer itself, which every chart's strip covers whole: see `staticLayers`.
  for (let row = 0; row < strip.height; row++)
    canvas.set(values.subarray(row * rowBytes, (row + 1) * rowBytes), ((strip.y + row) * layout.width + strip.x) * 4);
  return encodePng(canvas, layout.width, layout.height);
}
