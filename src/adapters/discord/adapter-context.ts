import type { Client } from "discord.js";
import type { TurnHandler } from "../../tutor/turn.js";
import type { CustomIdCodec } from "./custom-id.js";
import type { DiscordPeople } from "./people.js";
import type { ResolvedDiscordOptions } from "./options.js";
import type { ClaimedOnce } from "../../tutor/store/claimed-once.js";
import type { TutoringThreads } from "../tutoring-threads.js";

/** What the event handlers share for the adapter's lifetime. */
export interface AdapterContext {
  client: Client<true>;
  handler: TurnHandler;
  options: ResolvedDiscordOptions;
  codec: CustomIdCodec;
  /** Messages and interactions already taken by this process or another sharing the store: replays, redeliveries. */
  deliveries: ClaimedOnce;
  people: DiscordPeople;
  /** Threads the bot was mentioned in and answers without a mention (its own threads are known by owner). */
  tutoringThreads: TutoringThreads;
}
