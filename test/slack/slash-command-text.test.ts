import { describe, expect, it } from "vitest";
import { cleanMessageText } from "../../src/adapters/slack/build-slack-turns.js";
import { convertSlashCommandText } from "../../src/adapters/slack/slash-command-text.js";
import { isUploadCommand, toContentCommand } from "../../src/adapters/teacher-uploads.js";

describe("convertSlashCommandText", () => {
  it("maps /tutor subcommands to the tutor's slash text", () => {
    expect(convertSlashCommandText("quiz loops")).toEqual({ text: "/quiz loops", private: false });
    expect(convertSlashCommandText("ask what is\na list?")).toEqual({ text: "/ask what is\na list?", private: false });
    expect(convertSlashCommandText("hint")).toEqual({ text: "/hint", private: false });
    expect(convertSlashCommandText("course python-basics")).toEqual({ text: "/course python-basics", private: true });
  });

  it("maps /tutor content … to the teacher's private /content", () => {
    expect(convertSlashCommandText("content remove lessons/05-loops.md")).toEqual({
      text: "/content remove lessons/05-loops.md",
      private: true,
    });
    expect(convertSlashCommandText("content")).toEqual({ text: "/content", private: true });
  });

  it("marks progress and forget-me as private", () => {
    expect(convertSlashCommandText(" progress ")).toEqual({ text: "/progress", private: true });
    expect(convertSlashCommandText("Forget-Me confirm")).toEqual({ text: "/forget-me confirm", private: true });
  });

  it("treats an empty command as /help and anything else as a question", () => {
    expect(convertSlashCommandText("")).toEqual({ text: "/help", private: true });
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

describe("toContentCommand", () => {
  it("reads /content … and content list|upload|remove|check … as the tutor's /content", () => {
    expect(toContentCommand(" /content upload ")).toBe("/content upload");
    expect(toContentCommand("content upload")).toBe("/content upload");
    expect(toContentCommand("Content remove lessons/x.md")).toBe("/Content remove lessons/x.md");
    expect(isUploadCommand(toContentCommand("CONTENT UPLOAD please"))).toBe(true);
    expect(isUploadCommand(toContentCommand("/content list"))).toBe(false);
  });

  it("leaves questions that merely start with the word alone", () => {
    expect(toContentCommand("content of lesson 3?")).toBeUndefined();
    expect(toContentCommand("contents upload")).toBeUndefined();
    expect(isUploadCommand(undefined)).toBe(false);
  });
});
