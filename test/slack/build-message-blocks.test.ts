import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildMessagePayload, SLACK_LIMITS } from "../../src/adapters/slack/build-message-blocks.js";
import { splitMrkdwn } from "../../src/adapters/slack/split-mrkdwn.js";
import { messagesFor } from "../../src/tutor/i18n/messages.js";

const en = messagesFor("en");

const citation = {
  label: "Loops › The for statement (lessons/03-loops.md:12-30)",
  file: "lessons/03-loops.md",
  startLine: 12,
  endLine: 30,
};

describe("buildMessagePayload", () => {
  it("renders the answer as mrkdwn sections, then the sources, then one button per action", () => {
    const payload = buildMessagePayload(
      "A **for** loop",
      [citation],
      [
        { label: "A", command: "/answer A", style: "primary" },
        { label: "B", command: "/answer B", style: "secondary" },
      ],
      en,
    );
    expect(payload.text).toBe("A *for* loop");
    expect(payload.blocks).toEqual([
      { type: "section", text: { type: "mrkdwn", text: "A *for* loop" } },
      { type: "context", elements: [{ type: "mrkdwn", text: "*Sources:*\n• Loops › The for statement (lessons/03-loops.md:12-30)" }] },
      {
        type: "actions",
        block_id: "tutor_actions_0",
        elements: [
          {
            type: "button",
            action_id: "tutor_action_0",
            text: { type: "plain_text", text: "A", emoji: true },
            value: "/answer A",
            style: "primary",
          },
          { type: "button", action_id: "tutor_action_1", text: { type: "plain_text", text: "B", emoji: true }, value: "/answer B" },
        ],
      },
    ]);
  });

  it("keeps every block inside Slack's limits for long answers and many buttons", () => {
    const actions = Array.from({ length: 30 }, (_, i) => ({ label: "x".repeat(100), command: `/answer ${i}` }));
    const payload = buildMessagePayload("word ".repeat(5000), [], actions, en);
    expect(payload.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    for (const block of payload.blocks) {
      if (block.type === "section") expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      if (block.type === "actions") {
        expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonsPerBlock);
        for (const button of block.elements) expect(button.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
      }
    }
    const buttons = payload.blocks.flatMap((block) => (block.type === "actions" ? block.elements : []));
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(30);
  });

  it("sends no section for an empty answer but still a non-empty fallback text", () => {
    const payload = buildMessagePayload("", [], [{ label: "Yes", command: "/forget-me confirm", style: "danger" }], en);
    expect(payload.blocks.map((b) => b.type)).toEqual(["actions"]);
    expect(payload.text.length).toBeGreaterThan(0);
  });
});

describe("splitMrkdwn", () => {
  it("splits at line breaks and reopens a code block cut in two", () => {
    const text = ["intro", "```", "a = 1", "b = 2", "c = 3", "```", "outro"].join("\n");
    const pieces = splitMrkdwn(text, 22);
    for (const piece of pieces) expect(piece.split("```").length % 2).toBe(1);
    expect(
      pieces
        .map((p) => p.replace(/```/g, ""))
        .join("")
        .replace(/\n/g, ""),
    ).toBe("introa = 1b = 2c = 3outro");
  });

  it("never exceeds the limit and loses no characters", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant("```"), fc.string({ maxLength: 120 })), { maxLength: 40 }),
        fc.integer({ min: 20, max: 200 }),
        (lines, limit) => {
          const text = lines.join("\n");
          const pieces = splitMrkdwn(text, limit);
          for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(limit);
          const strip = (s: string) => s.replace(/```/g, "").replace(/\n/g, "");
          expect(strip(pieces.join(""))).toBe(strip(text));
        },
      ),
    );
  });
});
