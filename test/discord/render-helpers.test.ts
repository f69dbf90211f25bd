import { describe, expect, it } from "vitest";
import { CUSTOM_ID_LIMIT, CustomIdCodec } from "../../src/adapters/discord/custom-id.js";
import { computeEditDelay } from "../../src/adapters/edit-pacer.js";
import { renderButtons } from "../../src/adapters/discord/render-buttons.js";
import { toParts } from "../../src/adapters/discord/render-replies.js";
import { renderSources, withSources } from "../../src/adapters/discord/render-sources.js";
import { toPayload } from "../../src/adapters/discord/to-payload.js";
import { messagesFor } from "../../src/tutor/i18n/messages.js";

const citation = (label: string) => ({ label, file: "lessons/03-loops.md", startLine: 1, endLine: 9 });

describe("computeEditDelay", () => {
  it("posts at once, then waits out the interval since the last edit", () => {
    expect(computeEditDelay(undefined, 5000, 1200)).toBe(0);
    expect(computeEditDelay(5000, 5300, 1200)).toBe(900);
    expect(computeEditDelay(5000, 7000, 1200)).toBe(0);
  });
});

describe("sources", () => {
  it("lists each source once under the answer", () => {
    expect(withSources("Use a for loop.", [citation("Loops › for"), citation("Loops › for"), citation("Lists")], messagesFor("en"))).toBe(
      "Use a for loop.\n\n**Sources:**\n- Loops › for\n- Lists",
    );
  });

  it("heads them in the course's language", () => {
    expect(withSources("用 for 循环。", [citation("循环")], messagesFor("zh-CN"))).toBe("用 for 循环。\n\n**来源：**\n- 循环");
  });

  it("adds nothing when there are no sources", () => {
    expect(renderSources([], messagesFor("en"))).toBe("");
    expect(withSources("Hi", [], messagesFor("en"))).toBe("Hi");
  });
});

describe("CustomIdCodec", () => {
  it("carries short commands inside the id, within Discord's 100 characters", () => {
    const codec = new CustomIdCodec();
    const id = codec.encode("/answer B");
    expect(id.length).toBeLessThanOrEqual(CUSTOM_ID_LIMIT);
    expect(new CustomIdCodec().decode(id)).toBe("/answer B");
  });

  it("keeps long commands in memory under a short id", () => {
    const codec = new CustomIdCodec();
    const command = `/answer ${"x".repeat(200)}`;
    const id = codec.encode(command);
    expect(id.length).toBeLessThanOrEqual(CUSTOM_ID_LIMIT);
    expect(codec.decode(id)).toBe(command);
    expect(codec.decode("someone-else:1")).toBeUndefined();
  });
});

describe("buttons and payloads", () => {
  it("renders at most five buttons per row and keeps their commands", () => {
    const codec = new CustomIdCodec();
    const actions = ["A", "B", "C", "D", "E", "F"].map((letter) => ({
      label: letter,
      command: `/answer ${letter}`,
      style: "primary" as const,
    }));
    const rows = renderButtons(actions, codec).map((row) => row.toJSON());
    expect(rows.map((row) => row.components.length)).toEqual([5, 1]);
    const ids = rows.flatMap((row) => row.components.map((button) => ("custom_id" in button ? button.custom_id : "")));
    expect(ids.map((id) => codec.decode(id))).toEqual(actions.map((action) => action.command));
  });

  it("puts the buttons under the last part only", () => {
    const parts = toParts(`${"a".repeat(1500)}\n\n${"b".repeat(1500)}`, [{ label: "Next", command: "/quiz" }]);
    expect(parts).toHaveLength(2);
    expect(parts[0]?.actions).toBeUndefined();
    expect(parts[1]?.actions).toEqual([{ label: "Next", command: "/quiz" }]);
  });

  it("never lets a payload ping anyone", () => {
    const payload = toPayload({ content: "@everyone look" }, new CustomIdCodec());
    expect(payload.allowedMentions).toEqual({ parse: [] });
  });
});
