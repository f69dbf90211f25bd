/**
 * The cost of a `/progress` mastery chart, as the chart thread draws it: `drawMasteryChart` (the static layer from
 * its cache as palette indexes, the value strip's bars filled in and its percentages copied from their cache, a
 * palette PNG written with zlib) on N charts of 20 rows with varied values, labelled
 * with the bundled sample course's skills. Beside it, in the same run, the baseline: the whole chart as one SVG
 * through resvg and resvg's PNG encoder (what the chart thread did before). One warm-up chart each first, so the
 * font, the rasterizer and the static layer are loaded (each percentage is rasterized the first time a chart shows it:
 * those charts make the p99).
 *   npm run bench:charts [-- --json] [-- --charts 200]
 */
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { loadCourse } from "../src/retrieval/content/load-course.js";
import { drawMasteryChart, type MasteryChartDrawing, masteryChartSvg, rasterize } from "../src/tutor/charts/mastery-chart.js";
import { messagesFor } from "../src/tutor/i18n/messages.js";
import { quantile } from "./load/timed-model.js";

const { values } = parseArgs({ options: { json: { type: "boolean", default: false }, charts: { type: "string", default: "200" } } });
const chartCount = Number(values.charts);
const ROWS = 20;
const THRESHOLD = 0.95;

const load = await loadCourse(
  path.resolve(import.meta.dirname, "../content/python-basics"),
  path.resolve(import.meta.dirname, "../content"),
);
if (!load.course) throw new Error("the sample course did not load");
const { manifest } = load.course;
const messages = messagesFor("en");
const labels = Array.from({ length: ROWS }, (_, row) => manifest.skills[row % manifest.skills.length]!.name);

/** Chart `index`: every row's value moves with it, so no two charts of a run are alike. */
function drawing(index: number): MasteryChartDrawing {
  return {
    title: messages.t("chart.title", { course: manifest.title }),
    legend: messages.t("chart.legend", { threshold: messages.percent(THRESHOLD) }),
    threshold: THRESHOLD,
    rows: labels.map((label, row) => {
      const value = ((index * 37 + row * 101) % 1001) / 1000;
      const status = row % 5 === 4 ? "override" : value >= THRESHOLD ? "mastered" : "learning";
      return { label, value, status, percent: messages.percent(value) };
    }),
  };
}

const wholeChartPng = (chart: MasteryChartDrawing) => rasterize(masteryChartSvg(chart)).asPng();

function measure(draw: (chart: MasteryChartDrawing) => Uint8Array) {
  draw(drawing(-1));
  const ms: number[] = [];
  let bytes = 0;
  for (let index = 0; index < chartCount; index++) {
    const start = performance.now();
    bytes += draw(drawing(index)).length;
    ms.push(performance.now() - start);
  }
  const at = (share: number) => Number(quantile(ms, share).toFixed(2));
  return { p50Ms: at(0.5), p99Ms: at(0.99), meanPngBytes: Math.round(bytes / chartCount) };
}

const composed = measure(drawMasteryChart);
const baseline = measure(wholeChartPng);
const { width, height } = rasterize(masteryChartSvg(drawing(0)));
if (values.json) {
  console.log(JSON.stringify({ charts: chartCount, rows: ROWS, width, height, composed, baselineWholeSvg: baseline }));
} else {
  console.log(`${chartCount} charts of ${ROWS} rows (${width}×${height} px), ms per chart:`);
  console.log(
    `  static layer cached + value strip filled in + palette PNG: p50 ${composed.p50Ms}, p99 ${composed.p99Ms}; PNG ${composed.meanPngBytes} bytes`,
  );
  console.log(
    `  baseline, whole chart through resvg and its encoder: p50 ${baseline.p50Ms}, p99 ${baseline.p99Ms}; PNG ${baseline.meanPngBytes} bytes`,
  );
}
