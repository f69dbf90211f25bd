import { describe, expect, it } from "vitest";
import { toClassScopes, toConversationId } from "../../src/adapters/discord/class-scopes.js";
import { describeLoginFailure, redactUrl } from "../../src/adapters/discord/describe-failure.js";
import { buildSlashCommands, toCommandText } from "../../src/adapters/discord/slash-commands.js";
import { stripMention, toThreadName } from "../../src/adapters/discord/strip-mention.js";

describe("slash command definitions", () => {
  const commands = buildSlashCommands();
  const byName = new Map(commands.map((command) => [command.name, command]));

  it("defines every command the tutor understands", () => {
    expect([...byName.keys()].sort()).toEqual(
      [
        "answer",
        "ask",
        "class",
        "content",
        "course",
        "export",
        "forget-me",
        "giveup",
        "help",
        "hint",
        "override",
        "progress",
        "quiz",
        "review",
        "style",
        "why",
      ].sort(),
    );
  });

  it("gives /course a required course and a server|channel scope, in servers only", () => {
    const course = byName.get("course");
    expect(course?.contexts).toEqual([0]);
    const scope = course?.options?.find((option) => option.name === "scope");
    expect(scope && "choices" in scope ? scope.choices?.map((choice) => choice.value) : []).toEqual(["server", "channel"]);
    expect(course?.options?.find((option) => option.name === "course")?.required).toBe(true);
  });

  it("gives /content an action choice, an attachment option (type 11) and a path, in servers and DMs (the one course a teacher teaches)", () => {
    const content = byName.get("content");
    expect(content?.contexts).toEqual([0, 1]);
    const action = content?.options?.find((option) => option.name === "action");
    expect(action?.required).toBe(true);
    expect(action && "choices" in action ? action.choices?.map((choice) => choice.value) : []).toEqual([
      "list",
      "upload",
      "remove",
      "check",
    ]);
    expect(content?.options?.find((option) => option.name === "file")?.type).toBe(11);
    expect(content?.options?.find((option) => option.name === "path")?.type).toBe(3);
  });

  it("gives /override its four required parts, in servers only", () => {
    const override = byName.get("override");
    expect(override?.contexts).toEqual([0]);
    expect(override?.options?.map((option) => [option.name, option.required])).toEqual([
      ["student", true],
      ["skill", true],
      ["percent", true],
      ["reason", true],
    ]);
  });

  it("makes /quiz's skill and /why's optional (/why alone explains the last answer's pitch)", () => {
    expect(byName.get("quiz")?.options?.[0]?.required).toBeFalsy();
    expect(byName.get("why")?.options?.[0]?.required).toBeFalsy();
  });

  it("gives /style an optional socratic|direct|course choice, in servers only", () => {
    const style = byName.get("style");
    expect(style?.contexts).toEqual([0]);
    const option = style?.options?.[0];
    expect(option?.required).toBeFalsy();
    expect(option && "choices" in option ? option.choices?.map((choice) => choice.value) : []).toEqual(["socratic", "direct", "course"]);
    expect(toCommandText("style", { style: "direct" })).toBe("/style direct");
  });
});

describe("toCommandText", () => {
  it("turns a command and its options into the tutor's slash text", () => {
    expect(toCommandText("ask", { question: " What is a loop? " })).toBe("/ask What is a loop?");
    expect(toCommandText("quiz", {})).toBe("/quiz");
    expect(toCommandText("quiz", { skill: "loops" })).toBe("/quiz loops");
    expect(toCommandText("course", { course: "python-basics", scope: "channel" })).toBe("/course python-basics");
    expect(toCommandText("forget-me", {})).toBe("/forget-me");
    expect(toCommandText("content", { action: "upload", file: "123" })).toBe("/content upload");
    expect(toCommandText("content", { action: "remove", path: "lessons/05-loops.md" })).toBe("/content remove lessons/05-loops.md");
    expect(toCommandText("override", { student: "3001", skill: "loops", percent: "80", reason: "shown in class" })).toBe(
      "/override 3001 loops 80 shown in class",
    );
  });
});

describe("places", () => {
  it("orders class scopes channel then server (a thread counts as its channel), or the server first for /course scope:server", () => {
    const thread = { kind: "thread" as const, channelId: "3", parentId: "2", guildId: "1" };
    expect(toClassScopes(thread)).toEqual(["discord:channel:2", "discord:guild:1"]);
    expect(toClassScopes({ kind: "channel", channelId: "2", guildId: "1" }, "server")).toEqual(["discord:guild:1", "discord:channel:2"]);
    expect(toClassScopes({ kind: "dm", channelId: "9" })).toEqual([]);
    expect(toConversationId(thread)).toBe("discord:thread:3");
  });
});

describe("mentions and thread names", () => {
  it("strips the bot's mention and keeps the rest, newlines included", () => {
    expect(stripMention("<@42> what is\n`x`? <@!42>", "42")).toBe("what is\n`x`?");
    expect(stripMention("<@7> hi", "42")).toBe("<@7> hi");
  });

  it("names threads after the question, within Discord's 100 characters", () => {
    expect(toThreadName("What is a loop?", "Tutoring Ana")).toBe("What is a loop?");
    expect(toThreadName("x".repeat(300), "Tutoring Ana").length).toBeLessThanOrEqual(100);
    expect(toThreadName("  ", "Tutoring Ana")).toBe("Tutoring Ana");
  });
});

describe("failure messages", () => {
  it("names the fix for disallowed intents and a bad token", () => {
    expect(describeLoginFailure(new Error("Used disallowed intents"))).toMatch(/enable the Message Content intent in the Developer Portal/);
    expect(describeLoginFailure(Object.assign(new Error("An invalid token was provided."), { code: "TokenInvalid" }))).toMatch(
      /DISCORD_TOKEN/,
    );
  });

  it("redacts interaction tokens from URLs", () => {
    expect(redactUrl("http://x/api/v10/webhooks/123/aW50ZXJhY3Rpb24.secret/messages/@original")).toBe(
      "http://x/api/v10/webhooks/123/<token>/messages/@original",
    );
    expect(redactUrl("http://x/api/v10/interactions/9/tok.en/callback")).toBe("http://x/api/v10/interactions/9/<token>/callback");
  });
});
