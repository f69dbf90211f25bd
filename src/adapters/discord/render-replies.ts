import type { Messages } from "../../tutor/i18n/messages.js";
import type { Audience, ReplyEvent } from "../../tutor/turn.js";
import type { Logger } from "../../logger.js";
import type { OutgoingMessage, Outbox, ReplyTarget } from "./outbox.js";
import { withSources } from "./render-sources.js";
import { splitMessage } from "./split-message.js";
import { StreamedMessage } from "./streamed-message.js";

export interface RenderOptions {
  editIntervalMs: number;
  logger: Logger;
  /** The turn's course language: the adapter's own words (place in line, sources heading, failure) are in it. */
  messages: Messages;
}

/** Renders one turn's reply events into Discord messages, in order. Never throws. */
export async function renderReplies(events: AsyncIterable<ReplyEvent>, target: ReplyTarget, options: RenderOptions): Promise<void> {
  let stream: StreamedMessage | undefined;
  let statusId: string | undefined;
  const takeStatus = (audience: Audience): string | undefined => {
    if (audience !== "conversation") return undefined;
    const id = statusId;
    statusId = undefined;
    return id;
  };
  const outboxFor = (audience: Audience): Outbox => (audience === "student" ? target.student : target.conversation);
  const show = (audience: Audience, parts: OutgoingMessage[]) =>
    new StreamedMessage(outboxFor(audience), options.editIntervalMs, takeStatus(audience)).complete(parts);

  try {
    for await (const event of events) {
      switch (event.type) {
        case "typing":
          await target.typing();
          break;
        case "queued": {
          const status = {
            content: options.messages.t("adapter.queued", { position: event.position, seconds: Math.max(1, Math.round(event.etaSeconds)) }),
          };
          if (statusId === undefined) statusId = await target.conversation.post(status);
          else await target.conversation.edit(statusId, status);
          break;
        }
        case "delta":
          stream ??= new StreamedMessage(target.conversation, options.editIntervalMs, takeStatus("conversation"));
          stream.append(event.text);
          break;
        case "message": {
          const parts = toParts(withSources(event.text, event.sources, options.messages), event.actions);
          if (stream !== undefined && outboxFor(event.audience) === target.conversation) {
            await stream.complete(parts);
          } else {
            // A personal answer must not stay where others saw it stream.
            await stream?.discard();
            await show(event.audience, parts);
          }
          stream = undefined;
          break;
        }
        case "notice":
          await show(event.audience, [{ content: event.text }]);
          break;
        case "file":
          await outboxFor(event.audience).post({ content: event.caption, file: { name: event.name, data: event.data } });
          break;
      }
    }
  } catch (error) {
    options.logger.error(`The tutor failed while answering: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await stream?.complete(stream.partsSoFar());
    stream = undefined;
    await show("conversation", [{ content: options.messages.t("error.internal") }]);
  } finally {
    await stream?.complete(stream.partsSoFar());
    if (statusId !== undefined) await target.conversation.remove(statusId);
    await target.finish();
  }
}

/** A final text as message parts; the buttons go under the last part. */
export function toParts(text: string, actions: OutgoingMessage["actions"] = []): OutgoingMessage[] {
  const parts: OutgoingMessage[] = splitMessage(text).map((content) => ({ content }));
  // Discord needs some content beside buttons; a zero-width space shows nothing.
  if (parts.length === 0 && actions.length > 0) parts.push({ content: "\u200b" });
  const last = parts.at(-1);
  if (last !== undefined && actions.length > 0) last.actions = actions;
  return parts;
}
