import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fonts } from "@embedpdf/fonts-sc";
import type * as Fontkit from "fontkit";

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

export interface TextOutline {
  /** SVG path data of the glyphs, with the text's start on the baseline at (x, baseline). */
  d: string;
  width: number;
}

/** The width of a text at `size` pixels, in pixels. */
export function measureText(text: string, size: number): number {
  const font = chartFont();
  return (font.layout(text).advanceWidth * size) / font.unitsPerEm;
}

/**
 * A line of text as outlines, vertically centred on `middle`. `anchor` says which point of the text
 * `x` is: its start or its middle.
 */
export function outlineText(text: string, x: number, middle: number, size: number, anchor: "start" | "middle" = "start"): TextOutline {
  const font = chartFont();
  const scale = size / font.unitsPerEm;
  const run = font.layout(text);
  const width = run.advanceWidth * scale;
  const baseline = middle + ((font.ascent + font.descent) / 2) * scale;
  let pen = anchor === "middle" ? x - width / 2 : x;
  const parts: string[] = [];
  run.glyphs.forEach((glyph, index) => {
    const position = run.positions[index]!;
    const outline = glyph.path
      .scale(scale, -scale)
      .translate(pen + position.xOffset * scale, baseline - position.yOffset * scale)
      .toSVG();
    if (outline) parts.push(outline);
    pen += position.xAdvance * scale;
  });
  return { d: parts.join(""), width };
}
