import {
  InteractionContextType,
  Locale,
  SlashCommandBuilder,
  type LocalizationMap,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type SlashCommandOptionsOnlyBuilder,
} from "discord.js";
import { commandsShownIn, commandText, findCommand, type CommandOption } from "../../tutor/commands.js";
import { catalogLanguageFor, FALLBACK_LANGUAGE, messagesFor, type MessageKey } from "../../tutor/i18n/messages.js";

/** Commands that show personal data or teacher settings: their replies are ephemeral in a server. */
export function isEphemeralCommand(name: string): boolean {
  return findCommand(name)?.private ?? true;
}

/** Discord's locales that have a catalog of their own (`zh-CN`, and `zh-TW` read in it); the others see English. */
const LOCALIZED = Object.values(Locale).filter((locale) => catalogLanguageFor(locale) !== FALLBACK_LANGUAGE);

/** A description as Discord takes it: English by default, and each localized locale's catalog text. */
function describe(key: MessageKey): { description: string; localizations: LocalizationMap } {
  return {
    description: messagesFor(FALLBACK_LANGUAGE).t(key),
    localizations: Object.fromEntries(LOCALIZED.map((locale) => [locale, messagesFor(locale).t(key)])),
  };
}

function addOption(builder: SlashCommandOptionsOnlyBuilder, option: CommandOption): SlashCommandOptionsOnlyBuilder {
  const { description, localizations } = describe(option.description);
  if (option.kind === "attachment")
    return builder.addAttachmentOption((added) =>
      added
        .setName(option.name)
        .setDescription(description)
        .setDescriptionLocalizations(localizations)
        .setRequired(option.required ?? false),
    );
  return builder.addStringOption((added) => {
    added
      .setName(option.name)
      .setDescription(description)
      .setDescriptionLocalizations(localizations)
      .setRequired(option.required ?? false);
    if (option.maxLength !== undefined) added.setMaxLength(option.maxLength);
    if (option.choices !== undefined) added.addChoices(...option.choices.map((choice) => ({ name: choice, value: choice })));
    return added;
  });
}

/**
 * The slash commands, as registered with Discord (`npm run discord:register`): the registry's Discord rows,
 * their descriptions from the catalogs (the same words as `/help`), localized for the languages the tutor
 * speaks; Discord shows each user the one of their client's language.
 */
export function buildSlashCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commandsShownIn("discord").map((spec) => {
    const { description, localizations } = describe(spec.description);
    const builder = new SlashCommandBuilder()
      .setName(spec.name)
      .setDescription(description)
      .setDescriptionLocalizations(localizations)
      .setContexts(spec.inDirectMessages ? [InteractionContextType.Guild, InteractionContextType.BotDM] : [InteractionContextType.Guild]);
    return spec.options.reduce(addOption, builder as SlashCommandOptionsOnlyBuilder).toJSON();
  });
}

/** The tutor's slash-style text for a slash command and its options. */
export function toCommandText(name: string, options: Record<string, string | undefined>): string {
  const spec = findCommand(name);
  return spec === undefined ? `/${name}` : commandText(spec, options);
}
