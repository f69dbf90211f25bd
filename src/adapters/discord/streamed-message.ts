import { EditPacer } from "../edit-pacer.js";
import type { OutgoingMessage, Outbox } from "./outbox.js";
import { splitMessage } from "./split-message.js";

/**
 * A reply shown as one or more Discord messages that follow a growing text: the first part is posted
 * as soon as there is text, later changes are edits no closer together than `intervalMs`, and a part
 * that overflows 2,000 characters continues in a new message. Every REST call is serialised, so two
 * edits of one message never race.
 */
export class StreamedMessage {
  private text = "";
  private readonly ids: Array<string | undefined> = [];
  private readonly shown: string[] = [];
  private readonly pacer: EditPacer;

  constructor(
    private readonly outbox: Outbox,
    intervalMs: number,
    /** A message to reuse as the first part (the "you are number N in line" status). */
    adoptedId?: string,
  ) {
    this.pacer = new EditPacer(intervalMs);
    if (adoptedId !== undefined) {
      this.ids.push(adoptedId);
      this.shown.push("");
    }
  }

  append(delta: string): void {
    this.text += delta;
    if (this.text.trim() === "") return;
    this.pacer.request(() => this.sync(this.partsSoFar()));
  }

  /** The parts of the text streamed so far, for when a stream ends without its final message. */
  partsSoFar(): OutgoingMessage[] {
    return splitMessage(this.text).map((content) => ({ content }));
  }

  /** Shows exactly `parts` (the final text, sources and buttons), then stops. */
  complete(parts: OutgoingMessage[]): Promise<void> {
    return this.pacer.finish(() => this.sync(parts));
  }

  /** Removes whatever was shown (the answer turned out to be personal and goes elsewhere). */
  discard(): Promise<void> {
    return this.complete([]);
  }

  private async sync(parts: OutgoingMessage[]): Promise<void> {
    for (const [index, part] of parts.entries()) {
      const key = JSON.stringify(part.actions ?? []) + part.content;
      const id = this.ids[index];
      if (id === undefined) {
        this.ids[index] = await this.outbox.post(part);
      } else if (this.shown[index] !== key) {
        await this.outbox.edit(id, part);
      }
      this.shown[index] = key;
    }
    for (const id of this.ids.splice(parts.length)) {
      if (id !== undefined) await this.outbox.remove(id);
    }
    this.shown.splice(parts.length);
  }
}
