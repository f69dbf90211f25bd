import { z } from "zod";

/**
 * The fields of Slack's payloads the adapter reads, checked at the boundary. Unknown fields pass through;
 * a payload that does not parse is ignored (and logged), never trusted.
 */

export const MessageEventSchema = z.object({
  type: z.enum(["message", "app_mention"]),
  channel: z.string().min(1),
  ts: z.string().min(1),
  user: z.string().min(1).optional(),
  text: z.string().default(""),
  thread_ts: z.string().optional(),
  channel_type: z.string().optional(),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
  team: z.string().optional(),
  /**
   * Files shared with the message (subtype `file_share`), fetched with the bot token for teachers' uploads.
   * Every field is optional: Slack omits them for files hidden by plan limits, and such a message is still a message.
   */
  files: z
    .array(z.object({ name: z.string().optional(), size: z.number().optional(), url_private_download: z.string().optional() }).loose())
    .optional(),
});
export type MessageEvent = z.infer<typeof MessageEventSchema>;

export const AppHomeOpenedEventSchema = z.object({
  type: z.literal("app_home_opened"),
  user: z.string().min(1),
  tab: z.string().optional(),
  event_ts: z.string().optional(),
});

export const EventEnvelopeSchema = z.object({
  team_id: z.string().min(1),
  event_id: z.string().min(1),
});

export const SlashCommandSchema = z.object({
  team_id: z.string().min(1),
  channel_id: z.string().min(1),
  channel_name: z.string().default(""),
  user_id: z.string().min(1),
  user_name: z.string().default(""),
  text: z.string().default(""),
  trigger_id: z.string().min(1),
});
export type SlashCommand = z.infer<typeof SlashCommandSchema>;

export const BlockActionSchema = z.object({
  type: z.literal("block_actions"),
  team: z
    .object({ id: z.string().min(1) })
    .nullable()
    .optional(),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional(), username: z.string().optional(), name: z.string().optional() }),
  channel: z.object({ id: z.string().min(1) }).optional(),
  container: z.object({ thread_ts: z.string().optional(), is_ephemeral: z.boolean().optional() }).loose().optional(),
  message: z.object({ ts: z.string(), thread_ts: z.string().optional() }).loose().optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional(), action_ts: z.string().min(1) })).min(1),
});
export type BlockActionPayload = z.infer<typeof BlockActionSchema>;
