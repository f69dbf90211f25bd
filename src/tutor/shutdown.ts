import { LlmStreamError } from "../errors.js";
import type { ChatMessage, ChatModel, ChatOptions } from "./llm/chat-model.js";

/**
 * Tracks the turns in progress so the tutor can stop cleanly: once draining, no new turn is taken; turns
 * in progress get `graceMs` to finish, then their model calls are aborted (through `signal`) so they end
 * quickly with what they have.
 */
export class ShutdownGate {
  private readonly controller = new AbortController();
  private inProgress = 0;
  private isDraining = false;
  private idleWaiters: Array<() => void> = [];

  get draining(): boolean {
    return this.isDraining;
  }

  /** Aborted when the grace period is over; every model call carries it. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Counts a turn in; call the returned function once when it is over. */
  enter(): () => void {
    this.inProgress += 1;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.inProgress -= 1;
      if (this.inProgress === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    };
  }

  /**
   * Stops taking turns and waits for those in progress; after `graceMs` aborts their model calls and waits
   * up to `cancelMs` more for them to wrap up. Resolves with whether every turn ended within the grace period.
   */
  async drain(graceMs: number, cancelMs = 2_000): Promise<{ finishedInGrace: boolean }> {
    this.isDraining = true;
    if (await this.waitIdle(graceMs)) return { finishedInGrace: true };
    this.controller.abort(new LlmStreamError("the tutor is restarting"));
    await this.waitIdle(cancelMs);
    return { finishedInGrace: false };
  }

  private waitIdle(ms: number): Promise<boolean> {
    if (this.inProgress === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((waiter) => waiter !== wake);
        resolve(false);
      }, ms);
      this.idleWaiters.push(wake);
    });
  }
}

/** The model with `stop` added to every call's signal, so a shutdown cancels streams no flow has to know of. */
export function withStopSignal(model: ChatModel, stop: AbortSignal): ChatModel {
  const join = (options?: ChatOptions): ChatOptions => ({
    ...options,
    signal: options?.signal ? AbortSignal.any([options.signal, stop]) : stop,
  });
  return {
    name: model.name,
    stream: (messages: ChatMessage[], options?: ChatOptions) => model.stream(messages, join(options)),
    completeJson: (messages, schema, options) => model.completeJson(messages, schema, join(options)),
    health: () => model.health(),
  };
}
