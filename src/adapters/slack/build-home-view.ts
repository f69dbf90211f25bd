import type { webApi } from "@slack/bolt";
import type { ReplyEvent } from "../../tutor/turn.js";
import { buildMessagePayload, type SlackBlock } from "./build-message-blocks.js";

const MAX_HOME_BLOCKS = 100;

/**
 * The App Home tab: the student's own progress, in the tutor's words (the replies to a private
 * `/progress` turn), under a header and above a hint on how to go on. Buttons are left out: the Home
 * tab is no conversation to answer in.
 */
export function buildHomeView(replies: readonly ReplyEvent[]): webApi.HomeView {
  const body: SlackBlock[] = [];
  for (const reply of replies) {
    if (reply.type !== "message" && reply.type !== "notice") continue;
    body.push(...buildMessagePayload(reply.text, reply.type === "message" ? reply.sources : [], []).blocks);
  }
  if (body.length === 0) body.push({ type: "section", text: { type: "mrkdwn", text: "No progress yet: ask me something or try a quiz." } });
  const hint: SlackBlock = {
    type: "context",
    elements: [{ type: "mrkdwn", text: "Message me here, or use `/tutor quiz` to practise and `/tutor progress` to check again." }],
  };
  const blocks: SlackBlock[] = [
    { type: "header", text: { type: "plain_text", text: "Your tutor" } },
    ...body.slice(0, MAX_HOME_BLOCKS - 3),
    { type: "divider" },
    hint,
  ];
  return { type: "home", blocks };
}
