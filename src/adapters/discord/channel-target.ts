import type { SendableChannels, User } from "discord.js";
import type { CustomIdCodec } from "./custom-id.js";
import { describeDiscordFailure, type DiscordOperation } from "./describe-failure.js";
import type { Logger } from "../../logger.js";
import type { Messages } from "../../tutor/i18n/messages.js";
import type { OutgoingMessage, Outbox, ReplyTarget } from "./outbox.js";
import { toPayload } from "./to-payload.js";

interface ChannelTargetOptions {
  channel: SendableChannels;
  student: User;
  /** A DM: personal data may be shown in place. */
  isPrivate: boolean;
  codec: CustomIdCodec;
  logger: Logger;
  messages: Messages;
}

/** Replies to a message: in its channel or thread, with personal data sent to the student by DM. */
export function createChannelTarget({ channel, student, isPrivate, codec, logger, messages }: ChannelTargetOptions): ReplyTarget {
  const attempt = async <T>(operation: DiscordOperation, call: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await call();
    } catch (error) {
      logger.warn(describeDiscordFailure(error, operation));
      return undefined;
    }
  };
  const sendOperation: DiscordOperation = channel.isThread() ? "send-in-thread" : "send-message";
  const outboxIn = (resolve: () => Promise<SendableChannels>, operation: DiscordOperation): Outbox => ({
    post: async (message: OutgoingMessage) => {
      const sent = await attempt(message.file ? "attach-file" : operation, async () => (await resolve()).send(toPayload(message, codec)));
      return sent?.id;
    },
    edit: async (id, message) => {
      await attempt("edit-message", async () => (await resolve()).messages.edit(id, toPayload(message, codec)));
    },
    remove: async (id) => {
      await attempt("delete-message", async () => (await resolve()).messages.delete(id));
    },
  });

  const conversation = outboxIn(async () => channel, sendOperation);
  let dm: Promise<SendableChannels> | undefined;
  const dmOutbox = outboxIn(() => (dm ??= student.createDM()), "send-dm");
  const studentOutbox: Outbox = isPrivate
    ? conversation
    : {
        ...dmOutbox,
        post: async (message) => {
          const id = await dmOutbox.post(message);
          if (id === undefined) {
            await conversation.post({ content: messages.t("adapter.cannot-dm", { mention: `<@${student.id}>` }) });
          }
          return id;
        },
      };

  return {
    conversation,
    student: studentOutbox,
    typing: async () => {
      await attempt(sendOperation, () => channel.sendTyping());
    },
    finish: async () => {},
  };
}
