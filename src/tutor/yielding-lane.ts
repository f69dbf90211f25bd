import { setImmediate as nextTurn } from "node:timers/promises";

interface Task {
  started: boolean;
  start(): Promise<unknown>;
}

/** Deferred work, and a way to start it at once when it cannot wait any more. */
export interface LaneTicket<T> {
  result: Promise<T>;
  hurry(): void;
}

/**
 * Runs work that can wait one task at a time, each from a fresh turn of the event loop: a burst of
 * students in the model's line does its searches between other students' streamed chunks and
 * database writes, instead of all at once ahead of them. `hurry` moves a task ahead of the lane (its
 * slot came): hurried tasks start at once, or as soon as the hurried task before them is done.
 */
export class YieldingLane {
  private readonly tasks: Task[] = [];
  private pumping = false;
  /** Hurried tasks run one after another too: together, each would finish only when all of them do. */
  private hurried: Promise<unknown> = Promise.resolve();

  schedule<T>(work: () => Promise<T>): LaneTicket<T> {
    let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
    const result = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
    const task: Task = {
      started: false,
      start() {
        if (!task.started) {
          task.started = true;
          // Errors belong to whoever awaits `result`, not to the lane.
          Promise.resolve().then(work).then(settle.resolve, settle.reject);
        }
        return result.catch(() => undefined);
      },
    };
    this.tasks.push(task);
    void this.pump();
    return {
      result,
      hurry: () => {
        if (!task.started) this.hurried = this.hurried.then(() => task.start());
      },
    };
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        await nextTurn();
        // Hurried tasks go first: the lane waits until none is left running.
        for (let tail = this.hurried; ; tail = this.hurried) {
          await tail;
          if (tail === this.hurried) break;
        }
        const task = this.tasks.shift();
        if (!task) return;
        if (!task.started) await task.start();
      }
    } finally {
      this.pumping = false;
    }
  }
}
