import type { ReplyEvent, Turn, TurnHandler } from "../../tutor/turn.js";
import type { ReplyPlace } from "./build-slack-turns.js";
import { describeError } from "./describe-error.js";
import { renderReplies, type RenderOptions } from "./render-replies.js";
import type { SlackClient } from "./slack-client.js";

export const FAILURE_NOTICE = "Sorry, something went wrong on my side. Please try again in a moment.";

/**
 * Hands one turn to the tutor and renders its replies. A tutor that throws (a bug, not an expected
 * failure: those arrive as notices) is logged and the student told, so no event can crash the process.
 */
export async function runTurn(
  turn: Turn,
  place: ReplyPlace,
  handler: TurnHandler,
  client: SlackClient,
  options: RenderOptions & { logError: (line: string) => void },
): Promise<void> {
  try {
    await renderReplies(handler.handle(turn), place, client, options);
  } catch (error) {
    options.logError(`Slack turn ${turn.id} failed: ${describeError(error)}`);
    await renderReplies(single({ type: "notice", text: FAILURE_NOTICE, audience: "conversation" }), place, client, options).catch(
      (second: unknown) => {
        options.logError(`Slack turn ${turn.id}: the failure notice failed too: ${describeError(second)}`);
      },
    );
  }
}

async function* single(event: ReplyEvent): AsyncIterable<ReplyEvent> {
  yield event;
}
