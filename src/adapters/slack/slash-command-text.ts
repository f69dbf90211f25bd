/** The `/tutor` subcommands that map one-to-one onto the tutor's slash-style text. */
const SUBCOMMANDS = new Set(["ask", "quiz", "answer", "hint", "giveup", "progress", "why", "export", "forget-me", "course", "content", "class", "override", "review", "help"]);

/** Subcommands whose replies are personal whatever the tutor's audience says. */
const PRIVATE_SUBCOMMANDS = new Set(["progress", "forget-me", "export", "why", "content", "class", "override"]);

/**
 * `/tutor quiz loops` arrives as text `quiz loops` and becomes `/quiz loops`; `/tutor` alone is `/help`;
 * anything that is not a subcommand is a question (`/tutor what is a list?` → `/ask what is a list?`).
 */
export function convertSlashCommandText(commandText: string): { text: string; private: boolean } {
  const trimmed = commandText.trim();
  if (trimmed === "") return { text: "/help", private: false };
  const first = trimmed.split(/\s/, 1)[0] ?? "";
  const name = first.replace(/^\//, "").toLowerCase();
  if (!SUBCOMMANDS.has(name)) return { text: `/ask ${trimmed}`, private: false };
  const args = trimmed.slice(first.length).trim();
  return { text: args === "" ? `/${name}` : `/${name} ${args}`, private: PRIVATE_SUBCOMMANDS.has(name) };
}
