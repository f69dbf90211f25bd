import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchApplicationId, registerCommands } from "../../src/adapters/discord/register-commands.js";
import { buildSlashCommands } from "../../src/adapters/discord/slash-commands.js";
import { COMMANDS } from "../../src/tutor/commands.js";
import { messagesFor } from "../../src/tutor/i18n/messages.js";
import { APPLICATION_ID, FakeDiscord, GUILD_ID } from "./fake-discord.js";
import { TEST_TOKEN } from "./harness.js";

describe("registerCommands", () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => {
    await fake.stop();
  });

  it("replaces one server's commands (instant) when a guild id is given", async () => {
    const count = await registerCommands({ token: TEST_TOKEN, applicationId: APPLICATION_ID, guildId: GUILD_ID, apiUrl: fake.apiUrl });
    const put = fake.requests.at(-1)!;
    expect(put.method).toBe("PUT");
    expect(put.path).toBe(`/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`);
    expect(put.body).toEqual(JSON.parse(JSON.stringify(buildSlashCommands())));
    expect(count).toBe(buildSlashCommands().length);
  });

  it("registers globally without a guild id, and finds the application id from the token", async () => {
    const applicationId = await fetchApplicationId(TEST_TOKEN, fake.apiUrl);
    expect(applicationId).toBe(APPLICATION_ID);
    await registerCommands({ token: TEST_TOKEN, applicationId, apiUrl: fake.apiUrl });
    expect(fake.requests.at(-1)?.path).toBe(`/applications/${APPLICATION_ID}/commands`);
  });

  it("sends each command's and option's description in English with its Chinese localization, the words /help uses", async () => {
    await registerCommands({ token: TEST_TOKEN, applicationId: APPLICATION_ID, guildId: GUILD_ID, apiUrl: fake.apiUrl });
    type Described = { name: string; description: string; description_localizations?: Record<string, string> };
    const sent = fake.requests.at(-1)!.body as Array<Described & { options?: Described[] }>;
    const en = messagesFor("en");
    const zh = messagesFor("zh-CN");
    expect(sent.length).toBeGreaterThan(10);
    for (const command of sent) {
      const spec = COMMANDS.find((candidate) => candidate.name === command.name)!;
      const described: Array<[Described, (typeof spec)["description"]]> = [
        [command, spec.description],
        ...(command.options ?? []).map((option): [Described, (typeof spec)["description"]] => [
          option,
          spec.options.find((candidate) => candidate.name === option.name)!.description,
        ]),
      ];
      for (const [entry, key] of described) {
        expect(entry.description, key).toBe(en.t(key));
        expect(entry.description_localizations, key).toEqual({ "zh-CN": zh.t(key), "zh-TW": zh.t(key) });
        expect(entry.description_localizations!["zh-CN"], key).toMatch(/\p{Script=Han}/u);
        expect([...entry.description_localizations!["zh-CN"]!].length, key).toBeLessThanOrEqual(100);
      }
    }
  });
});
