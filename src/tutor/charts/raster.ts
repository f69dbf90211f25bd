import { GLYPH_ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows } from "./bitmap-font.js";
import { encodeIndexedPng } from "./indexed-png.js";

export type Rgb = readonly [number, number, number];

/** An image in memory, one palette index per pixel, with the few drawing operations charts need. */
export class Raster {
  /** Palette index of each pixel, row by row. */
  readonly pixels: Uint8Array;
  private readonly palette: Rgb[] = [];
  private readonly paletteIndex = new Map<string, number>();
  /** Colours are a chart's constants: found by identity first, by value only once. */
  private readonly indexByIdentity = new Map<Rgb, number>();

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.pixels = new Uint8Array(width * height);
    this.fillRect(0, 0, width, height, background);
  }

  fillRect(x: number, y: number, width: number, height: number, color: Rgb): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + width));
    const y1 = Math.min(this.height, Math.round(y + height));
    if (x1 <= x0) return;
    const index = this.colorIndex(color);
    for (let py = y0; py < y1; py++) this.pixels.fill(index, py * this.width + x0, py * this.width + x1);
  }

  /** Draws text with its top-left corner at (x, y), each font pixel `scale` pixels wide. */
  drawText(x: number, y: number, text: string, scale: number, color: Rgb): void {
    [...text].forEach((char, index) => {
      const rows = glyphRows(char);
      const left = x + index * GLYPH_ADVANCE * scale;
      for (let row = 0; row < GLYPH_HEIGHT; row++) {
        for (let column = 0; column < GLYPH_WIDTH; column++) {
          if (rows[row]! & (1 << (GLYPH_WIDTH - 1 - column))) this.fillRect(left + column * scale, y + row * scale, scale, scale, color);
        }
      }
    });
  }

  toPng(): Uint8Array {
    return encodeIndexedPng(this.width, this.height, this.pixels, this.palette);
  }

  private colorIndex(color: Rgb): number {
    const known = this.indexByIdentity.get(color);
    if (known !== undefined) return known;
    const key = color.join(",");
    let index = this.paletteIndex.get(key);
    if (index === undefined) {
      if (this.palette.length === 256) throw new RangeError("a chart may use at most 256 colours");
      index = this.palette.length;
      this.palette.push(color);
      this.paletteIndex.set(key, index);
    }
    this.indexByIdentity.set(color, index);
    return index;
  }
}

export function measureText(text: string, scale: number): number {
  return text.length === 0 ? 0 : (text.length * GLYPH_ADVANCE - 1) * scale;
}

/** Shortens text to at most `maxChars` characters, marking the cut with "..". */
export function fitText(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 2)}..`;
}
