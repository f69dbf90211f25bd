import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from "discord.js";
import type { Action } from "../../tutor/turn.js";
import type { CustomIdCodec } from "./custom-id.js";

const BUTTONS_PER_ROW = 5;
const ROWS_PER_MESSAGE = 5;
const LABEL_LIMIT = 80;

const STYLES: Record<NonNullable<Action["style"]>, ButtonStyle> = {
  primary: ButtonStyle.Primary,
  danger: ButtonStyle.Danger,
  secondary: ButtonStyle.Secondary,
};

/** Tutor actions as rows of buttons, within Discord's 5 × 5 limit; pressing one sends its command. */
export function renderButtons(actions: Action[], codec: CustomIdCodec): ActionRowBuilder<ButtonBuilder>[] {
  const buttons = actions.slice(0, BUTTONS_PER_ROW * ROWS_PER_MESSAGE).map((action) =>
    new ButtonBuilder()
      .setCustomId(codec.encode(action.command))
      .setLabel(action.label.slice(0, LABEL_LIMIT) || action.command.slice(0, LABEL_LIMIT))
      .setStyle(STYLES[action.style ?? "secondary"]),
  );
  const rows: ActionRowBuilder<ButtonBuilder>[] = [];
  for (let start = 0; start < buttons.length; start += BUTTONS_PER_ROW) {
    rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents(buttons.slice(start, start + BUTTONS_PER_ROW)));
  }
  return rows;
}
