import { messagesFor } from "../../tutor/i18n/messages.js";
import type { ReplyEvent, Turn, TurnHandler } from "../../tutor/turn.js";
import type { ReplyPlace } from "./build-slack-turns.js";
import { describeError } from "./describe-error.js";
import { renderReplies, type RenderOptions } from "./render-replies.js";
import type { SlackClient } from "./slack-client.js";

/**
 * Hands one turn to the tutor and renders its replies, the adapter's own words in the turn's course
 * language. A tutor that throws (a bug, not an expected failure: those arrive as notices) is logged and
 * the student told, so no event can crash the process.
 */
export async function runTurn(
  turn: Turn,
  place: ReplyPlace,
  handler: TurnHandler,
  client: SlackClient,
  options: Omit<RenderOptions, "messages"> & { logError: (line: string) => void },
): Promise<void> {
  const rendering = { ...options, messages: messagesFor(await handler.languageFor(turn.classScopes)) };
  try {
    await renderReplies(handler.handle(turn), place, client, rendering);
  } catch (error) {
    options.logError(`Slack turn ${turn.id} failed: ${describeError(error)}`);
    const notice: ReplyEvent = { type: "notice", text: rendering.messages.t("error.internal"), audience: "conversation" };
    await renderReplies(single(notice), place, client, rendering).catch((second: unknown) => {
      options.logError(`Slack turn ${turn.id}: the failure notice failed too: ${describeError(second)}`);
    });
  }
}

async function* single(event: ReplyEvent): AsyncIterable<ReplyEvent> {
  yield event;
}
