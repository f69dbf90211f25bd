import type { Messages } from "../../tutor/i18n/messages.js";
import type { Action, Citation, ReplyEvent } from "../../tutor/turn.js";

/** Plain-text rendering for a terminal: sources as a list, buttons as the commands to type. */
function renderSources(sources: readonly Citation[], messages: Messages): string {
  return sources.length ? `\n${messages.t("adapter.sources")}\n${sources.map((source) => `  - ${source.label}`).join("\n")}` : "";
}

function renderActions(actions: readonly Action[]): string {
  if (actions.length === 0) return "";
  return `\n(${actions.map((action) => `${action.label}: ${action.command}`).join(" · ")})`;
}

/**
 * Text to print for one event. `streamed` tells whether the deltas of the message were already printed,
 * so the final message adds only what is missing.
 */
export function renderTerminalEvent(event: ReplyEvent, streamed: string, messages: Messages): string {
  switch (event.type) {
    case "typing":
      return "";
    case "queued":
      return `… ${messages.t("adapter.queued", { position: event.position, seconds: Math.max(1, Math.round(event.etaSeconds)) })}\n`;
    case "delta":
      return event.text;
    case "message": {
      const tail = `${renderSources(event.sources, messages)}${renderActions(event.actions)}\n\n`;
      if (streamed && event.text.startsWith(streamed)) return `${event.text.slice(streamed.length)}\n${tail}`;
      if (streamed) return `\n\n[${messages.t("adapter.corrected")}]\n${event.text}\n${tail}`;
      return `${event.text}\n${tail}`;
    }
    case "notice":
      return `ℹ ${event.text}\n\n`;
    case "file":
      return "";
  }
}
