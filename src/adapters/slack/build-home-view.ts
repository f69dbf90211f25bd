import type { webApi } from "@slack/bolt";
import type { Messages } from "../../tutor/i18n/messages.js";
import type { ReplyEvent } from "../../tutor/turn.js";
import { buildMessagePayload, type SlackBlock } from "./build-message-blocks.js";

const MAX_HOME_BLOCKS = 100;

/**
 * The App Home tab: the student's own progress, in the tutor's words (the replies to a private
 * `/progress` turn), under a header and above a hint on how to go on. Buttons are left out: the Home
 * tab is no conversation to answer in.
 */
export function buildHomeView(replies: readonly ReplyEvent[], messages: Messages): webApi.HomeView {
  const body: SlackBlock[] = [];
  for (const reply of replies) {
    if (reply.type !== "message" && reply.type !== "notice") continue;
    body.push(...buildMessagePayload(reply.text, reply.type === "message" ? reply.sources : [], [], messages).blocks);
  }
  if (body.length === 0) body.push({ type: "section", text: { type: "mrkdwn", text: messages.t("adapter.home-empty") } });
  const hint: SlackBlock = {
    type: "context",
    elements: [{ type: "mrkdwn", text: messages.t("adapter.home-hint") }],
  };
  const blocks: SlackBlock[] = [
    { type: "header", text: { type: "plain_text", text: messages.t("adapter.home-header") } },
    ...body.slice(0, MAX_HOME_BLOCKS - 3),
    { type: "divider" },
    hint,
  ];
  return { type: "home", blocks };
}
