import { isLlmUnavailable, type TutorError } from "../errors.js";
import { LRUCache } from "lru-cache";
import type { Logger } from "../logger.js";
import { messagesFor, type Messages } from "./i18n/messages.js";
import type { ChatModel, ModelHealth } from "./llm/chat-model.js";

/**
 * Whether the language model can be used, checked lazily and remembered briefly so a question does not
 * wait on a dead server; a failure seen mid-answer marks it down at once, and it is re-checked after
 * `recheckMs`, so the tutor recovers when Ollama comes back without a restart.
 */
export class ModelStatus {
  private health: ModelHealth | undefined;
  private checkedAt = 0;
  private probe: Promise<ModelHealth> | undefined;
  /** Conversations already told about this outage; the oldest are forgotten first, so it stays bounded. */
  private readonly toldConversations = new LRUCache<string, true>({ max: 10_000 });

  constructor(
    private readonly model: ChatModel,
    private readonly log: Logger,
    private readonly clock: () => number,
    private readonly recheckMs = 15_000,
  ) {}

  /** The remembered health while it is fresh; undefined when `current()` would have to ask the server. */
  known(): ModelHealth | undefined {
    return this.health && this.clock() - this.checkedAt <= (this.health.status === "ready" ? this.recheckMs * 4 : this.recheckMs)
      ? this.health
      : undefined;
  }

  async current(): Promise<ModelHealth> {
    const known = this.known();
    if (!known) {
      // A burst of turns shares one probe instead of sending one each.
      this.probe ??= this.model.health().then(
        (health) => {
          this.set(health);
          this.probe = undefined;
          return health;
        },
        (error: unknown) => {
          this.probe = undefined;
          throw error;
        },
      );
      return this.probe;
    }
    return known;
  }

  /** Records what a failed call tells about the model's health. */
  noteFailure(error: unknown): void {
    if (!isLlmUnavailable(error)) return;
    if (error.code === "llm-server-down") this.set({ status: "server-down", host: (error as TutorError & { host: string }).host });
    else if (error.code === "llm-model-missing")
      this.set({ status: "model-missing", model: (error as TutorError & { model: string }).model });
  }

  /** True once per conversation per outage: the student is told once, not on every question. */
  shouldTell(conversationKey: string): boolean {
    if (this.toldConversations.has(conversationKey)) return false;
    this.toldConversations.set(conversationKey, true);
    return true;
  }

  private set(health: ModelHealth): void {
    const wasReady = this.health?.status === "ready";
    if (health.status !== this.health?.status) {
      if (health.status === "ready") this.log.info("ollama: the model answers again");
      else this.log.warn(`ollama: ${describeOutage(health)}`);
    }
    if (health.status === "ready" && !wasReady) this.toldConversations.clear();
    this.health = health;
    this.checkedAt = this.clock();
  }
}

/** What the operator should do, in one sentence: in English for the log, in the course's language for a student. */
export function describeOutage(health: ModelHealth, messages: Messages = messagesFor("en")): string {
  switch (health.status) {
    case "server-down":
      return messages.t("model.server-down", { host: health.host });
    case "model-missing":
      return messages.t("model.model-missing", { model: health.model });
    default:
      return messages.t("model.ready");
  }
}
