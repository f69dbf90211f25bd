import { createRequire } from "node:module";
import type * as ResvgJs from "@resvg/resvg-js";
import { GlyphSheet, measureText } from "./chart-font.js";

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
const TITLE_HEIGHT = 44;
const FOOTER_HEIGHT = 40;

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
  const barX = MARGIN + LABEL_WIDTH + 12;
  const width = barX + BAR_WIDTH + 12 + PERCENT_WIDTH + MARGIN;
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

/** The chart as SVG, its text already turned into outlines in the bundled font. */
function masteryChartSvg(input: MasteryChartDrawing): string {
  const layout = layoutMasteryChart(input.rows.length);
  const glyphs = new GlyphSheet();
  const shapes: string[] = [`<rect width="${layout.width}" height="${layout.height}" fill="${COLORS.background}"/>`];
  const text: string[] = [glyphs.line(fitLabel(input.title, layout.width - 2 * MARGIN, TITLE_SIZE), MARGIN, TITLE_HEIGHT / 2, TITLE_SIZE)];
  input.rows.forEach((row, index) => {
    const track = layout.track(index);
    const middle = track.y + BAR_HEIGHT / 2;
    const value = Math.max(0, Math.min(1, row.value));
    shapes.push(
      `<rect x="${track.x}" y="${track.y}" width="${track.width}" height="${track.height}" fill="${COLORS.track}"/>`,
      `<rect x="${track.x}" y="${track.y}" width="${Math.round(track.width * value)}" height="${track.height}" fill="${COLORS[row.status]}"/>`,
    );
    text.push(
      glyphs.line(fitLabel(row.label, LABEL_WIDTH), MARGIN, middle, FONT_SIZE),
      glyphs.line(row.percent, track.x + track.width + 12, middle, FONT_SIZE),
    );
  });
  const first = layout.track(0);
  const lineX = first.x + Math.round(first.width * input.threshold) - 1;
  const bottom = TITLE_HEIGHT + Math.max(1, input.rows.length) * ROW_HEIGHT;
  for (let y = TITLE_HEIGHT - 4; y < bottom + 4; y += 8)
    shapes.push(`<rect x="${lineX}" y="${y}" width="2" height="5" fill="${COLORS.threshold}"/>`);
  const legend = fitLabel(input.legend, layout.width - 2 * MARGIN);
  const legendWidth = measureText(legend, FONT_SIZE);
  const legendX = Math.max(MARGIN + legendWidth / 2, Math.min(lineX, layout.width - MARGIN - legendWidth / 2));
  const legendText = glyphs.line(legend, legendX, bottom + 20, FONT_SIZE, "middle");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}">`,
    glyphs.defs(),
    `<g shape-rendering="crispEdges">${shapes.join("")}</g>`,
    `<g fill="${COLORS.text}">${text.join("")}</g>`,
    `<g fill="${COLORS.threshold}">${legendText}</g>`,
    "</svg>",
  ].join("");
}

/**
 * The chart as a PNG, drawn on the calling thread: the chart thread's work (chart-thread.ts renderMasteryChart sends
 * it there); tests draw with it directly. Any script the bundled font covers is drawn as itself.
 */
export function drawMasteryChart(input: MasteryChartDrawing): Uint8Array {
  // Loaded on the first chart: the tutor's CLIs never draw one.
  const { Resvg } = createRequire(import.meta.url)("@resvg/resvg-js") as typeof ResvgJs;
  return new Resvg(masteryChartSvg(input), { font: { loadSystemFonts: false } }).render().asPng();
}
