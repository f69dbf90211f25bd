import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";
import type { SlackCall } from "./fake-slack.js";
import { allText, startSlackHarness, type SlackHarness } from "./slack-harness.js";
import { blockActionPayload } from "./slack-requests.js";

const COURSE = "python-basics";
const STUDENT = "slack:user:U1";

type Block = { type: string; text?: { text: string }; elements?: { value: string; text: { text: string } }[] };
const buttonsOf = (call: SlackCall | undefined) =>
  ((call?.body.blocks ?? []) as Block[]).flatMap((block) => (block.type === "actions" ? (block.elements ?? []) : []));

describe("Slack adapter with the real tutor", () => {
  let ollama: FakeOllama;
  let tutor: TutorFixture;
  let harness: SlackHarness;
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), "slack-real-"));
    const emptyConfig = path.join(scratch, "empty.yaml");
    await writeFile(emptyConfig, "");
    ollama = await startFakeOllama();
    tutor = await createTutorFixture({ ollamaUrl: ollama.url, env: { TUTOR_CONFIG: emptyConfig } });
    harness = await startSlackHarness(tutor.handler);
  });
  afterAll(async () => {
    await harness.close();
    await tutor.close();
    await ollama.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  it("/tutor quiz → buttons → a click → the graded result at once, and mastery is updated in the store", async () => {
    const { fake } = harness;
    await harness.sendCommand({ text: "quiz", channel_id: "C1", user_id: "U1", trigger_id: "quiz-1" });
    const item = fake.calls.find(
      (call) =>
        (call.method === "chat.postMessage" || call.method === "chat.update" || call.method === "chat.postEphemeral") &&
        buttonsOf(call).length > 0,
    );
    const buttons = buttonsOf(item);
    expect(buttons.map((button) => button.text.text)).toEqual(expect.arrayContaining(["A", "B"]));
    expect(await tutor.store.listAttempts({ studentId: STUDENT })).toHaveLength(0);

    const before = fake.calls.length;
    await harness.sendInteraction(
      blockActionPayload({ userId: "U1", channelId: "C1", messageTs: "1000.000100", value: buttons[0]!.value, actionTs: "2000.1" }),
    );
    const attempts = await tutor.store.listAttempts({ studentId: STUDENT });
    expect(attempts).toHaveLength(1);
    const mastery = (await tutor.store.getMastery(COURSE, STUDENT)).find((entry) => entry.skillId === attempts[0]?.skillId);
    expect(mastery?.attempts).toBe(1);
    const graded = fake.calls.slice(before).find((call) => /Mastery of/.test(allText(call)));
    expect(graded?.method).toBe("chat.postEphemeral");
    expect(allText(graded!)).toContain(`${Math.round((mastery?.pKnown ?? 0) * 100)}%`);
  });

  it("/tutor progress is ephemeral and the App Home shows the same progress", async () => {
    const { fake } = harness;
    const before = fake.calls.length;
    await harness.sendCommand({ text: "progress", channel_id: "C1", user_id: "U1", trigger_id: "progress-1" });
    const calls = fake.calls.slice(before).filter((call) => call.method.startsWith("chat."));
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((call) => call.method === "chat.postEphemeral")).toBe(true);
    expect(allText(calls[0]!)).toMatch(/progress/i);

    await harness.sendEvent({ type: "app_home_opened", user: "U1", channel: "D1", tab: "home", event_ts: "5.5" }, "EvHome1");
    const view = fake.callsTo("views.publish").at(-1)?.body.view as { blocks: Block[] };
    const home = view.blocks.map((block) => block.text?.text ?? "").join("\n");
    const skill = (await tutor.store.listAttempts({ studentId: STUDENT }))[0]?.skillId ?? "";
    expect(home).toMatch(/progress/i);
    expect(home.toLowerCase()).toContain(skill.replace(/-/g, " ").split(" ")[0]);
  });

  it("a DM question streams the model's answer and ends with the course sources", async () => {
    const { fake } = harness;
    const before = fake.calls.length;
    await harness.sendEvent(
      { type: "message", channel: "D1", channel_type: "im", user: "U1", text: "what is a for loop?", ts: "7.7" },
      "EvDm1",
    );
    const calls = fake.calls.slice(before).filter((call) => call.method === "chat.postMessage" || call.method === "chat.update");
    expect(calls[0]?.method).toBe("chat.postMessage");
    const final = calls.at(-1)!;
    const sources = ((final.body.blocks ?? []) as { type: string; elements?: { text: string }[] }[]).find(
      (block) => block.type === "context",
    );
    expect(sources?.elements?.[0]?.text).toMatch(/^\*Sources:\*\n• .*lessons\/\d+-[a-z-]+\.md/);
  });

  it("Ollama down → a friendly notice in the DM, no crash, and the bot keeps answering", async () => {
    const { fake } = harness;
    await ollama.stop();
    const before = fake.calls.length;
    await harness.sendEvent({ type: "message", channel: "D2", channel_type: "im", user: "U2", text: "explain lists", ts: "8.8" }, "EvDm2");
    const notice = fake.calls
      .slice(before)
      .find((call) => call.method === "chat.postMessage" && /language model/i.test(String(call.body.text)));
    expect(notice?.body.channel).toBe("D2");
    expect(String(notice?.body.text)).not.toMatch(/Error:|at .*\.ts/);
    await ollama.restart();
    const after = fake.calls.length;
    await harness.sendCommand({
      text: "progress",
      channel_id: "D2",
      channel_name: "directmessage",
      user_id: "U2",
      trigger_id: "progress-2",
    });
    expect(fake.calls.slice(after).some((call) => call.method === "chat.postMessage" && call.body.channel === "U2")).toBe(true);
  });
});
