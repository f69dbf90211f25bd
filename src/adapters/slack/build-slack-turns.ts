import type { Turn, Visibility } from "../../tutor/turn.js";
import type { BlockActionPayload, MessageEvent, SlashCommand } from "./slack-payloads.js";

/** Where the replies to one turn go. */
export interface ReplyPlace {
  /** A channel id, or a user id, which Slack takes as the app's DM with that user. */
  channel: string;
  threadTs?: string;
  userId: string;
  visibility: Visibility;
  /** A command or a button press: Slack lets the app answer the student alone (`chat.postEphemeral`) here. */
  interactive: boolean;
  /** Every reply is personal (e.g. `/tutor progress`), whatever audience the tutor gives it. */
  privateOnly: boolean;
}

export interface SlackTurn {
  turn: Turn;
  place: ReplyPlace;
}

export interface StudentInfo {
  displayName: string;
  /** The configured teacher groups the person is in (`slack:group:S…`). */
  groups: string[];
}

const PLATFORM = "slack";

function qualifyUser(userId: string): string {
  return `slack:user:${userId}`;
}

/** DM channel ids start with D; a slash command also says `directmessage` as its channel name. */
function isDirectChannel(channelId: string, channelName = ""): boolean {
  return channelId.startsWith("D") || channelName === "directmessage";
}

function classScopes(teamId: string, channelId?: string): string[] {
  return channelId === undefined ? [`slack:team:${teamId}`] : [`slack:channel:${channelId}`, `slack:team:${teamId}`];
}

function dmConversation(userId: string): string {
  return `slack:dm:${userId}`;
}

function channelConversation(channelId: string, threadTs: string | undefined): string {
  return threadTs === undefined ? `slack:channel:${channelId}` : `slack:thread:${channelId}:${threadTs}`;
}

/**
 * A DM, a mention or a thread follow-up. A message in a channel is always answered in a thread: its own
 * thread if it has one, else a new thread under it. The id is `channel:ts`, the same for the `message` and
 * `app_mention` deliveries of one message.
 */
export function buildMessageTurn(
  event: MessageEvent & { user: string },
  teamId: string,
  student: StudentInfo,
  botUserId?: string,
): SlackTurn {
  const direct = event.channel_type === "im" || isDirectChannel(event.channel);
  const threadTs = direct ? event.thread_ts : (event.thread_ts ?? event.ts);
  return {
    turn: {
      id: `slack:${teamId}:message:${event.channel}:${event.ts}`,
      platform: PLATFORM,
      classScopes: direct ? classScopes(teamId) : classScopes(teamId, event.channel),
      conversationId: direct ? dmConversation(event.user) : channelConversation(event.channel, threadTs),
      student: { id: qualifyUser(event.user), ...student },
      visibility: direct ? "private" : "public",
      text: cleanMessageText(event.text, botUserId),
    },
    place: {
      channel: event.channel,
      ...(threadTs === undefined ? {} : { threadTs }),
      userId: event.user,
      visibility: direct ? "private" : "public",
      interactive: false,
      privateOnly: false,
    },
  };
}

/** `/tutor …` in a channel answers in the channel; in any DM it answers in the app's DM with the student. */
export function buildCommandTurn(command: SlashCommand, text: string, privateOnly: boolean, student: StudentInfo): SlackTurn {
  const direct = isDirectChannel(command.channel_id, command.channel_name);
  return {
    turn: {
      id: `slack:${command.team_id}:command:${command.trigger_id}`,
      platform: PLATFORM,
      classScopes: direct ? classScopes(command.team_id) : classScopes(command.team_id, command.channel_id),
      conversationId: direct ? dmConversation(command.user_id) : channelConversation(command.channel_id, undefined),
      student: { id: qualifyUser(command.user_id), ...student },
      visibility: direct ? "private" : "public",
      text,
    },
    place: {
      channel: direct ? command.user_id : command.channel_id,
      userId: command.user_id,
      visibility: direct ? "private" : "public",
      interactive: true,
      privateOnly,
    },
  };
}

/**
 * A button press is the student typing the button's command, in the conversation the button was in.
 * Its replies (a graded answer with the new mastery) are the presser's own: ephemeral in a channel.
 */
export function buildActionTurn(payload: BlockActionPayload, teamId: string, student: StudentInfo): SlackTurn | undefined {
  const action = payload.actions[0];
  if (action?.value === undefined) return undefined;
  const userId = payload.user.id;
  const channel = payload.channel?.id;
  // No channel: a button in the App Home, which is the student's own place.
  const direct = channel === undefined || isDirectChannel(channel);
  const threadTs = direct ? undefined : (payload.message?.thread_ts ?? payload.container?.thread_ts);
  return {
    turn: {
      id: `slack:${teamId}:action:${userId}:${action.action_ts}`,
      platform: PLATFORM,
      classScopes: direct ? classScopes(teamId) : classScopes(teamId, channel),
      conversationId: direct ? dmConversation(userId) : channelConversation(channel, threadTs),
      student: { id: qualifyUser(userId), ...student },
      visibility: direct ? "private" : "public",
      text: action.value,
    },
    place: {
      channel: channel ?? userId,
      ...(threadTs === undefined ? {} : { threadTs }),
      userId,
      visibility: direct ? "private" : "public",
      interactive: true,
      privateOnly: !direct,
    },
  };
}

/** The App Home shows what `/progress` says, asked privately. */
export function buildHomeTurn(teamId: string, userId: string, eventId: string, student: StudentInfo): Turn {
  return {
    id: `slack:${teamId}:home:${eventId}`,
    platform: PLATFORM,
    classScopes: classScopes(teamId),
    conversationId: `slack:home:${userId}`,
    student: { id: qualifyUser(userId), ...student },
    visibility: "private",
    text: "/progress",
  };
}

/** Drops the app's own mention and undoes Slack's escaping, so the tutor sees what the student typed. */
export function cleanMessageText(text: string, botUserId?: string): string {
  const mention = botUserId === undefined ? /^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>/ : new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, "g");
  return text
    .replace(mention, " ")
    .replace(/[ \t]{2,}/g, " ")
    .trim()
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
