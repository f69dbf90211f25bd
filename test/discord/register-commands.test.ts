import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchApplicationId, registerCommands } from "../../src/adapters/discord/register-commands.js";
import { buildSlashCommands } from "../../src/adapters/discord/slash-commands.js";
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
});
