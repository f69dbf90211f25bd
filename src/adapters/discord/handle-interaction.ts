import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type Interaction } from "discord.js";
import { messagesFor } from "../../tutor/i18n/messages.js";
import type { Turn } from "../../tutor/turn.js";
import type { AdapterContext } from "./adapter-context.js";
import { toClassScopes, toConversationId, type DiscordPlace } from "./class-scopes.js";
import { describeDiscordFailure } from "./describe-failure.js";
import { createInteractionTarget } from "./interaction-target.js";
import { refusalForPlace } from "./allowed-place.js";
import { readRoleGroups } from "./member-standing.js";
import { renderReplies } from "./render-replies.js";
import { collectUploads, replyToUpload } from "../teacher-uploads.js";
import { isEphemeralCommand, toCommandText } from "./slash-commands.js";

interface Request {
  text: string;
  ephemeral: boolean;
  prefer: "channel" | "server";
}

/**
 * A slash command or a button press becomes one turn. The interaction is deferred first, within
 * Discord's 3 s, and answered by editing the deferred reply and following up.
 */
export async function handleInteraction(interaction: Interaction, context: AdapterContext): Promise<void> {
  if (!interaction.isChatInputCommand() && !interaction.isButton()) return;
  if (!(await context.deliveries.first(`discord:interaction:${interaction.id}`))) return;
  const isPrivate = !interaction.inGuild();
  const request = interaction.isButton() ? readButton(interaction, isPrivate, context) : readCommand(interaction, isPrivate);
  const channel = interaction.channel;
  const place: DiscordPlace = isPrivate
    ? { kind: "dm", channelId: interaction.channelId ?? interaction.user.id }
    : channel?.isThread()
      ? { kind: "thread", channelId: channel.id, guildId: interaction.guildId, parentId: channel.parentId ?? undefined }
      : { kind: "channel", channelId: interaction.channelId ?? "", guildId: interaction.guildId };
  const classScopes = toClassScopes(place, request?.prefer);
  const messages = messagesFor(await context.handler.languageFor(classScopes));
  const refusal = await refusalForPlace(context, interaction.guildId, interaction.user.id, messages);
  try {
    if (refusal !== undefined) return void (await interaction.reply({ content: refusal, flags: MessageFlags.Ephemeral }));
    await interaction.deferReply((request?.ephemeral ?? true) ? { flags: MessageFlags.Ephemeral } : {});
  } catch (error) {
    context.options.logger.warn(describeDiscordFailure(error, "answer-interaction"));
    return;
  }
  const target = createInteractionTarget({ interaction, isPrivate, codec: context.codec, logger: context.options.logger });
  if (request === undefined) {
    await target.conversation.post({ content: messages.t("adapter.button-expired") });
    return;
  }

  const student = {
    id: `discord:user:${interaction.user.id}`,
    groups: interaction.inGuild()
      ? readRoleGroups(interaction.member, interaction.guildId)
      : await context.people.groupsInDm(interaction.user.id),
  };
  // Only a teacher's file is ever fetched; a student's `/content upload` reaches the tutor empty and is refused there.
  const upload =
    context.options.teachers.coursesOf(student).length > 0 && interaction.isChatInputCommand() && interaction.commandName === "content"
      ? interaction.options.getAttachment("file")
      : null;
  const { attachments, refusals } = upload
    ? await collectUploads([{ name: upload.name, size: upload.size, url: upload.url }], messages)
    : { attachments: [], refusals: [] };
  const turn: Turn = {
    id: `discord:interaction:${interaction.id}`,
    platform: "discord",
    classScopes,
    conversationId: toConversationId(place),
    student: { ...student, displayName: interaction.user.displayName },
    visibility: isPrivate ? "private" : "public",
    text: request.text,
    attachments,
    receivedAt: interaction.createdTimestamp,
  };
  await renderReplies(replyToUpload(context.handler, turn, refusals), target, {
    editIntervalMs: context.options.streamEditIntervalMs,
    logger: context.options.logger,
    messages,
  });
}

function readCommand(interaction: ChatInputCommandInteraction, isPrivate: boolean): Request {
  const options = Object.fromEntries(
    interaction.options.data.map((option) => [option.name, option.value === undefined ? undefined : String(option.value)]),
  );
  return {
    text: toCommandText(interaction.commandName, options),
    ephemeral: !isPrivate && isEphemeralCommand(interaction.commandName),
    prefer: interaction.commandName === "course" && options.scope !== "channel" ? "server" : "channel",
  };
}

/** A button press is the student's own answer: in a server only they see the result. */
function readButton(interaction: ButtonInteraction, isPrivate: boolean, context: AdapterContext): Request | undefined {
  const command = context.codec.decode(interaction.customId);
  return command === undefined ? undefined : { text: command, ephemeral: !isPrivate, prefer: "channel" };
}
