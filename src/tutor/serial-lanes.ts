/**
 * Runs work for the same key one at a time, in arrival order, while different keys run concurrently:
 * a student's turns in one conversation never overlap, and other students never wait for them.
 */
export class SerialLanes {
  private readonly tails = new Map<string, Promise<void>>();

  /** Resolves when it is this caller's turn; call the returned function when done. */
  async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    await previous;
    return () => {
      release();
      // Forget idle lanes so the map does not grow with every conversation ever seen.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }

  /** Someone holds or waits for `key`'s lane: a caller now would wait. */
  busy(key: string): boolean {
    return this.tails.has(key);
  }

  get activeLanes(): number {
    return this.tails.size;
  }
}
