import { z } from "zod";
import { createLogger, type Logger } from "../../logger.js";

export const DiscordAdapterOptionsSchema = z.object({
  token: z.string().min(1, "DISCORD_TOKEN is empty: copy the bot token from the Developer Portal"),
  /** REST base URL; tests point it at a local fake. The gateway URL comes from GET /gateway/bot. */
  apiUrl: z.string().url().default("https://discord.com/api"),
  /** A role id or name whose members may use teacher commands, besides anyone with Manage Server. */
  teacherRole: z.string().optional(),
  /** Least time between two edits of one streamed message. */
  streamEditIntervalMs: z.number().int().min(0).default(1200),
});

export type DiscordAdapterOptions = z.input<typeof DiscordAdapterOptionsSchema> & { logger?: Logger };
export type ResolvedDiscordOptions = z.infer<typeof DiscordAdapterOptionsSchema> & { logger: Logger };

export function resolveDiscordOptions(options: DiscordAdapterOptions): ResolvedDiscordOptions {
  const { logger, ...settings } = options;
  return { ...DiscordAdapterOptionsSchema.parse(settings), logger: logger ?? createLogger() };
}
