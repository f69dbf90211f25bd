import {
  InteractionContextType,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";

/** Commands that show personal data or teacher settings: their replies are ephemeral in a server. */
export const EPHEMERAL_COMMANDS = new Set(["progress", "forget-me", "export", "why", "course", "help"]);

const everywhere = [InteractionContextType.Guild, InteractionContextType.BotDM];

const command = (name: string, description: string) =>
  new SlashCommandBuilder().setName(name).setDescription(description).setContexts(everywhere);

/** The slash commands, as registered with Discord (`npm run discord:register`). */
export function buildSlashCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [
    command("ask", "Ask the tutor a question about the course").addStringOption((option) =>
      option.setName("question").setDescription("Your question").setRequired(true).setMaxLength(1500),
    ),
    command("quiz", "Get a practice question").addStringOption((option) =>
      option.setName("skill").setDescription("A skill to practise (default: the one you need most)").setMaxLength(100),
    ),
    command("answer", "Answer the current quiz question").addStringOption((option) =>
      option.setName("text").setDescription("Your answer, or the letter of a choice").setRequired(true).setMaxLength(1000),
    ),
    command("hint", "Get a hint for the current quiz question"),
    command("giveup", "See the answer to the current quiz question"),
    command("progress", "See your mastery of each skill (only you see it)"),
    command("why", "Why the tutor thinks you know a skill this well").addStringOption((option) =>
      option.setName("skill").setDescription("The skill").setRequired(true).setMaxLength(100),
    ),
    command("export", "Download everything the tutor keeps about you"),
    command("forget-me", "Delete everything the tutor keeps about you"),
    command("help", "What the tutor can do"),
    new SlashCommandBuilder()
      .setName("course")
      .setDescription("Teachers: bind this server or channel to a course")
      .setContexts([InteractionContextType.Guild])
      .addStringOption((option) => option.setName("course").setDescription("The course id, e.g. python-basics").setRequired(true).setMaxLength(100))
      .addStringOption((option) =>
        option
          .setName("scope")
          .setDescription("Bind the whole server (default) or only this channel")
          .addChoices({ name: "server", value: "server" }, { name: "channel", value: "channel" }),
      ),
  ].map((builder) => builder.toJSON());
}

/** The tutor's slash-style text for a slash command and its options. */
export function toCommandText(name: string, options: Record<string, string | undefined>): string {
  const argument = { ask: options.question, quiz: options.skill, answer: options.text, why: options.skill, course: options.course }[name];
  return argument === undefined || argument.trim() === "" ? `/${name}` : `/${name} ${argument.trim()}`;
}
