import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { ConfigError } from "../../src/errors.js";

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), "tutor-config-"));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const writeConfigFile = (text: string, name = "tutor.config.yaml") => writeFile(path.join(cwd, name), text);

/** The ConfigError loadConfig throws, so a test can read its message. */
function configErrorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env, cwd);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("loadConfig accepted the settings");
}

describe("loadConfig", () => {
  it("defaults: everything works with no environment and no file", () => {
    const config = loadConfig({}, cwd);
    expect(config).toMatchObject({
      OLLAMA_HOST: "http://127.0.0.1:11434",
      OLLAMA_MODEL: "llama3.2",
      TUTOR_EMBEDDER: "builtin",
      TUTOR_RETRIEVAL_K: 4,
      TUTOR_MAX_MESSAGE_CHARS: 4000,
      PORT: 3000,
      bindings: {},
      dataDir: path.join(cwd, "data"),
      contentDir: path.join(cwd, "content"),
      databaseFile: path.join(cwd, "data", "tutor.db"),
      discordEnabled: false,
      slackMode: "off",
    });
  });

  it("DATABASE_URL chooses PostgreSQL for the profiles; anything but a postgres:// URL is refused with the form to use", () => {
    expect(loadConfig({}, cwd).DATABASE_URL).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: "postgres://tutor:s3cret@db.school:5432/tutor", DATABASE_POOL_SIZE: "4" }, cwd)).toMatchObject({
      DATABASE_URL: "postgres://tutor:s3cret@db.school:5432/tutor",
      DATABASE_POOL_SIZE: 4,
    });
    const error = configErrorOf({ DATABASE_URL: "mysql://db.school/tutor", DATABASE_POOL_SIZE: "0" });
    expect(error.message).toMatch(/DATABASE_URL: must be a PostgreSQL URL.*Fix: write it as postgres:\/\//);
    expect(error.message).toMatch(/DATABASE_POOL_SIZE: .*Fix: use a whole number of connections/);
    expect(error.message).not.toContain("db.school");
  });

  it("an empty variable counts as unset", () => {
    expect(loadConfig({ OLLAMA_MODEL: "", PORT: "" }, cwd)).toMatchObject({ OLLAMA_MODEL: "llama3.2", PORT: 3000 });
  });

  it("reads a YAML config file with bindings; the environment overrides the file", async () => {
    await writeConfigFile(
      [
        "OLLAMA_MODEL: qwen2.5",
        "TUTOR_RETRIEVAL_K: 6",
        "PORT: 4000",
        "bindings:",
        "  discord:guild:123: python-basics",
        "  slack:team:T1: algebra",
      ].join("\n"),
    );
    const config = loadConfig({ OLLAMA_MODEL: "mistral", TUTOR_DATA_DIR: "/srv/tutor" }, cwd);
    expect(config).toMatchObject({
      OLLAMA_MODEL: "mistral",
      TUTOR_RETRIEVAL_K: 6,
      PORT: 4000,
      dataDir: "/srv/tutor",
      bindings: { "discord:guild:123": "python-basics", "slack:team:T1": "algebra" },
    });
  });

  it("TUTOR_CONFIG names the file, relative to the working directory", async () => {
    await writeConfigFile("OLLAMA_MODEL: phi3\n", "other.yaml");
    expect(loadConfig({ TUTOR_CONFIG: "other.yaml" }, cwd).OLLAMA_MODEL).toBe("phi3");
  });

  it("TUTOR_CONFIG pointing nowhere is an error, not a silent default", () => {
    expect(configErrorOf({ TUTOR_CONFIG: "missing.yaml" }).message).toMatch(/missing\.yaml.*does not exist.*Fix:/s);
  });

  it.each([
    ["OLLAMA_HOST", "localhost-without-scheme", /OLLAMA_HOST: must be a URL: e\.g\. http:\/\/127\.0\.0\.1:11434.*Fix:/],
    ["PORT", "99999", /PORT: .*Fix: set it to a free port number between 1 and 65535/],
    ["PORT", "eighty", /PORT: .*Fix: set it to a free port number/],
    ["TUTOR_EMBEDDER", "gpu", /TUTOR_EMBEDDER: .*Fix: set it to builtin .* or ollama/],
    ["TUTOR_LOG_LEVEL", "verbose", /TUTOR_LOG_LEVEL: .*Fix: use debug, info, warn or error/],
    ["TUTOR_RETRIEVAL_K", "0", /TUTOR_RETRIEVAL_K: .*Fix: see the Settings section of README\.md/],
    ["OLLAMA_TIMEOUT_MS", "1.5", /OLLAMA_TIMEOUT_MS: .*Fix:/],
  ])("an invalid %s (%s) is a ConfigError naming it with a fix", (name, value, expected) => {
    const error = configErrorOf({ [name]: value });
    expect(error.code).toBe("config-invalid");
    expect(error.message).toMatch(expected);
  });

  it("names every bad setting at once", () => {
    const error = configErrorOf({ PORT: "0", TUTOR_EMBEDDER: "gpu" });
    expect(
      error.message
        .split("\n")
        .filter((line) => line.startsWith("- "))
        .map((line) => line.split(":")[0]),
    ).toEqual(["- TUTOR_EMBEDDER", "- PORT"]);
  });

  it("an invalid value in the file is reported like one in the environment", async () => {
    await writeConfigFile("PORT: 70000\n");
    expect(configErrorOf({}).message).toMatch(/- PORT: .*Fix: set it to a free port number/);
  });

  it("rejects an unknown key in the file (a typo), naming it", async () => {
    await writeConfigFile("OLLAMA_MODLE: llama3.2\nPORT: 3001\n");
    const error = configErrorOf({});
    expect(error.message).toMatch(/unknown setting OLLAMA_MODLE\. Fix:/);
  });

  it("rejects a file that is not YAML, or not a mapping", async () => {
    await writeConfigFile("PORT: [3000\n");
    expect(configErrorOf({}).message).toMatch(/not valid YAML or JSON.*Fix:/);
    await writeConfigFile("- PORT\n- 3000\n");
    expect(configErrorOf({}).message).toMatch(/must hold `NAME: value` lines/);
  });

  it("accepts a JSON config file", async () => {
    await writeConfigFile(JSON.stringify({ OLLAMA_MODEL: "gemma3", bindings: { terminal: "python-basics" } }), "tutor.json");
    expect(loadConfig({ TUTOR_CONFIG: "tutor.json" }, cwd)).toMatchObject({
      OLLAMA_MODEL: "gemma3",
      bindings: { terminal: "python-basics" },
    });
  });

  describe("Slack", () => {
    it("SLACK_BOT_TOKEN without an app token or a signing secret is rejected", () => {
      const error = configErrorOf({ SLACK_BOT_TOKEN: "xoxb-123456789-abcdef" });
      expect(error.message).toMatch(/SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN .* nor SLACK_SIGNING_SECRET .*Fix:/);
      expect(error.message).not.toContain("xoxb-123456789-abcdef");
    });

    it("with an app token it is Socket Mode; with a signing secret, HTTP", () => {
      expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" }, cwd).slackMode).toBe("socket");
      expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s3cret" }, cwd).slackMode).toBe("http");
    });

    it("a Discord token enables Discord", () => {
      expect(loadConfig({ DISCORD_TOKEN: "abc" }, cwd).discordEnabled).toBe(true);
    });
  });

  it("reads each course's teachers from the file: Discord users and server/role pairs, Slack users and groups, the terminal", async () => {
    await writeConfigFile(
      [
        "teachers:",
        "  python-basics:",
        "    - discord:user:112233445566778899",
        "    - discord:role:112233445566778899/223344556677889900",
        "    - slack:user:U0123ABCD",
        "    - slack:group:S0123ABCD",
        "    - terminal",
      ].join("\n"),
    );
    expect(loadConfig({}, cwd).teachers).toEqual({
      "python-basics": [
        "discord:user:112233445566778899",
        "discord:role:112233445566778899/223344556677889900",
        "slack:user:U0123ABCD",
        "slack:group:S0123ABCD",
        "terminal",
      ],
    });
  });

  it.each([
    [
      "discord:role:223344556677889900",
      /teachers \(python-basics › 0\): a Discord role is discord:role:<server id>\/<role id>.*Fix: name each course's teachers/,
    ],
    ["discord:user:ana", /a Discord user is discord:user:<numeric user id>/],
    ["slack:group:teachers", /a Slack user group is slack:group:S…/],
    ["Ms Lee", /each teacher is discord:user:<id>, discord:role:<server id>\/<role id>, slack:user:<id>, slack:group:<id> or terminal/],
  ])("refuses the teacher entry %s with the form it should have", async (entry, expected) => {
    await writeConfigFile(`teachers:\n  python-basics: ["${entry}"]\n`);
    expect(configErrorOf({}).message).toMatch(expected);
  });

  it("refuses the settings that made server managers and workspace admins teachers, saying how to name teachers now", async () => {
    expect(configErrorOf({ DISCORD_TEACHER_ROLE: "Teachers" }).message).toMatch(
      /DISCORD_TEACHER_ROLE is no longer read\. Fix: teachers are named per course under `teachers:`/,
    );
    await writeConfigFile("SLACK_TEACHER_GROUP: S123\n");
    expect(configErrorOf({}).message).toMatch(/SLACK_TEACHER_GROUP is no longer read\. Fix: .*slack:group:<group id>/);
  });

  it("reads the allowlists as comma-separated ids (environment) or a list (file); unset means everywhere", async () => {
    expect(loadConfig({ DISCORD_ALLOWED_GUILDS: "111, 222,", SLACK_ALLOWED_TEAMS: "T1" }, cwd)).toMatchObject({
      DISCORD_ALLOWED_GUILDS: ["111", "222"],
      SLACK_ALLOWED_TEAMS: ["T1"],
    });
    await writeConfigFile("DISCORD_ALLOWED_GUILDS: [111, 333]\n");
    expect(loadConfig({}, cwd).DISCORD_ALLOWED_GUILDS).toEqual(["111", "333"]);
    const unset = loadConfig({ TUTOR_CONFIG: "/dev/null" }, cwd);
    expect([unset.DISCORD_ALLOWED_GUILDS, unset.SLACK_ALLOWED_TEAMS, unset.teachers]).toEqual([undefined, undefined, {}]);
  });
});
