import { z } from "zod";
import type { ClaimStore } from "../../tutor/store/claim-store.js";
import type { TutoringThreadStore } from "../../tutor/store/tutoring-thread-store.js";
import { TeacherRoster } from "../../tutor/teachers.js";

export const SlackAdapterOptionsSchema = z
  .object({
    /** `SLACK_BOT_TOKEN` (xoxb-…). */
    botToken: z.string().min(1),
    /** `SLACK_APP_TOKEN` (xapp-…, scope connections:write): Socket Mode, no public URL needed. */
    appToken: z.string().min(1).optional(),
    /** `SLACK_SIGNING_SECRET`: HTTP mode, events POSTed to `/slack/events`. */
    signingSecret: z.string().min(1).optional(),
    /** Default: Socket Mode when an app token is given, else HTTP. */
    mode: z.enum(["socket", "http"]).optional(),
    /** `PORT` for HTTP mode; 0 picks a free port (tests). */
    port: z.number().int().min(0).max(65535).default(3000),
    host: z.string().optional(),
    /** `SLACK_API_URL`: the Web API base, for proxies and the tests' fake. */
    apiUrl: z.url().default("https://slack.com/api/"),
    /** The configured teachers: their user groups are looked up, and only their uploads are downloaded. */
    teachers: z.instanceof(TeacherRoster).default(() => new TeacherRoster()),
    /** `SLACK_ALLOWED_TEAMS`: the workspaces served; elsewhere one short refusal. Unset: every workspace. */
    allowedTeams: z.array(z.string().min(1)).optional(),
    /** Where the threads it answers in are kept across restarts (the profile store); in memory only without it. */
    threads: z
      .custom<TutoringThreadStore>((value) => typeof value === "object" && value !== null && "isTutoringThread" in value)
      .optional(),
    /** Where events are claimed so each is answered once by every worker sharing it (the profile store); this process's memory alone without it. */
    claims: z.custom<ClaimStore>((value) => typeof value === "object" && value !== null && "claimOnce" in value).optional(),
    /** How long a user's name and teacher status are cached. */
    userCacheMs: z.number().int().min(0).default(60_000),
    /** `SLACK_STREAM_EDIT_INTERVAL_MS`: least time between two `chat.update`s of a streamed answer. */
    streamEditIntervalMs: z.number().int().min(0).default(1200),
    /** Holds the HTTP response until the work is done. Only for tests: Slack wants an answer within 3 s. */
    processBeforeResponse: z.boolean().default(false),
  })
  .refine((options) => (resolveMode(options) === "http" ? options.signingSecret !== undefined : options.appToken !== undefined), {
    message: "Slack needs SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET for HTTP mode.",
  });

export type SlackAdapterOptions = z.input<typeof SlackAdapterOptionsSchema>;

export function resolveMode(options: { mode?: "socket" | "http" | undefined; appToken?: string | undefined }): "socket" | "http" {
  return options.mode ?? (options.appToken !== undefined ? "socket" : "http");
}
