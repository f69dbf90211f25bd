import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

interface Manifest {
  features: { app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean }; slash_commands: { command: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
}

describe("slack-app-manifest.yaml", () => {
  it("asks for everything the adapter listens to and calls, so one paste creates a working app", async () => {
    const manifest = parse(await readFile(path.resolve(import.meta.dirname, "../../slack-app-manifest.yaml"), "utf8")) as Manifest;
    expect(manifest.features.slash_commands.map((command) => command.command)).toEqual(["/tutor"]);
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(["app_home_opened", "app_mention", "message.im", "message.channels"]),
    );
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining([
        "app_mentions:read",
        "channels:history",
        "im:history",
        "im:write",
        "chat:write",
        "commands",
        "files:read",
        "files:write",
        "users:read",
        "usergroups:read",
      ]),
    );
  });
});
