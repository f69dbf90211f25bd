/**
 * `npm run start:sharded`: the Discord bot as several gateway connections (shards), one tutor process each,
 * under discord.js's ShardingManager. Every shard runs src/main.ts, the entry point `npm start` runs, through
 * tsx as `npm start` does; discord.js tells each child its shard id and count through the environment.
 */
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { type APIGatewayBotInfo, REST, Routes, ShardingManager } from "discord.js";
import { loadConfig, type Config } from "../../config.js";
import { ConfigError } from "../../errors.js";
import { createLogger } from "../../logger.js";
import { describeLoginFailure } from "./describe-failure.js";

const MAIN = path.resolve(import.meta.dirname, "../../main.ts");
/** Discord lets each identify bucket start one session per 5 s; discord.js's default pause between shards. */
const IDENTIFY_INTERVAL_MS = 5_500;
/** Settings a shard must not act on: Slack runs in its own process (`npm start`), not once per shard. */
const NOT_FOR_SHARDS = ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"];

async function main(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
    if (!config.DISCORD_TOKEN)
      throw new ConfigError("DISCORD_TOKEN is not set. Fix: set it to the bot token (see the Discord section of README.md).");
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  const token = config.DISCORD_TOKEN;
  const log = createLogger({ level: config.TUTOR_LOG_LEVEL, secrets: [token] });
  let gateway: APIGatewayBotInfo;
  try {
    // The count Discord recommends for this bot; asked at DISCORD_API_URL (discord.js's "auto" asks discord.com only).
    gateway = (await new REST({ api: config.DISCORD_API_URL }).setToken(token).get(Routes.gatewayBot())) as APIGatewayBotInfo;
  } catch (error) {
    log.error(describeLoginFailure(error));
    return 2;
  }
  const shards = gateway.shards;
  const manager = new ShardingManager(MAIN, {
    token,
    totalShards: shards,
    mode: "process",
    respawn: true,
    execArgv: ["--import", import.meta.resolve("tsx")],
  });
  manager.on("shardCreate", (shard) => {
    // The environment the shard's process starts with (discord.js adds the shard id, count and token to ours).
    const env = shard.env as NodeJS.ProcessEnv;
    // One process writes the search indexes; the others read what it wrote (see TUTOR_INDEX_MODE).
    env.TUTOR_INDEX_MODE = shard.id === 0 ? config.TUTOR_INDEX_MODE : "read";
    for (const name of NOT_FOR_SHARDS) delete env[name];
    shard.on("spawn", (child) => log.info(`shard ${shard.id}: process ${(child as ChildProcess).pid}`));
    shard.on("death", () => log.warn(`shard ${shard.id}: its process exited${manager.respawn ? "; starting it again" : ""}`));
    log.info(`shard ${shard.id} of ${shards}: starting (search indexes: ${env.TUTOR_INDEX_MODE})`);
  });
  if (config.slackMode !== "off") log.warn("start:sharded runs Discord only; run Slack with `npm start` in a process of its own");
  const delay = Math.ceil(IDENTIFY_INTERVAL_MS / Math.max(1, gateway.session_start_limit.max_concurrency));
  const stopping = new Promise<void>((resolve) => {
    process.once("SIGTERM", resolve);
    process.once("SIGINT", resolve);
  });
  let failed = false;
  const spawned = manager.spawn({ amount: shards, delay, timeout: 60_000 }).then(
    () => log.info(`all ${shards} shard(s) connected`),
    (error: unknown) => {
      failed = true;
      log.error(`a shard did not start: ${error instanceof Error ? error.message : String(error)}`);
    },
  );
  await Promise.race([stopping, spawned.then(() => (failed ? undefined : stopping))]);
  // Each shard drains its turns on SIGTERM, as `npm start` does; none is started again meanwhile.
  manager.respawn = false;
  await Promise.all(
    [...manager.shards.values()].map(
      (shard) =>
        new Promise<void>((resolve) => {
          const child = shard.process;
          if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    ),
  );
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The sharded tutor stopped: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
