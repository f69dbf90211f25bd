import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { encodePng } from "../../src/tutor/charts/png.js";

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
