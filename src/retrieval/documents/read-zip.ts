import { type AsyncFlateStreamHandler, type FlateError, Unzip, type UnzipDecoder, type UnzipDecoderConstructor } from "fflate";
import { inflateRawSync } from "node:zlib";
import { DocumentError, DOCUMENT_LIMITS } from "./converted-document.js";

const PUSH_BYTES = 16_384;

export interface ZipLimits {
  maxEntries: number;
  maxUnzippedBytes: number;
}

/**
 * Inflates a zip archive (DOCX, PPTX and EPUB are zips) counting entries and the bytes actually produced, not
 * the sizes the archive declares, and stops at the first one over the limits: a zip bomb costs at most the
 * limit. Keeps the entries `keep` asks for.
 */
export function readZip(
  bytes: Uint8Array,
  keep: (name: string) => boolean = () => false,
  limits: ZipLimits = { maxEntries: DOCUMENT_LIMITS.maxZipEntries, maxUnzippedBytes: DOCUMENT_LIMITS.maxUnzippedBytes },
): Map<string, Uint8Array> {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b))
    throw new DocumentError(
      "the file is not a zip archive as this format requires (damaged, or another format renamed)",
      "open it in its program and save it again in this format",
    );
  if (!hasEndRecord(bytes))
    throw new DocumentError(
      "the file is incomplete: its zip archive has no end (cut short, or still being copied)",
      "copy or save the whole file again",
    );
  const kept = new Map<string, Uint8Array>();
  let entries = 0;
  let total = 0;
  let over: string | undefined;
  let failure: Error | undefined;
  const overLimit = `over ${Math.round(limits.maxUnzippedBytes / 1_000_000)} MB once decompressed`;
  const unzip = new Unzip((file) => {
    if (over || failure) return;
    entries++;
    if (entries > limits.maxEntries) {
      over = `more than ${limits.maxEntries} entries`;
      return;
    }
    const chunks: Uint8Array[] = [];
    const wanted = keep(file.name);
    file.ondata = (error, chunk, final) => {
      if (error) {
        failure = error;
        return;
      }
      total += chunk.length;
      if (total > limits.maxUnzippedBytes) {
        over = overLimit;
        file.terminate();
        return;
      }
      if (wanted) chunks.push(chunk);
      if (final && wanted) kept.set(file.name, concat(chunks));
    };
    file.start();
  });
  unzip.register(
    cappedInflate(
      () => limits.maxUnzippedBytes - total,
      () => {
        over = overLimit;
      },
    ),
  );
  try {
    // In slices: fflate recurses once per entry found in one push, and an archive of many tiny entries would
    // otherwise overflow the stack before the entry count is checked.
    for (let offset = 0; offset < bytes.length && !over && !failure; offset += PUSH_BYTES) {
      unzip.push(bytes.subarray(offset, offset + PUSH_BYTES), offset + PUSH_BYTES >= bytes.length);
    }
  } catch (error) {
    failure ??= error as Error;
  }
  if (over)
    throw new DocumentError(
      `the archive inside the file is ${over} (a “zip bomb”, or far too large)`,
      "save a smaller version of the document",
    );
  if (failure)
    throw new DocumentError(`the archive inside the file is damaged (${failure.message})`, "open it in its program and save it again");
  return kept;
}

/**
 * Deflated entries inflated whole by Node's zlib, never past the bytes the limit has left (`onOver` instead):
 * fflate's own streaming inflater allocates some 160 KB of buffers per entry, so a deck of a few hundred small
 * XML parts churned 50 MB through the parsing thread's memory.
 */
function cappedInflate(bytesLeft: () => number, onOver: () => void): UnzipDecoderConstructor {
  return class CappedInflate implements UnzipDecoder {
    static readonly compression = 8;
    ondata: AsyncFlateStreamHandler = () => {};
    private readonly compressed: Uint8Array[] = [];

    push(chunk: Uint8Array, final: boolean): void {
      this.compressed.push(chunk);
      if (!final) return;
      let inflated: Uint8Array<ArrayBuffer>;
      try {
        inflated = inflateRawSync(concat(this.compressed), { maxOutputLength: Math.max(1, bytesLeft()) }) as Uint8Array<ArrayBuffer>;
      } catch (error) {
        if ((error as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE") onOver();
        else this.ondata(error as FlateError, new Uint8Array(), true);
        return;
      }
      this.ondata(null, inflated, true);
    }
  };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * A zip ends with its central directory's end record (signature PK\x05\x06, then a comment of up to 64 KiB).
 * Inflating entry by entry would accept a file cut short, e.g. one the watcher sees half copied.
 */
function hasEndRecord(bytes: Uint8Array): boolean {
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at--) {
    if (bytes[at] === 0x50 && bytes[at + 1] === 0x4b && bytes[at + 2] === 0x05 && bytes[at + 3] === 0x06) return true;
  }
  return false;
}
