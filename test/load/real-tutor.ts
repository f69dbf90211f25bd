import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createLogger, silentLogger, type Logger, type LogLevel } from "../../src/logger.js";
import { CourseLibrary } from "../../src/retrieval/course-library.js";
import { HashingEmbedder } from "../../src/retrieval/hashing-embedder.js";
import type { ChatModel } from "../../src/tutor/llm/chat-model.js";
import { OllamaChatModel } from "../../src/tutor/llm/ollama-chat-model.js";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";
import { Tutor, type TutorOptions } from "../../src/tutor/tutor.js";
import type { ReplyEvent, Turn } from "../../src/tutor/turn.js";
import { SAMPLE_CONTENT_DIR } from "../support/tutor-fixture.js";

export interface RealTutor {
  tutor: Tutor;
  library: CourseLibrary;
  store: SqliteProfileStore;
  dataDir: string;
  databaseFile: string;
  close(): Promise<void>;
}

export interface RealTutorOptions extends Partial<Omit<TutorOptions, "catalog" | "store" | "model">> {
  ollamaUrl: string;
  contentDir?: string;
  model?: ChatModel;
  /** Limits of the real Ollama client; small in fault tests so a hang ends quickly. */
  requestTimeoutMs?: number;
  idleTimeoutMs?: number;
}

/**
 * The real Tutor built piece by piece (unlike compose.ts) so a test can set what the config does not
 * expose: the model's recheck interval, the clock, client timeouts.
 */
export async function createRealTutor(options: RealTutorOptions): Promise<RealTutor> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "tutor-load-"));
  const log: Logger = options.log ?? silentLogger;
  const library = await CourseLibrary.open({
    contentDir: options.contentDir ?? SAMPLE_CONTENT_DIR,
    dataDir,
    embedder: new HashingEmbedder(),
    log,
  });
  const databaseFile = path.join(dataDir, "tutor.db");
  const store = new SqliteProfileStore(databaseFile);
  const model =
    options.model ??
    new OllamaChatModel({
      host: options.ollamaUrl,
      model: "llama3.2",
      requestTimeoutMs: options.requestTimeoutMs ?? 5000,
      idleTimeoutMs: options.idleTimeoutMs ?? 5000,
    });
  const tutor = new Tutor({ ...options, catalog: library, store, model, log });
  return {
    tutor,
    library,
    store,
    dataDir,
    databaseFile,
    async close() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

let turnCounter = 0;

/** A turn as an adapter would send it; unique id unless given. */
export function makeTurn(student: string, text: string, extra: Partial<Turn> = {}): Turn {
  turnCounter += 1;
  return {
    id: `t-${process.pid}-${turnCounter}`,
    platform: "test",
    classScopes: [],
    conversationId: `dm:${student}`,
    student: { id: `test:user:${student}`, displayName: student },
    visibility: "private",
    text,
    ...extra,
  };
}

export async function collect(events: AsyncIterable<ReplyEvent>): Promise<ReplyEvent[]> {
  const out: ReplyEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

/** Events that end a reply: the answer itself or a notice standing in for it. */
export function finals(events: readonly ReplyEvent[]): ReplyEvent[] {
  return events.filter((event) => event.type === "message" || event.type === "notice" || event.type === "file");
}

/** The real logger, keeping its lines, for asserting what the operator is told. */
export function captureLog(level: LogLevel = "debug", secrets: string[] = []): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, ...createLogger({ level, secrets, write: (line) => void lines.push(line) }) };
}
