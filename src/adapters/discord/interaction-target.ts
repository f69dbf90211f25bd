import { MessageFlags, type RepliableInteraction } from "discord.js";
import type { CustomIdCodec } from "./custom-id.js";
import { describeDiscordFailure } from "./describe-failure.js";
import type { Logger } from "../../logger.js";
import type { Outbox, ReplyTarget } from "./outbox.js";
import { toPayload } from "./to-payload.js";

interface InteractionTargetOptions {
  /** Already deferred: the "thinking…" placeholder is the original reply. */
  interaction: RepliableInteraction;
  /** The place is a DM: personal data may be shown in place. */
  isPrivate: boolean;
  codec: CustomIdCodec;
  logger: Logger;
}

const ORIGINAL = "@original";

/**
 * Replies to a deferred interaction: the first message fills the original reply, later ones are
 * follow-ups (ephemeral when the reply is). Personal data in a public place goes as an ephemeral
 * follow-up, which only the student sees.
 */
export function createInteractionTarget({ interaction, isPrivate, codec, logger }: InteractionTargetOptions): ReplyTarget {
  let originalUsed = false;
  const attempt = async <T>(call: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await call();
    } catch (error) {
      logger.warn(describeDiscordFailure(error, "answer-interaction"));
      return undefined;
    }
  };
  const edit: Outbox["edit"] = async (id, message) => {
    await attempt(() => interaction.editReply({ ...toPayload(message, codec), message: id }));
  };
  const remove: Outbox["remove"] = async (id) => {
    await attempt(() => interaction.deleteReply(id));
  };
  const followUp = async (message: Parameters<Outbox["post"]>[0], ephemeral: boolean) => {
    const sent = await attempt(() =>
      interaction.followUp({ ...toPayload(message, codec), ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) }),
    );
    return sent?.id;
  };

  const conversation: Outbox = {
    post: async (message) => {
      if (originalUsed) return followUp(message, interaction.ephemeral === true);
      originalUsed = true;
      const sent = await attempt(() => interaction.editReply(toPayload(message, codec)));
      return sent === undefined ? undefined : ORIGINAL;
    },
    edit,
    remove,
  };
  const privately = isPrivate || interaction.ephemeral === true;
  return {
    conversation,
    student: privately ? conversation : { post: (message) => followUp(message, true), edit, remove },
    typing: async () => {},
    finish: async () => {
      // Nothing went into the original reply: clear the "thinking…" placeholder.
      if (!originalUsed) await remove(ORIGINAL);
    },
  };
}
