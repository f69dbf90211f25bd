import {
  InteractionContextType,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type SlashCommandOptionsOnlyBuilder,
} from "discord.js";
import { commandsShownIn, commandText, findCommand, type CommandOption } from "../../tutor/commands.js";

/** Commands that show personal data or teacher settings: their replies are ephemeral in a server. */
export function isEphemeralCommand(name: string): boolean {
  return findCommand(name)?.private ?? true;
}

function addOption(builder: SlashCommandOptionsOnlyBuilder, option: CommandOption): SlashCommandOptionsOnlyBuilder {
  if (option.kind === "attachment")
    return builder.addAttachmentOption((added) =>
      added
        .setName(option.name)
        .setDescription(option.description)
        .setRequired(option.required ?? false),
    );
  return builder.addStringOption((added) => {
    added
      .setName(option.name)
      .setDescription(option.description)
      .setRequired(option.required ?? false);
    if (option.maxLength !== undefined) added.setMaxLength(option.maxLength);
    if (option.choices !== undefined) added.addChoices(...option.choices.map((choice) => ({ name: choice, value: choice })));
    return added;
  });
}

/** The slash commands, as registered with Discord (`npm run discord:register`): the registry's Discord rows. */
export function buildSlashCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commandsShownIn("discord").map((spec) => {
    const builder = new SlashCommandBuilder()
      .setName(spec.name)
      .setDescription(spec.description)
      .setContexts(spec.inDirectMessages ? [InteractionContextType.Guild, InteractionContextType.BotDM] : [InteractionContextType.Guild]);
    return spec.options.reduce(addOption, builder as SlashCommandOptionsOnlyBuilder).toJSON();
  });
}

/** The tutor's slash-style text for a slash command and its options. */
export function toCommandText(name: string, options: Record<string, string | undefined>): string {
  const spec = findCommand(name);
  return spec === undefined ? `/${name}` : commandText(spec, options);
}
