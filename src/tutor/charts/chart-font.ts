import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fonts } from "@embedpdf/fonts-sc";
import type * as Fontkit from "fontkit";
import { LRUCache } from "lru-cache";
import { memoize } from "../../shared/memoize.js";

/**
 * The font the charts are written in: Noto Sans Hans (Source Han Sans), which covers Latin, Greek,
 * Cyrillic, kana and the GB2312 set of Chinese characters, from an npm package so every install has it.
 * Text becomes outlines here, with fontkit (which shapes the scripts that need it), so the rasterizer
 * draws only paths: resvg's own text engine re-reads an 8 MB font file for every glyph.
 */
function fontFile(): string {
  const regular = fonts.find((font) => font.weight === 400) ?? fonts[0];
  if (!regular) throw new Error("@embedpdf/fonts-sc lists no font files: reinstall it with `npm ci`.");
  // The package exports only its index; the font files sit beside its dist folder.
  const index = require.resolve("@embedpdf/fonts-sc");
  return path.join(path.dirname(index), "..", "fonts", regular.file);
}

const require = createRequire(import.meta.url);
let loaded: Fontkit.Font | undefined;

/**
 * Loaded and parsed on the first chart (fontkit's import alone takes about half a second, which every
 * start of the tutor and its CLIs would pay otherwise), then kept: the tutor draws many charts.
 */
function chartFont(): Fontkit.Font {
  if (!loaded) {
    const fontkit = require("fontkit") as typeof Fontkit;
    const font = fontkit.create(readFileSync(fontFile()));
    if (!("layout" in font)) throw new Error(`${fontFile()} is a font collection, not a font`);
    loaded = font;
  }
  return loaded;
}

/** A line of text as the font lays it out, in font units: which glyph goes where, and the line's width. */
interface TextRun {
  glyphIds: number[];
  /** Each glyph's origin, from the line's start on the baseline (y up, as the font has it). */
  offsets: Array<[number, number]>;
  advanceWidth: number;
}

/** A glyph's outline at a size, drawn at the origin: defined once per chart, placed by reference. */
const glyphOutlines = new LRUCache<string, string>({ max: 8000 });

/** Labels repeat across charts (skill names, percentages): each is laid out once. */
const layoutRun = memoize<string, TextRun>(
  (text) => {
    const laid = chartFont().layout(text);
    const offsets: Array<[number, number]> = [];
    let pen = 0;
    laid.positions.forEach((position) => {
      offsets.push([pen + position.xOffset, position.yOffset]);
      pen += position.xAdvance;
    });
    return { glyphIds: laid.glyphs.map((glyph) => glyph.id), offsets, advanceWidth: laid.advanceWidth };
  },
  new LRUCache<string, TextRun>({ max: 4000 }),
);

/** The width of a text at `size` pixels, in pixels. */
export function measureText(text: string, size: number): number {
  return (layoutRun(text).advanceWidth * size) / chartFont().unitsPerEm;
}

/**
 * A coordinate on a grid of 1/256 pixel: such numbers, and their sums and differences within a chart, are exact
 * in the rasterizer's 32-bit floats, so a piece of a chart drawn on its own, shifted by whole pixels, is drawn
 * exactly as in the whole chart (at 1/100 pixel a sum's rounding differs with the shift, and so, now and then,
 * does a pixel of antialiasing).
 */
const coordinate = (value: number) => String(Math.round(value * 256) / 256);

const SVG_COMMANDS: Record<string, string> = { moveTo: "M", lineTo: "L", quadraticCurveTo: "Q", bezierCurveTo: "C", closePath: "Z" };

/** A glyph's outline scaled to pixels (y down), as SVG path data on the coordinate grid. */
function outlineAt(glyphId: number, scale: number): string {
  return chartFont()
    .getGlyph(glyphId)
    .path.commands.map(
      ({ command, args }) =>
        `${SVG_COMMANDS[command]}${args.map((arg, index) => coordinate(index % 2 ? -arg * scale : arg * scale)).join(" ")}`,
    )
    .join("");
}

/** Where `GlyphSheet.line` puts each glyph of a line: its origin in pixels (y down). */
function placeGlyphs(
  text: string,
  x: number,
  middle: number,
  size: number,
  anchor: "start" | "middle",
): Array<{ id: number; x: number; y: number }> {
  const font = chartFont();
  const scale = size / font.unitsPerEm;
  const run = layoutRun(text);
  const baseline = middle + ((font.ascent + font.descent) / 2) * scale;
  const start = anchor === "middle" ? x - (run.advanceWidth * scale) / 2 : x;
  return run.glyphIds.map((id, index) => {
    const [dx, dy] = run.offsets[index]!;
    return { id, x: start + dx * scale, y: baseline - dy * scale };
  });
}

/** A glyph's control box in font units (y up), as fontkit gives it: decoding the outline is most of its cost. */
const controlBoxes = new LRUCache<number, Fontkit.BBOX>({ max: 8000 });

function controlBox(glyphId: number): Fontkit.BBOX {
  let box = controlBoxes.get(glyphId);
  if (!box) {
    box = chartFont().getGlyph(glyphId).path.cbox;
    controlBoxes.set(glyphId, box);
  }
  return box;
}

/**
 * A box that holds all the ink of the line `GlyphSheet.line` draws with the same arguments, in pixels; undefined
 * when it has none. Each glyph's control box (the points of its outline, which enclose its curves), widened by a
 * 1/256 pixel on each side for the coordinate grid's rounding.
 */
export function lineInkBounds(
  text: string,
  x: number,
  middle: number,
  size: number,
  anchor: "start" | "middle" = "start",
): { x: number; y: number; width: number; height: number } | undefined {
  const scale = size / chartFont().unitsPerEm;
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const glyph of placeGlyphs(text, x, middle, size, anchor)) {
    const box = controlBox(glyph.id);
    if (!(box.maxX > box.minX || box.maxY > box.minY)) continue;
    left = Math.min(left, glyph.x + box.minX * scale);
    right = Math.max(right, glyph.x + box.maxX * scale);
    top = Math.min(top, glyph.y - box.maxY * scale);
    bottom = Math.max(bottom, glyph.y - box.minY * scale);
  }
  if (left > right) return undefined;
  const grid = 1 / 256;
  return { x: left - grid, y: top - grid, width: right - left + 2 * grid, height: bottom - top + 2 * grid };
}

/**
 * The text of one drawing as glyph outlines: each glyph's outline is defined once in the drawing's `<defs>`
 * and every occurrence refers to it, so a chart costs as many outlines as it has distinct characters.
 */
export class GlyphSheet {
  private readonly used = new Map<string, string>();

  /**
   * A line of text as `<use>` elements, vertically centred on `middle`; they take the fill of the group they
   * are put in. `anchor` says which point of the text `x` is: its start or its middle.
   */
  line(text: string, x: number, middle: number, size: number, anchor: "start" | "middle" = "start"): string {
    const parts: string[] = [];
    for (const glyph of placeGlyphs(text, x, middle, size, anchor)) {
      const id = this.define(glyph.id, size);
      if (id) parts.push(`<use href="#${id}" x="${coordinate(glyph.x)}" y="${coordinate(glyph.y)}"/>`);
    }
    return parts.join("");
  }

  /** The outlines the lines so far refer to. */
  defs(): string {
    return `<defs>${[...this.used].map(([id, d]) => `<path id="${id}" d="${d}"/>`).join("")}</defs>`;
  }

  /** The id of the glyph's outline at `size`; undefined for a glyph with no ink (a space). */
  private define(glyphId: number, size: number): string | undefined {
    const id = `g${glyphId}s${size}`;
    if (this.used.has(id)) return id;
    let outline = glyphOutlines.get(id);
    if (outline === undefined) {
      outline = outlineAt(glyphId, size / chartFont().unitsPerEm);
      glyphOutlines.set(id, outline);
    }
    if (!outline) return undefined;
    this.used.set(id, outline);
    return id;
  }
}
