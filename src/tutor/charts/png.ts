import { crc32, deflateSync } from "node:zlib";

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
/** 8 bits per channel (RGBA: the pixels as resvg renders them) or per palette index. */
const BIT_DEPTH = 8;
const COLOR_TYPE_RGBA = 6;
const COLOR_TYPE_PALETTE = 3;
/** A PNG palette holds at most 256 colours. */
export const PALETTE_MAX = 256;
/**
 * zlib's level 2 on unfiltered rows. RGBA, measured on a 20-row chart: 3.9 ms and 56 KB (level 3: 5.0 ms, 54 KB;
 * level 6: 14.5 ms, 44 KB; the Sub filter doubled the time for larger files, these images being flat colours and
 * text). Palette indices of the same chart: 0.8 ms and 17 KB (level 1: 1.1 ms, 17 KB; Z_RLE: 0.8 ms, 27 KB).
 */
const DEFLATE_LEVEL = 2;

/** A PNG chunk: length, type, data and the CRC of type and data. */
function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A PNG file of `rows` (each row preceded by its filter type), compressed by Node's zlib. */
function pngFile(width: number, height: number, colorType: number, rows: Uint8Array, palette?: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = BIT_DEPTH;
  header[9] = colorType;
  return Buffer.concat([
    SIGNATURE,
    chunk("IHDR", header),
    ...(palette ? [chunk("PLTE", palette)] : []),
    chunk("IDAT", deflateSync(rows, { level: DEFLATE_LEVEL })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

/**
 * RGBA pixels (row by row, 4 bytes each) as a PNG, compressed by Node's zlib. Written here because the encoders
 * measured were slower or unsafe for a long-running process: resvg's own takes 10–14 ms a chart and encodes only
 * what it rendered itself; pngjs and fast-png, in JavaScript, 16–60 ms; @napi-rs/image's fast mode 2 ms, but each
 * encode kept 1.7 MB of native memory until a garbage collection that its small JavaScript objects rarely caused
 * (1 GB of RSS after 800 charts).
 */
export function encodePng(pixels: Uint8Array, width: number, height: number): Buffer {
  const stride = width * 4;
  if (pixels.length !== stride * height) throw new Error(`encodePng: ${pixels.length} bytes are not ${width}×${height} RGBA pixels`);
  // Each row is preceded by its filter type: 0, none.
  const rows = Buffer.alloc((stride + 1) * height);
  for (let row = 0; row < height; row++) rows.set(pixels.subarray(row * stride, (row + 1) * stride), row * (stride + 1) + 1);
  return pngFile(width, height, COLOR_TYPE_RGBA, rows);
}

/**
 * Opaque colours numbered in the order first seen, at most `PALETTE_MAX`: a chart of flat colours and antialiased
 * text in two colours has a few dozen, and written as one byte a pixel it compresses in a fifth of the time of its
 * RGBA pixels, to a third of the size. Colours are RGBA pixels read as 32-bit numbers in the machine's byte order
 * (a Uint32Array over RGBA bytes).
 */
export class Palette {
  private readonly indexes = new Map<number, number>();
  private readonly rgb = new Uint8Array(PALETTE_MAX * 3);
  private readonly scratch = new Uint32Array(1);
  private readonly scratchBytes = new Uint8Array(this.scratch.buffer);

  get size(): number {
    return this.indexes.size;
  }

  /** The colour's index, numbering it if new; undefined when it is not opaque or the palette is full. */
  indexOf(color: number): number | undefined {
    const known = this.indexes.get(color);
    if (known !== undefined) return known;
    this.scratch[0] = color;
    if (this.scratchBytes[3] !== 255 || this.indexes.size === PALETTE_MAX) return undefined;
    const index = this.indexes.size;
    this.rgb.set(this.scratchBytes.subarray(0, 3), index * 3);
    this.indexes.set(color, index);
    return index;
  }

  /** A palette with the same colours at the same indexes, to which more can be added without changing this one. */
  copy(): Palette {
    const copy = new Palette();
    for (const [color, index] of this.indexes) copy.indexes.set(color, index);
    copy.rgb.set(this.rgb);
    return copy;
  }

  /** The PLTE chunk's data: red, green, blue of each colour in index order. */
  entries(): Uint8Array {
    return this.rgb.subarray(0, this.indexes.size * 3);
  }
}

/**
 * A palette image as a PNG. `rows` holds each row's filter type (0: the indexes as they are) followed by its
 * `width` palette indexes, one byte each; decoders read it back as the opaque RGBA pixels the palette names.
 */
export function encodePalettePng(rows: Uint8Array, width: number, height: number, palette: Palette): Buffer {
  if (rows.length !== (width + 1) * height)
    throw new Error(`encodePalettePng: ${rows.length} bytes are not ${height} rows of ${width} indexes, each after its filter type`);
  if (palette.size === 0) throw new Error("encodePalettePng: the palette is empty");
  return pngFile(width, height, COLOR_TYPE_PALETTE, rows, palette.entries());
}

/**
 * RGBA pixels as the rows of a palette image (each row's filter type, 0, then its indexes), numbering their colours
 * in `palette`; undefined when a pixel is not opaque or the colours do not fit.
 */
export function paletteRows(pixels: Uint8Array, width: number, height: number, palette: Palette): Buffer | undefined {
  if (pixels.length !== width * height * 4) throw new Error(`paletteRows: ${pixels.length} bytes are not ${width}×${height} RGBA pixels`);
  const aligned = pixels.byteOffset % 4 === 0 ? pixels : Uint8Array.from(pixels);
  const colors = new Uint32Array(aligned.buffer, aligned.byteOffset, width * height);
  const rows = Buffer.alloc((width + 1) * height);
  // Neighbours mostly share a colour: one look-up a run.
  let runColor: number | undefined;
  let runIndex = 0;
  for (let row = 0; row < height; row++) {
    for (let x = 0, at = row * width, out = row * (width + 1) + 1; x < width; x++, at++, out++) {
      const color = colors[at]!;
      if (color !== runColor) {
        const index = palette.indexOf(color);
        if (index === undefined) return undefined;
        runColor = color;
        runIndex = index;
      }
      rows[out] = runIndex;
    }
  }
  return rows;
}
