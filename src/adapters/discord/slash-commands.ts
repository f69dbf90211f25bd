import {
  InteractionContextType,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";

/** Commands that show personal data or teacher settings: their replies are ephemeral in a server. */
export const EPHEMERAL_COMMANDS = new Set(["progress", "forget-me", "export", "why", "course", "help", "content"]);

/** What `/content` does; `upload` takes the attached file, `remove` the path. */
const CONTENT_ACTIONS = ["list", "upload", "remove", "check"] as const;

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
    new SlashCommandBuilder()
      .setName("content")
      .setDescription("Teachers: list, upload, remove or check the course files")
      .setContexts([InteractionContextType.Guild])
      .addStringOption((option) =>
        option
          .setName("action")
          .setDescription("What to do")
          .setRequired(true)
          .addChoices(...CONTENT_ACTIONS.map((action) => ({ name: action, value: action }))),
      )
      .addAttachmentOption((option) => option.setName("file").setDescription("upload: a lesson or teacher note (.md) or a quiz (.yaml)"))
      .addStringOption((option) => option.setName("path").setDescription("remove: the file, e.g. lessons/12-recursion.md").setMaxLength(200)),
  ].map((builder) => builder.toJSON());
}

/** The tutor's slash-style text for a slash command and its options. */
export function toCommandText(name: string, options: Record<string, string | undefined>): string {
  const content = [options.action ?? "list", options.action === "remove" ? options.path : undefined].filter(Boolean).join(" ");
  const argument = { ask: options.question, quiz: options.skill, answer: options.text, why: options.skill, course: options.course, content }[name];
  return argument === undefined || argument.trim() === "" ? `/${name}` : `/${name} ${argument.trim()}`;
}
