import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { encodePalettePng, encodePng, PALETTE_MAX, Palette, paletteRows } from "../../src/tutor/charts/png.js";

/** Opaque RGBA pixels of `colors` distinct colours, in a pattern with runs and changes from pixel to pixel. */
function opaquePixels(width: number, height: number, colors: number): Uint8Array {
  const pixels = new Uint8Array(width * height * 4);
  for (let at = 0; at < width * height; at++) {
    const color = Math.floor(at / 3) % colors;
    pixels.set([color & 0xff, (color * 7) & 0xff, color >> 8, 255], at * 4);
  }
  return pixels;
}

describe("encodePng", () => {
  it("writes RGBA pixels that a PNG decoder reads back exactly, with their size", () => {
    const width = 37;
    const height = 11;
    const pixels = Uint8Array.from({ length: width * height * 4 }, (_, index) => (index * 7919) % 256);
    const decoded = PNG.sync.read(encodePng(pixels, width, height));
    expect([decoded.width, decoded.height]).toEqual([width, height]);
    expect(Buffer.compare(decoded.data, Buffer.from(pixels))).toBe(0);
  });

  it("refuses pixels that do not fill the size given", () => {
    expect(() => encodePng(new Uint8Array(10), 2, 2)).toThrow("10 bytes are not 2×2 RGBA pixels");
  });
});

describe("a palette image", () => {
  it("decodes to the opaque pixels it was made from, up to a full palette", () => {
    for (const colors of [1, 57, PALETTE_MAX]) {
      const [width, height] = [61, 17];
      const pixels = opaquePixels(width, height, colors);
      const palette = new Palette();
      const rows = paletteRows(pixels, width, height, palette)!;
      expect(palette.size).toBe(colors);
      const decoded = PNG.sync.read(encodePalettePng(rows, width, height, palette));
      expect([decoded.width, decoded.height]).toEqual([width, height]);
      expect(Buffer.compare(decoded.data, Buffer.from(pixels)), `${colors} colours`).toBe(0);
    }
  });

  it("reads pixels that do not start on a 4-byte boundary", () => {
    const pixels = opaquePixels(5, 3, 9);
    const shifted = new Uint8Array(pixels.length + 1).subarray(1);
    shifted.set(pixels);
    const palette = new Palette();
    const decoded = PNG.sync.read(encodePalettePng(paletteRows(shifted, 5, 3, palette)!, 5, 3, palette));
    expect(Buffer.compare(decoded.data, Buffer.from(pixels))).toBe(0);
  });

  it("is refused for more colours than a palette holds, or a pixel that is not opaque", () => {
    expect(paletteRows(opaquePixels(61, 17, PALETTE_MAX + 1), 61, 17, new Palette())).toBeUndefined();
    const translucent = opaquePixels(4, 4, 3);
    translucent[4 * 7 + 3] = 128;
    expect(paletteRows(translucent, 4, 4, new Palette())).toBeUndefined();
  });

  it("is drawn on a copy of a palette without changing the original", () => {
    const [width, height] = [8, 2];
    const base = new Palette();
    paletteRows(opaquePixels(width, height, 4), width, height, base);
    const copy = base.copy();
    const more = opaquePixels(width, height, 6);
    const rows = paletteRows(more, width, height, copy)!;
    expect([base.size, copy.size]).toEqual([4, 6]);
    expect(Buffer.compare(PNG.sync.read(encodePalettePng(rows, width, height, copy)).data, Buffer.from(more))).toBe(0);
  });

  it("refuses rows that do not fill the size given", () => {
    const palette = new Palette();
    palette.indexOf(new Uint32Array(Uint8Array.of(1, 2, 3, 255).buffer)[0]!);
    expect(() => encodePalettePng(new Uint8Array(8), 2, 2, palette)).toThrow("8 bytes are not 2 rows of 2 indexes");
  });
});
