import { createRequire } from "node:module";
import type * as ResvgJs from "@resvg/resvg-js";
import { LRUCache } from "lru-cache";
import { GlyphSheet, lineInkBounds, measureText } from "./chart-font.js";
import { encodePalettePng, encodePng, Palette, paletteRows } from "./png.js";

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

/** A rectangle of one colour on whole pixels: drawn with crisp edges, it covers exactly its pixels. */
interface FilledRect extends Rect {
  color: keyof typeof COLORS;
}

/** The shapes the student's values change, in drawing order: each row's track and bar, then the threshold line. */
function valueShapes(input: MasteryChartDrawing): FilledRect[] {
  const layout = layoutMasteryChart(input.rows.length);
  const shapes: FilledRect[] = [];
  input.rows.forEach((row, index) => {
    const track = layout.track(index);
    const value = Math.max(0, Math.min(1, row.value));
    shapes.push({ ...track, color: "track" }, { ...track, width: Math.round(track.width * value), color: row.status });
  });
  const x = thresholdX(input);
  for (let y = TITLE_HEIGHT - DASH.overhang; y < rowsBottom(input.rows.length) + DASH.overhang; y += DASH.period)
    shapes.push({ x, y, width: 2, height: DASH.length, color: "threshold" });
  return shapes;
}

/** Where a row's percentage is written: its start and the middle of its line. */
function percentAt(layout: ReturnType<typeof layoutMasteryChart>, row: number): { x: number; middle: number } {
  const track = layout.track(row);
  return { x: track.x + track.width + GAP, middle: track.y + BAR_HEIGHT / 2 };
}

/**
 * The box of a row's percentage: the row's height, from halfway between the tracks and the percentages (right of
 * the threshold line even at a threshold of 1) to the right edge. Nothing else is drawn in it.
 */
function percentCell(layout: ReturnType<typeof layoutMasteryChart>, row: number): Rect {
  const track = layout.track(row);
  const x = track.x + track.width + GAP / 2;
  return { x, y: TITLE_HEIGHT + row * ROW_HEIGHT, width: layout.width - x, height: ROW_HEIGHT };
}

/** What the student's values change, all inside `valueStrip`: tracks, bars, the threshold line, percentages. */
function valueMarks(input: MasteryChartDrawing, glyphs: GlyphSheet): ChartMarks {
  const layout = layoutMasteryChart(input.rows.length);
  return {
    shapes: valueShapes(input).map(
      (shape) => `<rect x="${shape.x}" y="${shape.y}" width="${shape.width}" height="${shape.height}" fill="${COLORS[shape.color]}"/>`,
    ),
    text: input.rows.map((row, index) => {
      const at = percentAt(layout, index);
      return glyphs.line(row.percent, at.x, at.middle, FONT_SIZE);
    }),
    accent: [],
  };
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

/** A colour as a pixel of a Uint32Array over RGBA bytes (the machine's byte order), opaque. */
function pixelOf(hex: string): number {
  const rgba = Uint8Array.of(...[1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)), 255);
  return new Uint32Array(rgba.buffer)[0]!;
}

const COLOR_PIXELS = Object.fromEntries(Object.entries(COLORS).map(([name, hex]) => [name, pixelOf(hex)])) as Record<
  keyof typeof COLORS,
  number
>;

/**
 * A static layer as palette indexes, the rows of its PNG (png.ts `paletteRows`), with its palette (its own colours,
 * then every colour the value strip's shapes take). Each chart overwrites the value strip's indexes in place: the
 * chart thread draws and encodes one chart at a time, synchronously, so no chart sees another's. `false`: the layer
 * has more colours than a palette holds (none measured comes near: 56 for 30 rows of Chinese, Cyrillic and kana
 * labels), and its charts are drawn whole.
 */
type StaticLayer = { rows: Buffer; palette: Palette } | false;

/**
 * The static layers of charts, by what they show: the same for every student of a course, and most of the
 * rasterizing (the text). Each is one byte a pixel, 0.43 MB for 20 rows (1.9 MB for 100); a tutor serves charts
 * of a few courses (one static layer per course and language), so 8 hold them all while keeping the chart
 * thread's memory small (under 4 MB for courses of 20 skills).
 */
const staticLayers = new LRUCache<string, StaticLayer>({ max: 8 });

function staticLayer(input: MasteryChartDrawing): StaticLayer {
  const key = JSON.stringify([input.title, input.legend, input.threshold, input.rows.map((row) => row.label)]);
  let layer = staticLayers.get(key);
  if (layer === undefined) {
    const glyphs = new GlyphSheet();
    const { pixels, width, height } = rasterize(chartSvg(wholeChart(input.rows.length), [staticMarks(input, glyphs)], glyphs));
    const palette = new Palette();
    const rows = paletteRows(pixels, width, height, palette);
    const stripColors = Object.values(COLOR_PIXELS).every((pixel) => palette.indexOf(pixel) !== undefined);
    layer = rows && stripColors ? { rows, palette } : false;
    staticLayers.set(key, layer);
  }
  return layer;
}

/**
 * A percentage's ink: its pixels that are not the background, as offsets from its cell's top left corner in the
 * rows of a chart's palette image (`y * (width + 1) + x`), and their colours.
 */
interface PercentInk {
  offsets: Uint32Array;
  colors: Uint32Array;
}

/**
 * Each percentage as resvg draws it in its cell (`percentCell`; a row's cell is another's moved by whole rows, and
 * text on the chart's 1/256-pixel grid moved by whole pixels is drawn the same); `false` when its ink (chart-font.ts
 * `lineInkBounds`) may leave the cell, as a glyph of another font might, and the charts that show it are drawn
 * whole. Percentages repeat: 101 of them per language for whole percents. Each holds its inked pixels only, 8 bytes
 * each (241 for "100%", 354 for "百分之百"): at most 512 and 2 MB of them.
 */
const percentInks = new LRUCache<string, PercentInk | false>({
  max: 512,
  maxSize: 2 * 1024 * 1024,
  sizeCalculation: (ink) => (ink ? ink.offsets.byteLength + ink.colors.byteLength : 1),
});

/**
 * Caches the ink of the percentages not yet cached, rasterized together in one render, each in the cell of its own
 * row (resvg's fixed cost a render is most of a percentage's).
 */
function cachePercentInks(percents: readonly string[]): void {
  const missing = [...new Set(percents)].filter((percent) => !percentInks.has(percent));
  if (missing.length === 0) return;
  const layout = layoutMasteryChart(missing.length);
  const glyphs = new GlyphSheet();
  const drawn: string[] = [];
  const text: string[] = [];
  for (const percent of missing) {
    const at = percentAt(layout, drawn.length);
    if (!inkFitsCell(lineInkBounds(percent, at.x, at.middle, FONT_SIZE), percentCell(layout, drawn.length))) {
      percentInks.set(percent, false);
      continue;
    }
    text.push(glyphs.line(percent, at.x, at.middle, FONT_SIZE));
    drawn.push(percent);
  }
  if (drawn.length === 0) return;
  const cell = percentCell(layout, 0);
  const column = { ...cell, height: drawn.length * cell.height };
  const { pixels } = rasterize(chartSvg(column, [{ shapes: [background(column)], text, accent: [] }], glyphs));
  const colors = new Uint32Array(Uint8Array.from(pixels).buffer);
  const cellPixels = cell.width * cell.height;
  drawn.forEach((percent, row) => {
    percentInks.set(percent, inkOf(colors.subarray(row * cellPixels, (row + 1) * cellPixels), cell.width, layout.width + 1));
  });
}

/**
 * Whether ink within `bounds` (none: undefined) touches only pixels of `cell`: antialiasing shades every pixel the
 * bounds reach into. Past the cell's right edge, the chart's, the ink is cut off in the whole chart as in the cell.
 */
export function inkFitsCell(bounds: Rect | undefined, cell: Rect): boolean {
  if (!bounds) return true;
  return Math.floor(bounds.x) >= cell.x && Math.floor(bounds.y) >= cell.y && Math.ceil(bounds.y + bounds.height) <= cell.y + cell.height;
}

/** The pixels of a cell's raster `width` wide that are not the background, placed in rows `stride` indexes long. */
function inkOf(colors: Uint32Array, width: number, stride: number): PercentInk {
  const offsets: number[] = [];
  const inked: number[] = [];
  for (let at = 0; at < colors.length; at++) {
    if (colors[at] === COLOR_PIXELS.background) continue;
    offsets.push(Math.floor(at / width) * stride + (at % width));
    inked.push(colors[at]!);
  }
  return { offsets: Uint32Array.from(offsets), colors: Uint32Array.from(inked) };
}

/** The whole chart rasterized in one go and written as RGBA: for what a palette image cannot hold. */
function wholeChartPng(input: MasteryChartDrawing): Buffer {
  const { pixels, width, height } = rasterize(masteryChartSvg(input));
  return encodePng(pixels, width, height);
}

/**
 * The chart as a PNG, drawn on the calling thread: the chart thread's work (chart-thread.ts renderMasteryChart sends
 * it there); tests draw with it directly. Any script the bundled font covers is drawn as itself. The static layer
 * comes from its cache as palette indexes; the value strip's shapes (all on whole pixels) are filled in, each
 * percentage copied from its cache, and the PNG written as a palette image (png.ts). resvg draws every pixel that
 * is antialiased. `npm run bench:charts`, 20 rows: p50 2.4 ms, p99 14–26 (charts that rasterize new percentages;
 * 7 over 1,000 charts), against 11 and 44 when the value strip was rasterized for each chart (5 ms) and the PNG
 * written as RGBA (6 ms); zlib is half of what is left. resvg's own encoder writes only what resvg rendered, and
 * takes longer than all the rest of a chart.
 */
export function drawMasteryChart(input: MasteryChartDrawing): Uint8Array {
  const layer = staticLayer(input);
  cachePercentInks(input.rows.map((row) => row.percent));
  const inks = input.rows.map((row) => percentInks.get(row.percent));
  if (!layer || inks.some((ink) => !ink)) return wholeChartPng(input);
  const layout = layoutMasteryChart(input.rows.length);
  const stride = layout.width + 1;
  const palette = layer.palette.copy();
  const fill = (area: Rect, color: keyof typeof COLORS) => {
    const index = palette.indexOf(COLOR_PIXELS[color])!;
    for (let y = area.y; y < area.y + area.height; y++)
      layer.rows.fill(index, y * stride + 1 + area.x, y * stride + 1 + area.x + area.width);
  };
  // The strip's background covers the percentages' cells too: of each only its ink is copied.
  fill(valueStrip(input.rows.length), "background");
  for (const shape of valueShapes(input)) fill(shape, shape.color);
  for (let row = 0; row < inks.length; row++) {
    const { offsets, colors } = inks[row] as PercentInk;
    const cell = percentCell(layout, row);
    const origin = cell.y * stride + 1 + cell.x;
    for (let at = 0; at < offsets.length; at++) {
      const index = palette.indexOf(colors[at]!);
      if (index === undefined) return wholeChartPng(input);
      layer.rows[origin + offsets[at]!] = index;
    }
  }
  return encodePalettePng(layer.rows, layout.width, layout.height, palette);
}
