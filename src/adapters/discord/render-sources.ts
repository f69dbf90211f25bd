import type { Messages } from "../../tutor/i18n/messages.js";
import type { Citation } from "../../tutor/turn.js";

/** The short "Sources:" list appended to the final edit of an answer; empty when there are none. */
export function renderSources(sources: Citation[], messages: Messages): string {
  const labels = [...new Set(sources.map((source) => source.label))];
  if (labels.length === 0) return "";
  return [`**${messages.t("adapter.sources")}**`, ...labels.map((label) => `- ${label}`)].join("\n");
}

/** The full text of a final message: the answer, then its sources as their own paragraph. */
export function withSources(text: string, sources: Citation[], messages: Messages): string {
  const list = renderSources(sources, messages);
  if (list === "") return text;
  return text.trim() === "" ? list : `${text}\n\n${list}`;
}
