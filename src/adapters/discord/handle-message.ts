import { RESTJSONErrorCodes, ThreadAutoArchiveDuration, DiscordAPIError, type Message, type SendableChannels } from "discord.js";
import { messagesFor, type Messages } from "../../tutor/i18n/messages.js";
import type { Turn } from "../../tutor/turn.js";
import { collectUploads, isUploadCommand, replyToUpload, toContentCommand } from "../teacher-uploads.js";
import type { AdapterContext } from "./adapter-context.js";
import { createChannelTarget } from "./channel-target.js";
import { placeOf, toClassScopes, toConversationId } from "./class-scopes.js";
import { describeDiscordFailure } from "./describe-failure.js";
import { refusalForPlace } from "./allowed-place.js";
import { readRoleGroups } from "./member-standing.js";
import { renderReplies } from "./render-replies.js";
import { stripMention, toThreadName } from "./strip-mention.js";

let warnedAboutContent = false;

/**
 * A DM, a mention in a channel (answered in a new thread started from the message), or a follow-up
 * in a tutoring thread becomes one turn. Everything else, and every bot, is ignored.
 */
export async function handleMessage(message: Message, context: AdapterContext): Promise<void> {
  if (message.author.bot || message.system) return;
  const botId = context.client.user.id;
  const channel = message.channel;
  if (!channel.isSendable()) return;
  const inDm = !message.inGuild();
  const mentioned = message.mentions.users.has(botId);
  const inTutoringThread =
    channel.isThread() && (channel.ownerId === botId || (await context.tutoringThreads.has(`discord:thread:${channel.id}`)));
  if (!inDm && !mentioned && !inTutoringThread) return;
  if (!(await context.deliveries.first(`discord:message:${message.id}`))) return;

  // The place's course language; a thread opened from a channel message belongs to the same class.
  const messages = messagesFor(await context.handler.languageFor(toClassScopes(placeOf(channel, message.guildId))));
  const refusal = await refusalForPlace(context, message.guildId, message.author.id, messages);
  if (refusal !== undefined) {
    await createChannelTarget({
      channel,
      student: message.author,
      isPrivate: inDm,
      codec: context.codec,
      logger: context.options.logger,
      messages,
    }).conversation.post({ content: refusal });
    return;
  }

  const text = stripMention(message.content, botId);
  if (text === "" && !inDm && !mentioned) {
    // Discord sends the text of other messages only with the privileged intent.
    if (!warnedAboutContent)
      context.options.logger.warn(
        "A thread follow-up arrived without text: enable the Message Content intent in the Developer Portal (your application → Bot → Privileged Gateway Intents).",
      );
    warnedAboutContent = true;
    return;
  }
  if (channel.isThread() && mentioned) await context.tutoringThreads.add(`discord:thread:${channel.id}`);

  const replyIn = inDm || channel.isThread() ? channel : await openThread(message, text, context, messages);
  const place = placeOf(replyIn, message.guildId);
  const target = createChannelTarget({
    channel: replyIn,
    student: message.author,
    isPrivate: inDm,
    codec: context.codec,
    logger: context.options.logger,
    messages,
  });
  const render = { editIntervalMs: context.options.streamEditIntervalMs, logger: context.options.logger, messages };
  const student = {
    id: `discord:user:${message.author.id}`,
    groups: message.inGuild() ? readRoleGroups(message.member, message.guildId) : await context.people.groupsInDm(message.author.id),
  };
  const contentCommand = toContentCommand(text);
  // Only a teacher's files are ever fetched; the tutor decides whether they teach this place's course.
  const offered =
    context.options.teachers.coursesOf(student).length > 0 && isUploadCommand(contentCommand)
      ? [...message.attachments.values()].map((file) => ({ name: file.name, size: file.size, url: file.url }))
      : [];
  const { attachments, refusals } = await collectUploads(offered, messages);
  const turn: Turn = {
    id: `discord:message:${message.id}`,
    platform: "discord",
    classScopes: toClassScopes(place),
    conversationId: toConversationId(place),
    student: { ...student, displayName: message.member?.displayName ?? message.author.displayName },
    visibility: inDm ? "private" : "public",
    text: text === "" ? "/help" : (contentCommand ?? text),
    attachments,
    receivedAt: message.createdTimestamp,
  };
  await renderReplies(replyToUpload(context.handler, turn, refusals), target, render);
}

/** A public thread from the message; if Discord refuses, the answer goes in the channel itself. */
async function openThread(message: Message<true>, text: string, context: AdapterContext, messages: Messages): Promise<SendableChannels> {
  try {
    const thread = await message.startThread({
      name: toThreadName(text, messages.t("adapter.thread-name", { name: message.member?.displayName ?? message.author.displayName })),
      autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
    });
    await context.tutoringThreads.add(`discord:thread:${thread.id}`);
    return thread;
  } catch (error) {
    // A redelivered message whose thread exists: a message's thread has the message's id.
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) {
      const existing = await message.client.channels.fetch(message.id).catch(() => null);
      if (existing?.isThread()) return existing;
    }
    context.options.logger.warn(describeDiscordFailure(error, "create-thread"));
    return message.channel;
  }
}
