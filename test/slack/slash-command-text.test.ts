import { describe, expect, it } from "vitest";
import { cleanMessageText } from "../../src/adapters/slack/build-slack-turns.js";
import { convertSlashCommandText } from "../../src/adapters/slack/slash-command-text.js";

describe("convertSlashCommandText", () => {
  it("maps /tutor subcommands to the tutor's slash text", () => {
    expect(convertSlashCommandText("quiz loops")).toEqual({ text: "/quiz loops", private: false });
    expect(convertSlashCommandText("ask what is\na list?")).toEqual({ text: "/ask what is\na list?", private: false });
    expect(convertSlashCommandText("hint")).toEqual({ text: "/hint", private: false });
    expect(convertSlashCommandText("course python-basics")).toEqual({ text: "/course python-basics", private: false });
  });

  it("marks progress and forget-me as private", () => {
    expect(convertSlashCommandText(" progress ")).toEqual({ text: "/progress", private: true });
    expect(convertSlashCommandText("Forget-Me confirm")).toEqual({ text: "/forget-me confirm", private: true });
  });

  it("treats an empty command as /help and anything else as a question", () => {
    expect(convertSlashCommandText("")).toEqual({ text: "/help", private: false });
    expect(convertSlashCommandText("what is a loop?")).toEqual({ text: "/ask what is a loop?", private: false });
  });
});

describe("cleanMessageText", () => {
  it("drops the app's mention wherever it is and undoes Slack's escaping", () => {
    expect(cleanMessageText("<@UBOT> is a &lt; b &amp;&amp; c?", "UBOT")).toBe("is a < b && c?");
    expect(cleanMessageText("hey <@UBOT|tutor>  what about <@U2>?", "UBOT")).toBe("hey what about <@U2>?");
  });

  it("drops a leading mention when the app's id is unknown", () => {
    expect(cleanMessageText("<@U9ABC> hello")).toBe("hello");
  });
});
