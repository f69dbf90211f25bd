import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { ConfigError } from "../../src/errors.js";
import { createLogger, redactSecrets } from "../../src/logger.js";

const SLACK_BOT = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx";
const SLACK_APP = "xapp-1-A0123456789-1234567890123-abcdef0123456789";
// Shaped like a Discord bot token (base64 user id . timestamp . hmac), not a real one.
const DISCORD = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GabCdE.abcdefghijklmnopqrstuvwxyz0123456789AB";
const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

describe("tokens and secrets never reach the logs", () => {
  it.each([
    ["a Slack bot token", SLACK_BOT],
    ["a Slack app token", SLACK_APP],
    ["a Discord bot token", DISCORD],
    ["a bearer header", "Bearer abcdefghijklmnop0123456789"],
    ["a Discord authorization header", `Bot ${DISCORD}`],
  ])("redactSecrets masks %s by its shape", (_name, secret) => {
    const out = redactSecrets(`request failed: ${secret} was refused`);
    expect(out).not.toContain(secret);
    expect(out).toContain("[redacted]");
  });

  it("masks secrets the operator configured, whatever their shape", () => {
    expect(redactSecrets(`signature check with ${SIGNING_SECRET} failed`, [SIGNING_SECRET])).toBe("signature check with [redacted] failed");
  });

  it("the logger masks a token inside an error's message and inside fields", () => {
    const lines: string[] = [];
    const log = createLogger({ secrets: [SIGNING_SECRET], write: (line) => lines.push(line) });
    // An adapter-ish failure whose message echoes the token it was given.
    log.error("slack: auth.test failed", {
      error: new Error(`invalid_auth for token ${SLACK_BOT}`),
      header: `Bearer ${SLACK_BOT}`,
      secret: SIGNING_SECRET,
    });
    log.warn(`discord: login failed with ${DISCORD}`);
    const text = lines.join("\n");
    for (const secret of [SLACK_BOT, DISCORD, SIGNING_SECRET]) expect(text).not.toContain(secret);
    expect(text).toContain("invalid_auth for token [redacted]");
  });

  it("a ConfigError about a token-bearing setting does not quote the token, and logging it is safe anyway", () => {
    const lines: string[] = [];
    const log = createLogger({ write: (line) => lines.push(line) });
    let error: unknown;
    try {
      // A bot token without the app token or signing secret it needs.
      loadConfig({ SLACK_BOT_TOKEN: SLACK_BOT, TUTOR_CONFIG: "" }, "/nonexistent-dir-for-config");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain(SLACK_BOT);
    log.error("config", { error, echoed: `${(error as Error).message} (${SLACK_BOT})` });
    expect(lines.join("\n")).not.toContain(SLACK_BOT);
  });
});
