// The parsing thread's entry is TypeScript, and worker threads do not inherit the main thread's loader (tsx,
// vitest): this plain module registers tsx, then imports the entry.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

// Loaded before tsx is registered, so its loader never transforms them: PDF.js's bundles are megabytes, and
// through tsx (with its source maps) they cost this thread some 300 MB more. PDF.js uses a worker module
// found on `globalThis.pdfjsWorker` instead of importing its own.
globalThis.pdfjsWorker = await import("pdfjs-dist/legacy/build/pdf.worker.mjs");
await import("pdf-parse");
await import("@langchain/community/document_loaders/fs/pdf");

register();
process.setSourceMapsEnabled(false);
await import(workerData.entry);
