import type { Messages } from "../../tutor/i18n/messages.js";
import type { Action, Citation } from "../../tutor/turn.js";
import { convertMarkdownToMrkdwn, escapeSlackText } from "./markdown-to-mrkdwn.js";
import { splitMrkdwn } from "./split-mrkdwn.js";

/** The subset of Block Kit this adapter sends. */
export type SlackBlock =
  | { type: "section"; text: { type: "mrkdwn"; text: string } }
  | { type: "context"; elements: { type: "mrkdwn"; text: string }[] }
  | { type: "header"; text: { type: "plain_text"; text: string } }
  | { type: "divider" }
  | { type: "actions"; block_id: string; elements: SlackButton[] };

export interface SlackButton {
  type: "button";
  action_id: string;
  text: { type: "plain_text"; text: string; emoji: true };
  value: string;
  style?: "primary" | "danger";
}

export interface SlackMessagePayload {
  /** Notification and fallback text; the blocks are what people see. */
  text: string;
  blocks: SlackBlock[];
}

/** Slack's documented Block Kit limits. */
export const SLACK_LIMITS = {
  sectionText: 3000,
  contextText: 3000,
  buttonText: 75,
  buttonValue: 2000,
  buttonsPerBlock: 25,
  blocksPerMessage: 50,
  messageText: 40_000,
} as const;

/** Every button's action id starts with this, so one listener catches them all. */
export const ACTION_ID_PREFIX = "tutor_action_";

/** A tutor message (Markdown, sources, actions) as a Slack message: sections, a "Sources" context, buttons. */
export function buildMessagePayload(
  markdown: string,
  sources: readonly Citation[],
  actions: readonly Action[],
  messages: Messages,
): SlackMessagePayload {
  const mrkdwn = convertMarkdownToMrkdwn(markdown);
  const sections: SlackBlock[] = splitMrkdwn(mrkdwn, SLACK_LIMITS.sectionText).map((text) => ({
    type: "section",
    text: { type: "mrkdwn", text },
  }));
  const trailer: SlackBlock[] = [];
  if (sources.length > 0)
    trailer.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: truncate(renderSources(sources, messages), SLACK_LIMITS.contextText) }],
    });
  trailer.push(...buildActionBlocks(actions));
  const room = SLACK_LIMITS.blocksPerMessage - trailer.length;
  return { text: truncate(mrkdwn === "" ? " " : mrkdwn, SLACK_LIMITS.messageText), blocks: [...sections.slice(0, room), ...trailer] };
}

function renderSources(sources: readonly Citation[], messages: Messages): string {
  return [`*${escapeSlackText(messages.t("adapter.sources"))}*`, ...sources.map((source) => `• ${escapeSlackText(source.label)}`)].join(
    "\n",
  );
}

function buildActionBlocks(actions: readonly Action[]): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  for (let start = 0; start < actions.length; start += SLACK_LIMITS.buttonsPerBlock) {
    const elements = actions
      .slice(start, start + SLACK_LIMITS.buttonsPerBlock)
      .map((action, offset) => buildButton(action, start + offset));
    blocks.push({ type: "actions", block_id: `tutor_actions_${blocks.length}`, elements });
  }
  return blocks;
}

function buildButton(action: Action, index: number): SlackButton {
  const button: SlackButton = {
    type: "button",
    action_id: `${ACTION_ID_PREFIX}${index}`,
    text: { type: "plain_text", text: truncate(action.label, SLACK_LIMITS.buttonText), emoji: true },
    value: action.command.slice(0, SLACK_LIMITS.buttonValue),
  };
  // Slack has no "secondary" style: leaving it out is the default look.
  if (action.style === "primary" || action.style === "danger") button.style = action.style;
  return button;
}

export function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
