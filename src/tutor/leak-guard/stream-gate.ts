import type { Leak } from "./leak.js";

export type GateStep =
  /** Text checked and safe to send now (may be empty). */
  | { kind: "release"; text: string }
  /** A leak in the text so far: stop the stream. `safe` is everything released before, which held none. */
  | { kind: "leak"; leak: Leak; safe: string };

export interface StreamGateOptions {
  /** Characters held back behind the stream, so a cue after a value ("5 is the answer") is seen before the value goes out. */
  holdChars?: number;
  /** Fewest characters released at once: fewer checks, still a stream to the eye. */
  minRelease?: number;
}

/**
 * Sits between a streamed reply and the student. Each delta is checked with everything before it;
 * text goes out only at a word boundary at least `holdChars` behind the newest text, so a token (an
 * encoded answer, a number) is never sent in halves, and a leak is caught before any of it leaves.
 */
export class StreamGate {
  private text = "";
  private sent = 0;
  private stopped: Leak | undefined;
  private readonly holdChars: number;
  private readonly minRelease: number;

  constructor(
    private readonly check: (text: string) => Leak | undefined,
    options: StreamGateOptions = {},
  ) {
    this.holdChars = options.holdChars ?? 32;
    this.minRelease = options.minRelease ?? 16;
  }

  /** Everything sent so far. */
  get released(): string {
    return this.text.slice(0, this.sent);
  }

  push(delta: string): GateStep {
    if (this.stopped) return { kind: "leak", leak: this.stopped, safe: this.released };
    this.text += delta;
    const limit = this.text.length - this.holdChars;
    let end = this.sent;
    for (let index = limit; index > this.sent; index -= 1) {
      if (/\s/.test(this.text[index - 1]!)) {
        end = index;
        break;
      }
    }
    // A check reads the whole reply: run it when a few words can go out, not on every token.
    if (end - this.sent < this.minRelease) return { kind: "release", text: "" };
    const leak = this.check(this.text);
    return leak ? this.stop(leak) : this.releaseTo(end);
  }

  /** The stream ended: a last check of the whole reply, then the rest goes out. */
  finish(): GateStep {
    if (this.stopped) return { kind: "leak", leak: this.stopped, safe: this.released };
    const leak = this.check(this.text);
    return leak ? this.stop(leak) : this.releaseTo(this.text.length);
  }

  private stop(leak: Leak): GateStep {
    this.stopped = leak;
    return { kind: "leak", leak, safe: this.released };
  }

  private releaseTo(end: number): GateStep {
    const text = this.text.slice(this.sent, end);
    this.sent = Math.max(this.sent, end);
    return { kind: "release", text };
  }
}
