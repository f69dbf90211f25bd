import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";
import { CHANNEL_ID, STUDENT, waitFor } from "./fake-discord.js";
import { startHarness, type Harness } from "./harness.js";

const EPHEMERAL = 64;
const COURSE = "python-basics";
const studentKey = (id: string) => `discord:user:${id}`;
const buttonsOf = (body: { components?: Array<{ components: Array<{ custom_id: string; label: string }> }> }) =>
  (body.components ?? []).flatMap((row) => row.components);

/** An empty config file, so the fixture reads no tutor.config.yaml from the working directory. */
async function emptyConfigFile(dir: string): Promise<string> {
  const file = path.join(dir, "empty.yaml");
  await writeFile(file, "");
  return file;
}

describe("Discord adapter with the real tutor", () => {
  let ollama: FakeOllama;
  let tutor: TutorFixture;
  let harness: Harness;
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), "discord-real-"));
    ollama = await startFakeOllama();
    tutor = await createTutorFixture({ ollamaUrl: ollama.url, env: { TUTOR_CONFIG: await emptyConfigFile(scratch) } });
    harness = await startHarness(tutor.handler);
  });
  afterAll(async () => {
    await harness.close();
    await tutor.close();
    await ollama.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  it("/quiz → buttons → a click → the graded result, and mastery is updated in the store", async () => {
    const { fake } = harness;
    const token = fake.command("quiz");
    const item = await waitFor(
      () => fake.webhookCalls(token).find((r) => r.method === "PATCH" && buttonsOf(r.body).length > 0),
      "the quiz item",
    );
    const buttons = buttonsOf(item.body);
    expect(buttons.map((b) => b.label)).toEqual(expect.arrayContaining(["A", "B"]));
    expect(await tutor.store.listAttempts({ studentId: studentKey(STUDENT.id) })).toHaveLength(0);

    const clickToken = fake.click(buttons[0]!.custom_id, fake.findMessageId(/Pick a letter/));
    const graded = await waitFor(
      () => fake.webhookCalls(clickToken).find((r) => /Mastery of/.test(String(r.body?.content))),
      "the graded result",
    );
    expect(fake.requests.find((r) => r.path.includes(`/${clickToken}/callback`))?.body.data.flags).toBe(EPHEMERAL);
    const attempts = await tutor.store.listAttempts({ studentId: studentKey(STUDENT.id) });
    expect(attempts).toHaveLength(1);
    expect(attempts[0]?.answer).toMatch(/A/);
    const mastery = (await tutor.store.getMastery(COURSE, studentKey(STUDENT.id))).find((m) => m.skillId === attempts[0]?.skillId);
    expect(mastery?.attempts).toBe(1);
    expect(graded.body.content).toContain(`${Math.round((mastery?.pKnown ?? 0) * 100)}%`);
  });

  it("/progress is ephemeral and shows the student's mastery", async () => {
    const { fake } = harness;
    const token = fake.command("progress");
    const shown = await waitFor(() => fake.webhookCalls(token).find((r) => r.method === "PATCH"), "the progress");
    expect(fake.requests.find((r) => r.path.includes(`/${token}/callback`))?.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(shown.body.content).toMatch(/progress/i);
    expect(fake.posts(CHANNEL_ID)).toHaveLength(0);
  });

  it("/export sends the student's data as an ephemeral file", async () => {
    const { fake } = harness;
    const token = fake.command("export");
    const upload = await waitFor(() => fake.webhookCalls(token).find((r) => r.files.length > 0), "the file");
    expect(fake.requests.find((r) => r.path.includes(`/${token}/callback`))?.body.data.flags).toBe(EPHEMERAL);
    expect(upload.files[0]).toMatch(/\.(json|csv|zip|txt)$/);
  });

  it("/forget-me asks to confirm; the confirm button deletes the student's data from the store", async () => {
    const { fake } = harness;
    expect((await tutor.store.listAttempts({ studentId: studentKey(STUDENT.id) })).length).toBeGreaterThan(0);
    const token = fake.command("forget-me");
    const ask = await waitFor(
      () => fake.webhookCalls(token).find((r) => r.method === "PATCH" && buttonsOf(r.body).length > 0),
      "the confirmation",
    );
    expect(fake.requests.find((r) => r.path.includes(`/${token}/callback`))?.body.data.flags).toBe(EPHEMERAL);
    expect((await tutor.store.listAttempts({ studentId: studentKey(STUDENT.id) })).length).toBeGreaterThan(0);

    const clickToken = fake.click(buttonsOf(ask.body)[0]!.custom_id, fake.findMessageId(/cannot be undone/i));
    await waitFor(() => fake.webhookCalls(clickToken).find((r) => r.method === "PATCH"), "the deletion notice");
    expect(await tutor.store.listAttempts({ studentId: studentKey(STUDENT.id) })).toHaveLength(0);
    expect((await tutor.store.getMastery(COURSE, studentKey(STUDENT.id))).filter((m) => m.attempts > 0)).toHaveLength(0);
  });

  it("a DM question streams the model's answer and ends with the course sources", async () => {
    const { fake } = harness;
    const dm = fake.dmChannelId(STUDENT);
    fake.userMessage("what is a for loop?", { dm: true });
    const final = await waitFor(
      () =>
        fake.edits(dm).find((r) => String(r.body.content).includes("Sources:")) ??
        fake.posts(dm).find((r) => String(r.body.content).includes("Sources:")),
      "the answer",
    );
    expect(final.body.content).toMatch(/lessons\/\d+-[a-z-]+\.md/);
    expect(final.body.allowed_mentions).toEqual({ parse: [] });
  });

  it("Ollama down → a friendly notice in the DM, no crash, and the bot keeps answering", async () => {
    const { fake } = harness;
    await ollama.stop();
    const user = { id: "3060", name: "fay" };
    const dm = fake.dmChannelId(user);
    fake.userMessage("explain lists", { dm: true, user });
    // The tutor's notice depends on whether the model was up before; either way it is short and plain.
    const notice = await waitFor(() => fake.posts(dm).find((r) => /language model/i.test(String(r.body.content))), "the notice", 15_000);
    expect(String(notice.body.content)).not.toMatch(/Error:|at .*\.ts/);
    expect(notice.body.allowed_mentions).toEqual({ parse: [] });
    await ollama.restart();
    const token = fake.command("progress", {}, { user, dm: true });
    await waitFor(() => fake.webhookCalls(token).find((r) => r.method === "PATCH"), "an answer after the outage");
  });
});
