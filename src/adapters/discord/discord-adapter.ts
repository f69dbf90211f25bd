import { Client, Events, GatewayIntentBits, Partials } from "discord.js";
import { ConfigError } from "../../errors.js";
import type { TeacherRoster } from "../../tutor/teachers.js";
import type { TurnHandler } from "../../tutor/turn.js";
import type { AdapterContext } from "./adapter-context.js";
import { CustomIdCodec } from "./custom-id.js";
import { describeLoginFailure } from "./describe-failure.js";
import { handleInteraction } from "./handle-interaction.js";
import { handleMessage } from "./handle-message.js";
import { resolveDiscordOptions, type DiscordAdapterOptions } from "./options.js";
import { createDiscordPeople } from "./people.js";
import { TutoringThreads } from "../tutoring-threads.js";
import { postDiscordNotice } from "./post-notice.js";
import { ClaimedOnce } from "../../tutor/store/claimed-once.js";
import { NO_PINGS } from "./to-payload.js";

/** The servers named in `discord:role:<server>/<role>` teachers. */
function roleServersOf(teachers: TeacherRoster): string[] {
  return [...new Set(teachers.entriesOfKind("discord:role:").map((entry) => entry.slice("discord:role:".length).split("/")[0]!))];
}

export interface DiscordAdapter {
  /** The bot's user id, once connected. */
  botUserId: string;
  /** Stops taking events, lets replies in flight finish (up to `drainMs`), then disconnects. */
  stop(drainMs?: number): Promise<void>;
  /** A content notice to `discord:channel:<id>` or `discord:user:<id>`; false for other scopes. */
  postNotice(scope: string, text: string): Promise<boolean>;
}

/**
 * Connects the bot to Discord and answers DMs, mentions (in a thread started from the message),
 * follow-ups in its threads, slash commands and buttons through `handler`. Rejects with a ConfigError
 * naming the fix when Discord refuses the token or the intents.
 */
export async function startDiscordAdapter(options: DiscordAdapterOptions, handler: TurnHandler): Promise<DiscordAdapter> {
  const settings = resolveDiscordOptions(options);
  const { logger } = settings;
  const client = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.MessageContent,
      GatewayIntentBits.DirectMessages,
    ],
    // DM channels are not cached before their first message.
    partials: [Partials.Channel],
    rest: { api: settings.apiUrl },
    allowedMentions: NO_PINGS,
  });

  const inFlight = new Set<Promise<void>>();
  let accepting = true;
  const run = (work: () => Promise<void>) => {
    if (!accepting) return;
    const task = work()
      .catch((error: unknown) =>
        logger.error(`Handling a Discord event failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
      )
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  };

  client.on(Events.Error, (error) => logger.error(`Discord client error: ${error.message}`));
  client.on(Events.ShardDisconnect, (event) =>
    logger.error(describeLoginFailure(Object.assign(new Error(`gateway closed with ${event.code}`), { code: event.code }))),
  );
  client.on(Events.ShardReconnecting, () => logger.info("Gateway connection lost; reconnecting (replies in flight continue over REST)."));
  client.on(Events.ShardResume, (_shard, replayed) => logger.info(`Gateway resumed; ${replayed} events replayed.`));

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(settings.token);
  } catch (error) {
    await client.destroy();
    const message = describeLoginFailure(error);
    logger.error(message);
    throw new ConfigError(message);
  }
  const readyClient = await ready;
  const context: AdapterContext = {
    client: readyClient,
    handler,
    options: settings,
    codec: new CustomIdCodec(),
    deliveries: new ClaimedOnce(options.claims, {
      onStoreError: (key, error) =>
        logger.warn(
          `Discord delivery ${key} could not be claimed in the store; handled here: ${error instanceof Error ? error.message : String(error)}`,
        ),
    }),
    people: createDiscordPeople(readyClient, roleServersOf(settings.teachers)),
    tutoringThreads: new TutoringThreads(options.threads),
  };
  client.on(Events.MessageCreate, (message) => run(() => handleMessage(message, context)));
  client.on(Events.InteractionCreate, (interaction) => run(() => handleInteraction(interaction, context)));
  logger.info(`Connected to Discord as ${readyClient.user.tag}.`);

  return {
    botUserId: readyClient.user.id,
    postNotice: (scope, text) => postDiscordNotice(readyClient, scope, text),
    stop: async (drainMs = 10_000) => {
      accepting = false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((resolve) => (timer = setTimeout(resolve, drainMs)))]);
      clearTimeout(timer);
      await client.destroy();
    },
  };
}
