import { crc32, deflateSync } from "node:zlib";
import type { Rgb } from "./raster.js";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const COLOR_TYPE_PALETTE = 3;

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A PNG of one byte per pixel indexing `palette` (at most 256 colours). A chart has a handful of
 * colours, so this is a quarter of RGBA's bytes to compress, and its long runs deflate fast and small.
 */
export function encodeIndexedPng(width: number, height: number, pixels: Uint8Array, palette: readonly Rgb[]): Uint8Array {
  if (palette.length === 0 || palette.length > 256) throw new RangeError(`a PNG palette holds 1 to 256 colours, not ${palette.length}`);
  if (pixels.length !== width * height) throw new RangeError("pixels do not match the image size");
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = COLOR_TYPE_PALETTE;
  // Each scanline starts with its filter type: 0, none.
  const scanlines = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) scanlines.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const png = Buffer.concat([
    SIGNATURE,
    chunk("IHDR", header),
    chunk("PLTE", Buffer.from(palette.flat())),
    // Level 3: a chart's runs compress nearly as small as at 6, several times faster.
    chunk("IDAT", deflateSync(scanlines, { level: 3 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
  return new Uint8Array(png.buffer, png.byteOffset, png.length);
}
