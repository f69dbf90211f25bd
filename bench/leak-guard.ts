/**
 * The leak guard's cost on a streamed reply, as the tutor runs it: a StreamGate fed token-sized pieces,
 * checking the text so far with the guard's stream check. Replies of 4k and 32k characters of ordinary
 * lesson text (from the bundled sample course) with a quiz item pending, so nothing is stopped and every
 * character is checked. Beside it, in the same run, the baseline: the whole reply checked again at every
 * release (what the guard did before its scan became incremental).
 *   npm run bench:leak-guard [-- --json] [-- --sizes 4000,32000]
 */
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { loadCourse } from "../src/retrieval/content/load-course.js";
import type { QuizItem } from "../src/retrieval/content/schema.js";
import { leakGuardFor, type LeakGuard } from "../src/tutor/leak-guard/leak-guard.js";
import type { Leak } from "../src/tutor/leak-guard/leak.js";
import { StreamGate } from "../src/tutor/leak-guard/stream-gate.js";

const { values } = parseArgs({ options: { json: { type: "boolean", default: false }, sizes: { type: "string", default: "4000,32000" } } });
const sizes = values.sizes.split(",").map(Number);
const STUDENT_MESSAGE = "Can you explain this part of the lesson to me?";
const PENDING_ITEM = "trace-two-variables";

const load = await loadCourse(
  path.resolve(import.meta.dirname, "../content/python-basics"),
  path.resolve(import.meta.dirname, "../content"),
);
if (!load.course) throw new Error("the sample course did not load");
const course = load.course;
const guard = leakGuardFor(course);
const item = course.items.find((doc) => doc.item.id === PENDING_ITEM)!.item;

/** Lesson sections the guard passes with the item pending, repeated up to `size` characters. */
function ordinaryReply(size: number): string {
  const sections = course.lessons
    .flatMap((lesson) => lesson.body.split(/\n(?=#{1,6}\s)/))
    .filter((section) => !guard.check(section, { pendingItem: item, studentMessage: STUDENT_MESSAGE }));
  let text = "";
  for (let index = 0; text.length < size; index += 1) text += `${sections[index % sections.length]!.trim()}\n\n`;
  return text.slice(0, size);
}

/** Token-sized pieces, as a model streams them. */
function pieces(text: string): string[] {
  return text.match(/\s*\S{1,4}|\s+/g) ?? [];
}

function streamThrough(check: (text: string) => Leak | undefined, parts: readonly string[]): { ms: number; stopped: boolean } {
  const gate = new StreamGate(check);
  const start = performance.now();
  let stopped = false;
  for (const part of parts) {
    if (gate.push(part).kind === "leak") {
      stopped = true;
      break;
    }
  }
  if (!stopped) stopped = gate.finish().kind === "leak";
  return { ms: performance.now() - start, stopped };
}

function measure(size: number, pending: QuizItem, leakGuard: LeakGuard) {
  const reply = ordinaryReply(size);
  const parts = pieces(reply);
  const input = { pendingItem: pending, studentMessage: STUDENT_MESSAGE };
  // One warm-up pass so both figures are of compiled code.
  streamThrough(leakGuard.streamCheck(input), parts);
  const incremental = streamThrough(leakGuard.streamCheck(input), parts);
  const wholeEachTime = streamThrough((text) => leakGuard.check(text, input), parts);
  const per1k = (ms: number) => Number(((ms * 1000) / reply.length).toFixed(2));
  return {
    chars: reply.length,
    pieces: parts.length,
    msPer1kChars: per1k(incremental.ms),
    totalMs: Number(incremental.ms.toFixed(1)),
    baselineWholeTextMsPer1kChars: per1k(wholeEachTime.ms),
    baselineTotalMs: Number(wholeEachTime.ms.toFixed(1)),
    stopped: incremental.stopped || wholeEachTime.stopped,
  };
}

const results = sizes.map((size) => measure(size, item, guard));
if (values.json) {
  console.log(JSON.stringify({ pendingItem: PENDING_ITEM, results }));
} else {
  for (const result of results) {
    console.log(
      `${result.chars} chars in ${result.pieces} pieces: ${result.msPer1kChars} ms per 1,000 chars (${result.totalMs} ms in all); ` +
        `baseline, whole text at every release: ${result.baselineWholeTextMsPer1kChars} ms per 1,000 chars (${result.baselineTotalMs} ms)${result.stopped ? " — STOPPED: not a clean measure" : ""}`,
    );
  }
}
