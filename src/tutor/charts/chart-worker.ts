import { parentPort } from "node:worker_threads";
import type { ChartRequest, ChartResponse } from "./chart-thread.js";
import { drawMasteryChart } from "./mastery-chart.js";

const port = parentPort;
if (!port) throw new Error("chart-worker.ts runs as the chart thread (chart-thread.ts starts it)");

port.on("message", ({ id, drawing }: ChartRequest) => {
  let response: ChartResponse;
  try {
    // A copy of the encoder's buffer, which this thread can hand over without copying again.
    const png = new Uint8Array(drawMasteryChart(drawing));
    response = { id, ok: true, png };
    port.postMessage(response, [png.buffer]);
  } catch (error) {
    response = { id, ok: false, message: error instanceof Error ? error.message : String(error) };
    port.postMessage(response);
  }
});
