import type { Worker } from "node:worker_threads";
import { startWorkerThread } from "../../shared/worker-flags.js";
import type { MasteryChartDrawing, MasteryChartInput } from "./mastery-chart.js";

export interface ChartRequest {
  id: number;
  drawing: MasteryChartDrawing;
}

export type ChartResponse = { id: number } & ({ ok: true; png: Uint8Array } | { ok: false; message: string });

const BOOTSTRAP = new URL("../../shared/ts-worker-bootstrap.mjs", import.meta.url);
const ENTRY = new URL("./chart-worker.ts", import.meta.url).href;

/**
 * One thread that draws charts, kept between them (its font and rasterizer take a moment to load): laying out
 * text, rasterizing and encoding take about two milliseconds a chart (a few tens for a course's first), which on
 * the event loop every other student would wait through. Charts are drawn in the order asked. If the thread fails, the charts it had are refused and
 * the next one starts a fresh thread. It does not keep the process alive while idle.
 */
class ChartThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve: (png: Uint8Array) => void; reject: (error: Error) => void }>();
  private nextId = 1;

  draw(drawing: MasteryChartDrawing): Promise<Uint8Array> {
    const id = this.nextId++;
    const worker = this.ensureWorker();
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, drawing } satisfies ChartRequest);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorkerThread(BOOTSTRAP, { workerData: { entry: ENTRY } });
    worker.on("message", (response: ChartResponse) => {
      const waiting = this.pending.get(response.id);
      if (!waiting) return;
      this.pending.delete(response.id);
      if (response.ok) waiting.resolve(response.png);
      else waiting.reject(new Error(`the chart could not be drawn: ${response.message}`));
      if (this.pending.size === 0) worker.unref();
    });
    worker.on("error", (error) => this.fail(worker, error));
    worker.on("exit", (code) => this.fail(worker, new Error(`the chart thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private fail(worker: Worker, error: Error): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    void worker.terminate();
    const refused = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of refused) reject(error);
  }
}

const shared = new ChartThread();

/** Draws a chart on the chart thread. */
export function drawInChartThread(drawing: MasteryChartDrawing): Promise<Uint8Array> {
  return shared.draw(drawing);
}

/**
 * A horizontal bar chart of mastery per skill as a PNG (mastery-chart.ts draws it): the skill's name, a bar as long
 * as its estimated mastery (green when mastered, purple when a teacher set it), the percentage, and a red dashed
 * line at the mastery threshold. Drawn on the chart thread: milliseconds of laying out, rasterizing and encoding
 * that no other student waits for.
 */
export function renderMasteryChart(input: MasteryChartInput): Promise<Uint8Array> {
  return drawInChartThread({
    title: input.title,
    legend: input.legend,
    threshold: input.threshold,
    rows: input.rows.map((row) => ({ ...row, percent: input.formatPercent(Math.max(0, Math.min(1, row.value))) })),
  });
}
