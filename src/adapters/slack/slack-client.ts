import type { webApi } from "@slack/bolt";

/** The Web API calls the renderer makes; bolt's `WebClient` is the real one, the tests run it against a fake server. */
export type SlackClient = Pick<webApi.WebClient, "chat" | "conversations" | "views" | "filesUploadV2">;
