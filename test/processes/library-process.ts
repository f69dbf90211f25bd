/**
 * One tutor process as main.ts composes it (settings from the environment, the real library with its content
 * watcher), answering a test over stdin/stdout instead of a chat adapter: `search <words>` prints the files and
 * texts of the best passages as one JSON line; `lessons` prints the lessons' bodies as the process last read
 * them from the content folder. Prints `ready` once the library is open. Logs go to stderr.
 */
import { createInterface } from "node:readline";
import { createTutorApp } from "../../src/compose.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";

const config = loadConfig();
const app = await createTutorApp(config, createLogger({ level: "info" }), { watchContent: true });
const courseId = app.library.courses()[0]?.manifest.id ?? "";
process.stdout.write("ready\n");
for await (const line of createInterface({ input: process.stdin })) {
  const answer =
    line === "lessons"
      ? app.library.course(courseId)?.lessons.map((lesson) => lesson.body)
      : (await app.library.search(courseId, line.replace(/^search /, ""), 3)).map((hit) => ({
          file: hit.passage.file,
          text: hit.passage.text,
        }));
  process.stdout.write(`${JSON.stringify(answer ?? [])}\n`);
}
await app.close();
