import { z } from "zod";
import { createLogger, type Logger } from "../../logger.js";
import type { ClaimStore } from "../../tutor/store/claim-store.js";
import type { TutoringThreadStore } from "../../tutor/store/tutoring-thread-store.js";
import { TeacherRoster } from "../../tutor/teachers.js";

export const DiscordAdapterOptionsSchema = z.object({
  token: z.string().min(1, "DISCORD_TOKEN is empty: copy the bot token from the Developer Portal"),
  /** REST base URL; tests point it at a local fake. The gateway URL comes from GET /gateway/bot. */
  apiUrl: z.string().url().default("https://discord.com/api"),
  /** The configured teachers: their roles are looked up for DMs, and only their uploads are downloaded. */
  teachers: z.instanceof(TeacherRoster).default(() => new TeacherRoster()),
  /** `DISCORD_ALLOWED_GUILDS`: the servers served; elsewhere one short refusal. Unset: every server. */
  allowedGuilds: z.array(z.string().min(1)).optional(),
  /** Least time between two edits of one streamed message. */
  streamEditIntervalMs: z.number().int().min(0).default(1200),
});

/**
 * `threads`: where the threads it answers in are kept across restarts (the profile store); `claims`: where messages and
 * interactions are claimed so each is answered once by every process sharing it, replays included (the profile store).
 */
export type DiscordAdapterOptions = z.input<typeof DiscordAdapterOptionsSchema> & {
  logger?: Logger;
  threads?: TutoringThreadStore;
  claims?: ClaimStore;
};
export type ResolvedDiscordOptions = z.infer<typeof DiscordAdapterOptionsSchema> & { logger: Logger };

export function resolveDiscordOptions(options: DiscordAdapterOptions): ResolvedDiscordOptions {
  const { logger, ...settings } = options;
  return { ...DiscordAdapterOptionsSchema.parse(settings), logger: logger ?? createLogger() };
}
