import { z } from "zod";
import type { Passage } from "./passage.js";

export const PassageSchema = z.object({
  id: z.string(),
  courseId: z.string(),
  file: z.string(),
  lessonTitle: z.string(),
  headingPath: z.array(z.string()),
  skills: z.array(z.string()),
  text: z.string(),
  locator: z.string().optional(),
  startLine: z.number().int().positive(),
  endLine: z.number().int().positive(),
}) satisfies z.ZodType<Passage>;

/** What a persisted course index holds beside its vectors: enough to search and to update incrementally. */
export const IndexManifestSchema = z.object({
  format: z.literal(1),
  courseId: z.string(),
  embedderId: z.string(),
  /** The tokenizer (and so the course language) the terms and built-in vectors were made with. */
  tokenizerId: z.string(),
  /** Vector length; null while the index has never held a vector. */
  dimensions: z.number().int().positive().nullable(),
  chunkerVersion: z.number().int(),
  /** Passage size the index was chunked with: another size means re-chunking everything. */
  maxChars: z.number().int().positive(),
  /** sha256 of each indexed source file, to re-embed only what changed. */
  fileHashes: z.record(z.string(), z.string()),
  /** Every live passage with its label in the HNSW index. */
  entries: z.array(z.object({ label: z.number().int().nonnegative(), passage: PassageSchema })),
  nextLabel: z.number().int().nonnegative(),
});
export type IndexManifest = z.infer<typeof IndexManifestSchema>;
