import { AttachmentBuilder, type BaseMessageOptions } from "discord.js";
import type { CustomIdCodec } from "./custom-id.js";
import type { OutgoingMessage } from "./outbox.js";
import { renderButtons } from "./render-buttons.js";

/** Generated text must never ping anyone: no @everyone, @here, role or user mentions. */
export const NO_PINGS = { parse: [] as [] };

/** The discord.js payload for a message; `components` is always set so an edit clears stale buttons. */
export function toPayload(message: OutgoingMessage, codec: CustomIdCodec): BaseMessageOptions {
  return {
    content: message.content,
    components: renderButtons(message.actions ?? [], codec),
    allowedMentions: NO_PINGS,
    ...(message.file ? { files: [new AttachmentBuilder(Buffer.from(message.file.data), { name: message.file.name })] } : {}),
  };
}
