/**
 * A bounded set of recently seen keys (platform event ids, turn ids, `channel:ts`), so a redelivered
 * event is handled once. Oldest keys are forgotten first: platforms stop redelivering an event long
 * before thousands of newer ones arrive.
 */
export class RecentKeys {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity: number) {}

  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** Adds the key; false when it was already there. Synchronous, so two concurrent deliveries cannot both win. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.capacity) {
      const oldest = this.keys.values().next().value;
      if (oldest !== undefined) this.keys.delete(oldest);
    }
    return true;
  }
}
