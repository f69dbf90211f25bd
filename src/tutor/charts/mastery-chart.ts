import { GLYPH_HEIGHT } from "./bitmap-font.js";
import { fitText, measureText, Raster, type Rgb } from "./raster.js";

export interface ChartRow {
  label: string;
  /** p(known), 0..1. */
  value: number;
  /** `override`: set by a teacher; `mastered`: at or above the threshold. */
  status: "learning" | "mastered" | "override";
}

export interface MasteryChartInput {
  title: string;
  rows: readonly ChartRow[];
  threshold: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const SCALE = 2;
const MARGIN = 16;
const LABEL_CHARS = 26;
const ROW_HEIGHT = 28;
const BAR_HEIGHT = 18;
const BAR_WIDTH = 320;
const TITLE_HEIGHT = 44;
const FOOTER_HEIGHT = 40;
const TEXT_HEIGHT = GLYPH_HEIGHT * SCALE;

const COLORS: Record<ChartRow["status"] | "track" | "text" | "threshold" | "background", Rgb> = {
  background: [255, 255, 255],
  text: [33, 37, 41],
  track: [226, 230, 234],
  learning: [52, 120, 200],
  mastered: [40, 160, 90],
  override: [140, 90, 190],
  threshold: [210, 50, 50],
};

/** Where the chart puts things; exported so tests can look at the pixels of a given bar. */
export function layoutMasteryChart(rowCount: number): { width: number; height: number; track: (row: number) => Rect } {
  const labelWidth = measureText("x".repeat(LABEL_CHARS), SCALE);
  const barX = MARGIN + labelWidth + 12;
  const width = barX + BAR_WIDTH + 12 + measureText("100%", SCALE) + MARGIN;
  const height = TITLE_HEIGHT + Math.max(1, rowCount) * ROW_HEIGHT + FOOTER_HEIGHT;
  return { width, height, track: (row) => ({ x: barX, y: TITLE_HEIGHT + row * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2, width: BAR_WIDTH, height: BAR_HEIGHT }) };
}

/**
 * A horizontal bar chart of mastery per skill as a PNG: the skill's name, a bar as long as its
 * estimated mastery (green when mastered, purple when a teacher set it), the percentage, and a red
 * dashed line at the mastery threshold.
 */
export function renderMasteryChart(input: MasteryChartInput): Uint8Array {
  const layout = layoutMasteryChart(input.rows.length);
  const raster = new Raster(layout.width, layout.height, COLORS.background);
  raster.drawText(MARGIN, (TITLE_HEIGHT - TEXT_HEIGHT) / 2, fitText(input.title, Math.floor((layout.width - 2 * MARGIN) / 12)), SCALE, COLORS.text);
  input.rows.forEach((row, index) => {
    const track = layout.track(index);
    const textY = track.y + (BAR_HEIGHT - TEXT_HEIGHT) / 2;
    raster.drawText(MARGIN, textY, fitText(row.label, LABEL_CHARS), SCALE, COLORS.text);
    raster.fillRect(track.x, track.y, track.width, track.height, COLORS.track);
    const value = Math.max(0, Math.min(1, row.value));
    raster.fillRect(track.x, track.y, Math.round(track.width * value), track.height, COLORS[row.status]);
    raster.drawText(track.x + track.width + 12, textY, `${Math.round(value * 100)}%`, SCALE, COLORS.text);
  });
  const first = layout.track(0);
  const lineX = first.x + Math.round(first.width * input.threshold) - 1;
  const bottom = TITLE_HEIGHT + Math.max(1, input.rows.length) * ROW_HEIGHT;
  for (let y = TITLE_HEIGHT - 4; y < bottom + 4; y += 8) raster.fillRect(lineX, y, 2, 5, COLORS.threshold);
  const legend = `MASTERY ${Math.round(input.threshold * 100)}%`;
  raster.drawText(Math.min(lineX - measureText(legend, SCALE) / 2, layout.width - MARGIN - measureText(legend, SCALE)), bottom + 12, legend, SCALE, COLORS.threshold);
  return raster.toPng();
}
