import { pathToFileURL } from "node:url";
import { REST, Routes, type APIApplication } from "discord.js";
import { buildSlashCommands } from "./slash-commands.js";

export interface RegisterCommandsOptions {
  token: string;
  applicationId: string;
  /** Register in one server only: updates show at once instead of within the hour. */
  guildId?: string;
  apiUrl: string;
}

/** Replaces the bot's slash commands with ours; returns how many Discord now has. */
export async function registerCommands({ token, applicationId, guildId, apiUrl }: RegisterCommandsOptions): Promise<number> {
  const rest = new REST({ api: apiUrl }).setToken(token);
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  const registered = (await rest.put(route, { body: buildSlashCommands() })) as unknown[];
  return registered.length;
}

/** The application id that goes with a bot token, so DISCORD_APPLICATION_ID may be left unset. */
export async function fetchApplicationId(token: string, apiUrl: string): Promise<string> {
  const rest = new REST({ api: apiUrl }).setToken(token);
  const application = (await rest.get(Routes.currentApplication())) as APIApplication;
  return application.id;
}

async function main(): Promise<void> {
  const { loadConfig } = await import("../../config.js");
  const config = loadConfig();
  if (!config.DISCORD_TOKEN)
    throw new Error("DISCORD_TOKEN is not set: copy the bot token from the Developer Portal (your application → Bot).");
  const applicationId = config.DISCORD_APPLICATION_ID ?? (await fetchApplicationId(config.DISCORD_TOKEN, config.DISCORD_API_URL));
  const count = await registerCommands({
    token: config.DISCORD_TOKEN,
    applicationId,
    guildId: config.DISCORD_GUILD_ID,
    apiUrl: config.DISCORD_API_URL,
  });
  console.log(
    config.DISCORD_GUILD_ID
      ? `Registered ${count} slash commands in server ${config.DISCORD_GUILD_ID} (available now).`
      : `Registered ${count} slash commands globally (Discord may take up to an hour to show changes; set DISCORD_GUILD_ID for instant updates in one server).`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
