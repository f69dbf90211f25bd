/**
 * HNSW against exact search on synthetic course text embedded with the built-in embedder, at 1k, 10k and
 * 100k passages: build throughput, query latency, recall@10 of HNSW against the exact answer, size on disk.
 *   npm run bench:index [-- --json] [-- --sizes 1000,10000]
 */
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import hnswlib from "hnswlib-node";
import { HashingEmbedder } from "../src/retrieval/hashing-embedder.js";
import { createPrng } from "../src/tutor/mastery/prng.js";

const M = 16;
const EF_CONSTRUCTION = 100;
// Hashed vectors have a high intrinsic dimension: at 100k passages ef=128 reaches only recall 0.92.
const EF_SEARCH = 400;
const K = 10;
const QUERIES = 200;
const TOPICS = 200;

interface SizeResult {
  passages: number;
  "recall@10": number;
  hnswMsPerQuery: number;
  exactMsPerQuery: number;
  speedup: number;
  buildPassagesPerSec: number;
  embedPassagesPerSec: number;
  indexBytes: number;
}

const SYLLABLES = "ka lo mi ne ru sa te vo zu pa de fi go hu ja be co".split(" ");

/**
 * A vocabulary of pseudo-words; each topic owns 40 of them. A passage mixes its topic's words (Zipf-like,
 * so a few dominate) with general words, as a lesson section does.
 */
function createCorpusGenerator(seed: number) {
  const random = createPrng(seed);
  const word = (i: number) => {
    let text = "";
    for (let n = i + SYLLABLES.length; n > 0; n = Math.floor(n / SYLLABLES.length)) text += SYLLABLES[n % SYLLABLES.length];
    return text;
  };
  const general = Array.from({ length: 2000 }, (_, i) => word(i));
  const topics = Array.from({ length: TOPICS }, (_, t) => Array.from({ length: 40 }, (_, i) => word(2000 + t * 40 + i)));
  const zipf = (n: number) => Math.min(n - 1, Math.floor(n * random() ** 2.5));
  const text = (length: number, topicShare: number) => {
    const topic = topics[Math.floor(random() * TOPICS)]!;
    const words: string[] = [];
    for (let i = 0; i < length; i++) words.push(random() < topicShare ? topic[zipf(topic.length)]! : general[zipf(general.length)]!);
    return words.join(" ");
  };
  return { passage: () => text(90 + Math.floor(random() * 60), 0.45), query: () => text(8, 0.7) };
}

function searchExact(matrix: Float32Array, count: number, dims: number, query: Float32Array, k: number): number[] {
  const best: { label: number; score: number }[] = [];
  for (let row = 0; row < count; row++) {
    let score = 0;
    const offset = row * dims;
    for (let d = 0; d < dims; d++) score += matrix[offset + d]! * query[d]!;
    if (best.length < k || score > best[best.length - 1]!.score) {
      best.push({ label: row, score });
      best.sort((a, b) => b.score - a.score);
      if (best.length > k) best.pop();
    }
  }
  return best.map((hit) => hit.label);
}

async function measureSize(passages: number, embedder: HashingEmbedder): Promise<SizeResult> {
  const generate = createCorpusGenerator(passages);
  const dims = embedder.dimensions;
  const matrix = new Float32Array(passages * dims);
  const embedStart = performance.now();
  for (let row = 0; row < passages; row++) matrix.set(embedder.embedOne(generate.passage()), row * dims);
  const embedSeconds = (performance.now() - embedStart) / 1000;

  const index = new hnswlib.HierarchicalNSW("cosine", dims);
  index.initIndex({ maxElements: passages, m: M, efConstruction: EF_CONSTRUCTION });
  const buildStart = performance.now();
  for (let row = 0; row < passages; row++) index.addPoint(Array.from(matrix.subarray(row * dims, (row + 1) * dims)), row);
  const buildSeconds = (performance.now() - buildStart) / 1000;
  index.setEf(EF_SEARCH);

  const queries = Array.from({ length: QUERIES }, () => embedder.embedOne(generate.query()));
  const hnswStart = performance.now();
  const approximate = queries.map((query) => index.searchKnn(query, K).neighbors);
  const hnswMs = (performance.now() - hnswStart) / QUERIES;
  const exactStart = performance.now();
  const exact = queries.map((query) => searchExact(matrix, passages, dims, Float32Array.from(query), K));
  const exactMs = (performance.now() - exactStart) / QUERIES;

  let hits = 0;
  exact.forEach((truth, q) => {
    const found = new Set(approximate[q]);
    hits += truth.filter((label) => found.has(label)).length;
  });

  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-index-"));
  try {
    const file = path.join(dir, "vectors.hnsw");
    index.writeIndexSync(file);
    const indexBytes = (await stat(file)).size;
    return {
      passages,
      "recall@10": hits / (QUERIES * K),
      hnswMsPerQuery: hnswMs,
      exactMsPerQuery: exactMs,
      speedup: exactMs / hnswMs,
      buildPassagesPerSec: passages / buildSeconds,
      embedPassagesPerSec: passages / embedSeconds,
      indexBytes,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { json: { type: "boolean", default: false }, sizes: { type: "string", default: "1000,10000,100000" } },
  });
  const embedder = new HashingEmbedder();
  const sizes: SizeResult[] = [];
  for (const passages of values.sizes.split(",").map(Number)) {
    const result = await measureSize(passages, embedder);
    sizes.push(result);
    if (!values.json) {
      console.log(
        `${String(passages).padStart(7)} passages  recall@10 ${result["recall@10"].toFixed(4)}  ` +
          `HNSW ${result.hnswMsPerQuery.toFixed(3)} ms  exact ${result.exactMsPerQuery.toFixed(2)} ms  ` +
          `speedup ${result.speedup.toFixed(1)}x  build ${Math.round(result.buildPassagesPerSec)}/s  ` +
          `embed ${Math.round(result.embedPassagesPerSec)}/s  index ${(result.indexBytes / 1e6).toFixed(1)} MB`,
      );
    }
  }
  if (values.json) console.log(JSON.stringify({ sizes }));
  else
    console.log(`(embedder ${embedder.id}, ${embedder.dimensions} dims; HNSW M=${M}, efConstruction=${EF_CONSTRUCTION}, ef=${EF_SEARCH})`);
}

await main();
