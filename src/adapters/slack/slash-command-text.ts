import { commandsShownIn, findCommand } from "../../tutor/commands.js";

const SLACK_COMMANDS = commandsShownIn("slack");

/** The `/tutor` usage hint Slack shows while typing: the registry's Slack commands (kept in slack-app-manifest.yaml). */
export const SLACK_USAGE_HINT = SLACK_COMMANDS.map((spec) => spec.usage.slice(1)).join(" | ");

/**
 * `/tutor quiz loops` arrives as text `quiz loops` and becomes `/quiz loops`; `/tutor` alone is `/help`;
 * anything that is not a subcommand is a question (`/tutor what is a list?` → `/ask what is a list?`).
 * A command whose replies are personal (the registry's `private`) is answered to the person alone.
 */
export function convertSlashCommandText(commandText: string): { text: string; private: boolean } {
  const trimmed = commandText.trim() || "help";
  const first = trimmed.split(/\s/, 1)[0] ?? "";
  const spec = findCommand(first.replace(/^\//, ""));
  if (spec === undefined || !SLACK_COMMANDS.includes(spec)) return { text: `/ask ${trimmed}`, private: false };
  const args = trimmed.slice(first.length).trim();
  return { text: args === "" ? `/${spec.name}` : `/${spec.name} ${args}`, private: spec.private };
}
