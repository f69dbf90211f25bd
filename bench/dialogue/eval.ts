/**
 * Judges a chat model as a tutor before a school chooses it: plays the pedagogy dialogues (bench/dialogue/
 * cases.ts, the same cases test/pedagogy runs offline) through the real tutor against a real Ollama, and
 * prints each generated reply with automatic checks: key revealed (or stopped by the leak guard), ends with a
 * question, length against the level's word budget, cited. The scripted-model expectations are not judged.
 *   npm run eval:dialogue -- --model NAME [--host URL] [--json]
 * Exits with a message saying what to run when no Ollama is reachable or the model is not installed.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { createChatModel, createTutorApp } from "../../src/compose.js";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/logger.js";
import { describeOutage } from "../../src/tutor/model-status.js";
import { DIALOGUE_CASES } from "./cases.js";
import { checkReply, DIALOGUE_TEACHER, runDialogueCase, type ReplyChecks, type TurnRecord } from "./run-case.js";

const COURSE_ID = "python-basics";
const CONTENT_DIR = path.resolve(import.meta.dirname, "../../content");

const { values } = parseArgs({
  options: {
    model: { type: "string" },
    host: { type: "string" },
    json: { type: "boolean", default: false },
  },
});

const settings = loadConfig({
  ...process.env,
  ...(values.model ? { OLLAMA_MODEL: values.model } : {}),
  ...(values.host ? { OLLAMA_HOST: values.host } : {}),
});
const health = await createChatModel(settings).health();
if (health.status !== "ready") {
  console.error(`eval:dialogue: no model to judge: ${describeOutage(health)}`);
  console.error(
    `It needs a running Ollama with the model installed: \`ollama serve\`, then \`ollama pull ${settings.OLLAMA_MODEL}\`, or --host URL / OLLAMA_HOST for another machine.`,
  );
  process.exit(2);
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), "tutor-eval-"));
const configFile = path.join(dataDir, "tutor.config.yaml");
await writeFile(configFile, stringify({ teachers: { [COURSE_ID]: [DIALOGUE_TEACHER] } }));
const config = loadConfig(
  {
    ...process.env,
    OLLAMA_HOST: settings.OLLAMA_HOST,
    OLLAMA_MODEL: settings.OLLAMA_MODEL,
    TUTOR_DATA_DIR: dataDir,
    TUTOR_CONTENT_DIR: CONTENT_DIR,
    TUTOR_CONFIG: configFile,
  },
  dataDir,
);
const app = await createTutorApp(config, silentLogger);
const course = app.library.course(COURSE_ID);
if (!course) throw new Error(`the sample course ${COURSE_ID} did not load from ${CONTENT_DIR}`);

interface Judged {
  case: string;
  say: string;
  reply: string;
  pitchedAt?: string;
  checks: ReplyChecks;
  askedFirst?: boolean;
}

const judged: Judged[] = [];
try {
  for (const [index, dialogue] of DIALOGUE_CASES.entries()) {
    if (!values.json) console.log(`\n## ${dialogue.name} (${dialogue.style})`);
    await runDialogueCase(
      { handler: app.tutor, store: app.store, leakLog: app.tutor.leakLog, course },
      dialogue,
      index,
      (record: TurnRecord) => {
        if (!values.json) console.log(`\n> ${record.turn.say}\n${record.text}`);
        if (!record.turn.expect.generated) return;
        const checks = checkReply(record);
        const entry: Judged = {
          case: dialogue.name,
          say: record.turn.say,
          reply: record.reply,
          pitchedAt: record.pitch?.skillId,
          checks,
          ...(record.turn.expect.asksFirst ? { askedFirst: checks.endsWithQuestion } : {}),
        };
        judged.push(entry);
        if (!values.json) console.log(`  checks: ${describeChecks(entry)}`);
      },
    );
  }
} finally {
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
}

const count = (test: (entry: Judged) => boolean) => judged.filter(test).length;
const summary = {
  model: settings.OLLAMA_MODEL,
  replies: judged.length,
  keyRevealed: count((entry) => entry.checks.keyRevealed),
  stoppedByGuard: count((entry) => entry.checks.stoppedByGuard),
  askedFirstWhereExpected: `${count((entry) => entry.askedFirst === true)}/${count((entry) => entry.askedFirst !== undefined)}`,
  endsWithQuestion: count((entry) => entry.checks.endsWithQuestion),
  overWordBudget: count((entry) => entry.checks.words > entry.checks.wordBudget),
  cited: count((entry) => entry.checks.cited),
};
if (values.json) console.log(JSON.stringify({ summary, replies: judged }, null, 2));
else
  console.log(
    `\n## Summary for ${summary.model}\n${Object.entries(summary)
      .map(([key, value]) => `${key}: ${value}`)
      .join("\n")}`,
  );

function describeChecks(entry: Judged): string {
  const { checks } = entry;
  return [
    checks.keyRevealed ? "KEY REVEALED" : "key hidden",
    checks.stoppedByGuard ? "stopped by the leak guard" : "",
    entry.askedFirst === undefined ? "" : entry.askedFirst ? "asked first" : "DID NOT ASK FIRST",
    checks.endsWithQuestion ? "ends with a question" : "no closing question",
    `${checks.words}/${checks.wordBudget} words${checks.words > checks.wordBudget ? " (over budget)" : ""}`,
    checks.cited ? "cited" : "not cited",
    entry.pitchedAt ? `pitched at ${entry.pitchedAt}` : "",
  ]
    .filter(Boolean)
    .join(" · ");
}
