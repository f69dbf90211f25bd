import type { Action, Citation, ReplyEvent } from "../../tutor/turn.js";

/** Plain-text rendering for a terminal: sources as a list, buttons as the commands to type. */
export function renderSources(sources: readonly Citation[]): string {
  return sources.length ? `\nSources:\n${sources.map((source) => `  - ${source.label}`).join("\n")}` : "";
}

function renderActions(actions: readonly Action[]): string {
  if (actions.length === 0) return "";
  return `\n(${actions.map((action) => `${action.label}: ${action.command}`).join(" · ")})`;
}

/**
 * Text to print for one event. `streamed` tells whether the deltas of the message were already printed,
 * so the final message adds only what is missing.
 */
export function renderTerminalEvent(event: ReplyEvent, streamed: string): string {
  switch (event.type) {
    case "typing":
      return "";
    case "queued":
      return `… you are number ${event.position} in line (about ${event.etaSeconds} s)\n`;
    case "delta":
      return event.text;
    case "message": {
      const tail = `${renderSources(event.sources)}${renderActions(event.actions)}\n\n`;
      if (streamed && event.text.startsWith(streamed)) return `${event.text.slice(streamed.length)}\n${tail}`;
      if (streamed) return `\n\n[corrected]\n${event.text}\n${tail}`;
      return `${event.text}\n${tail}`;
    }
    case "notice":
      return `ℹ ${event.text}\n\n`;
    case "file":
      return "";
  }
}
