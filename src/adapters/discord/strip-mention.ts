/** The text addressed to the bot, without its mentions (`<@id>` or the legacy `<@!id>`). */
export function stripMention(text: string, botId: string): string {
  return text.replaceAll(`<@${botId}>`, "").replaceAll(`<@!${botId}>`, "").trim();
}

/** A thread title from the question, else `untitled`: Discord allows 100 characters. */
export function toThreadName(question: string, untitled: string): string {
  const title = question.replace(/\s+/g, " ").trim() || untitled;
  return title.length <= 90 ? title : `${title.slice(0, 89)}…`;
}
