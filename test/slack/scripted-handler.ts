import { setTimeout as sleep } from "node:timers/promises";
import type { ReplyEvent, Turn, TurnHandler } from "../../src/tutor/turn.js";

/** A stand-in tutor for rendering tests: records each turn and replies with what `script` returns. */
export class ScriptedHandler implements TurnHandler {
  readonly turns: Turn[] = [];

  constructor(
    private readonly script: (turn: Turn) => ReplyEvent[] | Promise<ReplyEvent[]>,
    /** Pause between events, so a throttled stream gets a chance to edit in between. */
    private readonly gapMs = 0,
  ) {}

  async languageFor(): Promise<string> {
    return "en";
  }

  async *handle(turn: Turn): AsyncIterable<ReplyEvent> {
    this.turns.push(turn);
    for (const event of await this.script(turn)) {
      if (this.gapMs > 0) await sleep(this.gapMs);
      yield event;
    }
  }
}

export const LOOPS_SOURCE = {
  label: "Loops › The for statement (lessons/05-loops.md:1-20)",
  file: "lessons/05-loops.md",
  startLine: 1,
  endLine: 20,
};

/** A streamed answer: three deltas, then the complete message with one source. */
export function streamedAnswer(): ReplyEvent[] {
  return [
    { type: "typing" },
    { type: "delta", text: "A **for** loop " },
    { type: "delta", text: "repeats a block " },
    { type: "delta", text: "for each item." },
    {
      type: "message",
      text: "A **for** loop repeats a block for each item.",
      sources: [LOOPS_SOURCE],
      actions: [],
      audience: "conversation",
    },
  ];
}
