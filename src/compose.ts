import type { Config } from "./config.js";
import type { Logger } from "./logger.js";
import { CourseLibrary } from "./retrieval/course-library.js";
import type { Embedder } from "./retrieval/embedder.js";
import { HashingEmbedder } from "./retrieval/hashing-embedder.js";
import { OllamaEmbedder } from "./retrieval/ollama-embedder.js";
import type { ChatModel } from "./tutor/llm/chat-model.js";
import { OllamaChatModel } from "./tutor/llm/ollama-chat-model.js";
import type { ProfileStore } from "./tutor/store/profile-store.js";
import type { ClaimStore } from "./tutor/store/claim-store.js";
import type { TutoringThreadStore } from "./tutor/store/tutoring-thread-store.js";
import { PostgresProfileStore } from "./tutor/store/postgres-profile-store.js";
import { SqliteProfileStore } from "./tutor/store/sqlite-profile-store.js";
import { TeacherRoster } from "./tutor/teachers.js";
import { Tutor } from "./tutor/tutor.js";

/** The running tutor and what it owns, for the adapters and for shutdown. */
export interface TutorApp {
  tutor: Tutor;
  /** Who teaches which course, for the adapters (role and group lookups, uploads). */
  teachers: TeacherRoster;
  library: CourseLibrary;
  store: ProfileStore & TutoringThreadStore & ClaimStore;
  model: ChatModel;
  close(): Promise<void>;
}

export function createEmbedder(config: Config): Embedder {
  return config.TUTOR_EMBEDDER === "ollama"
    ? new OllamaEmbedder({ host: config.OLLAMA_HOST, model: config.OLLAMA_EMBED_MODEL })
    : new HashingEmbedder();
}

export function createChatModel(config: Config): ChatModel {
  return new OllamaChatModel({
    host: config.OLLAMA_HOST,
    model: config.OLLAMA_MODEL,
    requestTimeoutMs: config.OLLAMA_TIMEOUT_MS,
    idleTimeoutMs: config.OLLAMA_IDLE_TIMEOUT_MS,
    answerTimeoutMs: config.OLLAMA_ANSWER_TIMEOUT_MS,
    keepAlive: config.OLLAMA_KEEP_ALIVE,
    numCtx: config.OLLAMA_NUM_CTX,
    numPredict: config.OLLAMA_NUM_PREDICT,
  });
}

/** The profile store the config names: PostgreSQL with DATABASE_URL, else the SQLite file in the data folder. */
export async function openProfileStore(config: Config, log?: Logger): Promise<ProfileStore & TutoringThreadStore & ClaimStore> {
  if (config.DATABASE_URL)
    return PostgresProfileStore.open({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, ...(log ? { log } : {}) });
  return new SqliteProfileStore(config.databaseFile);
}

/** Wires the real implementations together from the validated config. */
export async function createTutorApp(
  config: Config,
  log: Logger,
  overrides: { model?: ChatModel; embedder?: Embedder; watchContent?: boolean } = {},
): Promise<TutorApp> {
  const library = await CourseLibrary.open({
    contentDir: config.contentDir,
    dataDir: config.dataDir,
    embedder: overrides.embedder ?? createEmbedder(config),
    log,
    queryEmbedTimeoutMs: config.OLLAMA_EMBED_QUERY_TIMEOUT_MS,
    indexMode: config.TUTOR_INDEX_MODE,
    indexReloadMs: config.TUTOR_INDEX_RELOAD_MS,
  });
  // Teachers' edits under content/ reach the running tutor within a second; see content/README.md.
  const contentWatcher = overrides.watchContent ? library.watch() : undefined;
  const store = await openProfileStore(config, log);
  const model = overrides.model ?? createChatModel(config);
  const teachers = new TeacherRoster(config.teachers);
  const tutor = new Tutor({
    catalog: library,
    store,
    claims: store,
    model,
    log,
    defaultCourseId: config.TUTOR_DEFAULT_COURSE,
    bindings: config.bindings,
    teachers,
    retrievalK: config.TUTOR_RETRIEVAL_K,
    memoryMessages: config.TUTOR_MEMORY_MESSAGES,
    memoryChars: config.TUTOR_MEMORY_CHARS,
    maxMessageChars: config.TUTOR_MAX_MESSAGE_CHARS,
    maxReplyChars: config.TUTOR_MAX_REPLY_CHARS,
    maxModelRequests: config.OLLAMA_MAX_IN_FLIGHT,
    pendingItemTtlMs: config.TUTOR_PENDING_ITEM_TTL_HOURS * 60 * 60 * 1000,
  });
  return {
    tutor,
    teachers,
    library,
    store,
    model,
    async close() {
      contentWatcher?.close();
      await store.close();
    },
  };
}
