/** Discord's limit on a component's custom id. */
export const CUSTOM_ID_LIMIT = 100;
const INLINE = "tutor:";
const STORED = "tutor#";
const STORED_LIMIT = 1000;

/**
 * Encodes a tutor command into a button's custom id. Short commands travel inside the id, so a button
 * still works after a restart; the rare command over 100 characters is kept in a bounded map instead.
 */
export class CustomIdCodec {
  private readonly stored = new Map<string, string>();
  private next = 0;

  encode(command: string): string {
    const inline = INLINE + command;
    if (inline.length <= CUSTOM_ID_LIMIT) return inline;
    const key = STORED + (this.next++).toString(36);
    this.stored.set(key, command);
    // Maps iterate in insertion order: the first key is the oldest.
    if (this.stored.size > STORED_LIMIT) this.stored.delete(this.stored.keys().next().value as string);
    return key;
  }

  /** The command behind a custom id, or undefined when the id is not ours or has expired. */
  decode(customId: string): string | undefined {
    if (customId.startsWith(INLINE)) return customId.slice(INLINE.length);
    if (customId.startsWith(STORED)) return this.stored.get(customId);
    return undefined;
  }
}
