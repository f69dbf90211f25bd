import type { FlowContext } from "../flow-context.js";
import type { ReplyEvent } from "../turn.js";
import { askQuizItem } from "./quiz.js";

/** `/review`: practice on the skill most due for review. */
export async function* offerReviews(context: FlowContext): AsyncIterable<ReplyEvent> {
  yield* askQuizItem(context);
}
