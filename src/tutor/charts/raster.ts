import { PNG } from "pngjs";
import { GLYPH_ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows } from "./bitmap-font.js";

export type Rgb = readonly [number, number, number];

/** An RGBA image in memory with the few drawing operations charts need. */
export class Raster {
  readonly data: Buffer;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.data = Buffer.alloc(width * height * 4);
    this.fillRect(0, 0, width, height, background);
  }

  fillRect(x: number, y: number, width: number, height: number, color: Rgb): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + width));
    const y1 = Math.min(this.height, Math.round(y + height));
    for (let py = y0; py < y1; py++) {
      for (let px = x0; px < x1; px++) {
        const at = (py * this.width + px) * 4;
        this.data[at] = color[0];
        this.data[at + 1] = color[1];
        this.data[at + 2] = color[2];
        this.data[at + 3] = 255;
      }
    }
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
    const png = new PNG({ width: this.width, height: this.height });
    this.data.copy(png.data);
    // No per-row filtering: a flat-colour chart compresses about as well, and encodes several times faster.
    return new Uint8Array(PNG.sync.write(png, { filterType: 0 }));
  }
}

export function measureText(text: string, scale: number): number {
  return text.length === 0 ? 0 : (text.length * GLYPH_ADVANCE - 1) * scale;
}

/** Shortens text to at most `maxChars` characters, marking the cut with "..". */
export function fitText(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 2)}..`;
}
