import { RESTJSONErrorCodes, ThreadAutoArchiveDuration, DiscordAPIError, type Message, type SendableChannels } from "discord.js";
import type { Turn } from "../../tutor/turn.js";
import { collectUploads, isUploadCommand, replyToUpload, toContentCommand } from "../teacher-uploads.js";
import type { AdapterContext } from "./adapter-context.js";
import { createChannelTarget } from "./channel-target.js";
import { toClassScopes, toConversationId, type DiscordPlace } from "./class-scopes.js";
import { describeDiscordFailure } from "./describe-failure.js";
import { readMemberStanding } from "./member-standing.js";
import { renderReplies } from "./render-replies.js";
import { stripMention, toThreadName } from "./strip-mention.js";
import { isTeacher } from "./teacher.js";
import { findTeachingGuilds } from "./teaching-guilds.js";

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
  const inTutoringThread = channel.isThread() && (channel.ownerId === botId || context.tutoringThreads.has(channel.id));
  if (!inDm && !mentioned && !inTutoringThread) return;
  if (!context.seen.add(`message:${message.id}`)) return;

  const text = stripMention(message.content, botId);
  if (text === "" && !inDm && !mentioned) {
    // Discord sends the text of other messages only with the privileged intent.
    if (!warnedAboutContent) context.options.logger.warn("A thread follow-up arrived without text: enable the Message Content intent in the Developer Portal (your application → Bot → Privileged Gateway Intents).");
    warnedAboutContent = true;
    return;
  }
  if (channel.isThread() && mentioned) context.tutoringThreads.add(channel.id);

  const replyIn = inDm || channel.isThread() ? channel : await openThread(message, text, context);
  const place: DiscordPlace = inDm
    ? { kind: "dm", channelId: channel.id }
    : replyIn.isThread()
      ? { kind: "thread", channelId: replyIn.id, guildId: message.guildId ?? undefined, parentId: replyIn.parentId ?? undefined }
      : { kind: "channel", channelId: replyIn.id, guildId: message.guildId ?? undefined };
  const target = createChannelTarget({ channel: replyIn, student: message.author, isPrivate: inDm, codec: context.codec, logger: context.options.logger });
  const render = { editIntervalMs: context.options.streamEditIntervalMs, logger: context.options.logger };
  let classScopes = toClassScopes(place);
  let teacher = isTeacher(readMemberStanding(message.member, message.guild), context.options.teacherRole);
  const contentCommand = toContentCommand(text);
  if (inDm && contentCommand !== undefined) {
    const guilds = await findTeachingGuilds(context.client, message.author.id, context.options.teacherRole);
    if (guilds.length > 1) {
      await target.conversation.post({ content: "You teach in several servers: use `/content` in the server whose course you mean." });
      return;
    }
    // The DM acts for the one server the teacher teaches in, and so for that server's course.
    if (guilds[0] !== undefined) [teacher, classScopes] = [true, [`discord:guild:${guilds[0]}`]];
  }
  const offered = teacher && isUploadCommand(contentCommand) ? [...message.attachments.values()].map((file) => ({ name: file.name, size: file.size, url: file.url })) : [];
  const { attachments, refusals } = await collectUploads(offered);
  const turn: Turn = {
    id: `discord:message:${message.id}`,
    platform: "discord",
    classScopes,
    conversationId: toConversationId(place),
    student: {
      id: `discord:user:${message.author.id}`,
      displayName: message.member?.displayName ?? message.author.displayName,
      isTeacher: teacher,
    },
    visibility: inDm ? "private" : "public",
    text: text === "" ? "/help" : (contentCommand ?? text),
    attachments,
    receivedAt: message.createdTimestamp,
  };
  await renderReplies(replyToUpload(context.handler, turn, refusals), target, render);
}

/** A public thread from the message; if Discord refuses, the answer goes in the channel itself. */
async function openThread(message: Message<true>, text: string, context: AdapterContext): Promise<SendableChannels> {
  try {
    const thread = await message.startThread({
      name: toThreadName(text, message.member?.displayName ?? message.author.displayName),
      autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
    });
    context.tutoringThreads.add(thread.id);
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
