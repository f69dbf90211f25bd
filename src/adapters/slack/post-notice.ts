import { convertMarkdownToMrkdwn } from "./markdown-to-mrkdwn.js";
import type { SlackClient } from "./slack-client.js";
import { splitMrkdwn } from "./split-mrkdwn.js";

const SCOPE = /^slack:(channel|user):([A-Z0-9]+)$/;
/** Slack truncates longer texts; long notices go as several messages. */
const MESSAGE_LIMIT = 3000;

/**
 * Posts a content notice to a teacher channel (`slack:channel:C…`, the app must be in it) or a teacher's
 * DM with the app (`slack:user:U…`). Escaped like every reply, so a file name cannot ping `<!channel>`.
 * False for any other scope; a Slack error (e.g. `not_in_channel`) throws.
 */
export async function postSlackNotice(client: Pick<SlackClient, "chat">, scope: string, text: string): Promise<boolean> {
  const match = SCOPE.exec(scope);
  if (match?.[2] === undefined) return false;
  for (const piece of splitMrkdwn(convertMarkdownToMrkdwn(text), MESSAGE_LIMIT)) {
    await client.chat.postMessage({ channel: match[2], text: piece, unfurl_links: false, unfurl_media: false });
  }
  return true;
}
