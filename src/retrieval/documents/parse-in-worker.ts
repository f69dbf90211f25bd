import type { Worker } from "node:worker_threads";
import { startWorkerThread } from "../../shared/worker-flags.js";
import { DocumentError, DOCUMENT_LIMITS, type ConvertedDocument } from "./converted-document.js";
import type { DocumentFormat } from "./document-formats.js";

export interface ParseRequest {
  id: number;
  format: DocumentFormat;
  bytes: Uint8Array;
  maxParts: number;
}

export type ParseResponse = { id: number } & ({ ok: true; document: ConvertedDocument } | { ok: false; message: string; fix: string });

export interface ParseLimits {
  timeoutMs: number;
  maxParts: number;
}

const BOOTSTRAP = new URL("./worker-bootstrap.mjs", import.meta.url);
const ENTRY = new URL("./document-worker.ts", import.meta.url).href;

interface Pending {
  request: ParseRequest;
  timeoutMs: number;
  resolve: (document: ConvertedDocument) => void;
  reject: (error: Error) => void;
}

/**
 * One parsing thread, kept warm between files (loading PDF.js, mammoth and LangChain costs more than most files)
 * and working through them one at a time. A file that runs past its time or the thread's heap ends the thread;
 * the next file starts a fresh one. The thread does not keep the process alive while idle.
 */
class DocumentWorker {
  private worker: Worker | undefined;
  private readonly queue: Pending[] = [];
  private current: { pending: Pending; timer: NodeJS.Timeout } | undefined;
  private nextId = 1;

  parse(format: DocumentFormat, bytes: Uint8Array, limits: ParseLimits): Promise<ConvertedDocument> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        request: { id: this.nextId++, format, bytes, maxParts: limits.maxParts },
        timeoutMs: limits.timeoutMs,
        resolve,
        reject,
      });
      this.pump();
    });
  }

  private pump(): void {
    if (this.current) return;
    const pending = this.queue.shift();
    if (!pending) {
      this.worker?.unref();
      return;
    }
    const worker = this.ensureWorker();
    worker.ref();
    const timer = setTimeout(() => {
      this.fail(
        new DocumentError(
          `reading the file took longer than ${pending.timeoutMs / 1000} s, so it was stopped`,
          "split the document into smaller files, or export it again from its source program",
        ),
      );
    }, pending.timeoutMs);
    this.current = { pending, timer };
    worker.postMessage(pending.request);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // The bootstrap registers tsx's loader itself once PDF.js is in, so PDF.js is not transformed.
    const worker = startWorkerThread(BOOTSTRAP, {
      workerData: { entry: ENTRY },
      resourceLimits: { maxOldGenerationSizeMb: DOCUMENT_LIMITS.maxHeapMb },
    });
    worker.on("message", (response: ParseResponse) => {
      if (!this.current || response.id !== this.current.pending.request.id) return;
      const { pending, timer } = this.current;
      clearTimeout(timer);
      this.current = undefined;
      if (response.ok) pending.resolve(response.document);
      else pending.reject(new DocumentError(response.message, response.fix));
      this.pump();
    });
    worker.on("error", (error: Error & { code?: string }) => {
      if (worker !== this.worker) return;
      this.fail(
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? new DocumentError(
              `reading the file needed more than ${DOCUMENT_LIMITS.maxHeapMb} MB of memory, so it was stopped`,
              "split the document into smaller files",
            )
          : new DocumentError(
              `the file could not be read (${error.message.split("\n")[0]})`,
              "open it in its program, save it again, and check that it opens there",
            ),
      );
    });
    worker.on("exit", (code) => {
      if (worker !== this.worker) return;
      this.fail(
        new DocumentError(`the reader stopped unexpectedly (exit code ${code})`, "export the document again from its source program"),
      );
    });
    this.worker = worker;
    return worker;
  }

  /** Ends the thread (it may be stuck in the file) and rejects the file it was reading; the queue goes on. */
  private fail(error: DocumentError): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    if (this.current) {
      clearTimeout(this.current.timer);
      this.current.pending.reject(error);
      this.current = undefined;
    }
    this.pump();
  }
}

const shared = new DocumentWorker();

/** Converts a document off the event loop, within a time limit and the parsing thread's heap limit. */
export function parseInWorker(format: DocumentFormat, bytes: Uint8Array, limits: Partial<ParseLimits> = {}): Promise<ConvertedDocument> {
  return shared.parse(format, bytes, { timeoutMs: DOCUMENT_LIMITS.timeoutMs, maxParts: DOCUMENT_LIMITS.maxParts, ...limits });
}
