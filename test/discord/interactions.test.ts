import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReplyEvent, Turn } from "../../src/tutor/turn.js";
import { APPLICATION_ID, CHANNEL_ID, GUILD_ID, STUDENT, TEACHER, TEACHER_ROLE, waitFor, type FakeDiscord } from "./fake-discord.js";
import { scriptedHandler, startHarness, type Harness } from "./harness.js";

const EPHEMERAL = 64;

async function* reply(turn: Turn): AsyncIterable<ReplyEvent> {
  const [command] = turn.text.split(" ");
  switch (command) {
    case "/quiz":
      yield {
        type: "message",
        text: "What does `len([1, 2])` return?",
        sources: [],
        audience: "conversation",
        actions: ["1", "2", "3"].map((v, i) => ({ label: v, command: `/answer ${"ABC"[i]}` })),
      };
      return;
    case "/answer":
      yield { type: "message", text: "Correct! Mastery of lists: 0.42 → 0.71", sources: [], actions: [], audience: "student" };
      return;
    case "/progress":
      yield { type: "message", text: "lists ██████░░ 0.71", sources: [], actions: [], audience: "student" };
      return;
    case "/forget-me":
      yield turn.text.endsWith("confirm")
        ? { type: "notice", text: "Done: everything about you is deleted.", audience: "student" }
        : {
            type: "message",
            text: "Delete everything I keep about you?",
            sources: [],
            audience: "student",
            actions: [{ label: "Yes, delete", command: "/forget-me confirm", style: "danger" }],
          };
      return;
    default:
      yield { type: "notice", text: "Noted.", audience: "student" };
  }
}

const callback = (fake: FakeDiscord, token: string) => fake.requests.find((r) => r.path.includes(`/${token}/callback`));
const buttonsOf = (body: { components?: Array<{ components: Array<{ custom_id: string; label: string }> }> }) =>
  (body.components ?? []).flatMap((row) => row.components);

describe("Discord slash commands and buttons, over the wire", () => {
  const handler = scriptedHandler(reply);
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(handler);
  });
  afterAll(async () => {
    await harness.close();
  });

  it("/quiz shows buttons; a click is graded and answered only to the student", async () => {
    const { fake } = harness;
    const token = fake.command("quiz");
    const original = await waitFor(() => fake.webhookCalls(token).find((r) => r.method === "PATCH"), "the quiz item");
    expect(callback(fake, token)?.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(original.path).toBe(`/webhooks/${APPLICATION_ID}/${token}/messages/@original`);
    const buttons = buttonsOf(original.body);
    expect(buttons.map((b) => b.label)).toEqual(["1", "2", "3"]);
    for (const b of buttons) expect(b.custom_id.length).toBeLessThanOrEqual(100);
    expect(original.body.allowed_mentions).toEqual({ parse: [] });

    const messageId = fake.findMessageId(/len\(/);
    const clickToken = fake.click(buttons[1]!.custom_id, messageId);
    const graded = await waitFor(() => fake.webhookCalls(clickToken).find((r) => r.method === "PATCH"), "the graded result");
    expect(callback(fake, clickToken)?.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(graded.body.content).toContain("Mastery of lists: 0.42 → 0.71");
    expect(handler.turns.at(-1)).toMatchObject({ text: "/answer B", conversationId: `discord:channel:${CHANNEL_ID}` });
  });

  it("/progress is ephemeral (flags 64) in a server", async () => {
    const { fake } = harness;
    const token = fake.command("progress");
    const shown = await waitFor(() => fake.webhookCalls(token).find((r) => r.method === "PATCH"), "the progress");
    expect(callback(fake, token)?.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(shown.body.content).toContain("lists");
    expect(fake.posts(CHANNEL_ID)).toHaveLength(0);
  });

  it("personal data from a public command goes in an ephemeral follow-up, not the public reply", async () => {
    const { fake } = harness;
    const token = fake.command("answer", { text: "B" });
    const followUp = await waitFor(() => fake.webhookCalls(token).find((r) => r.method === "POST"), "the ephemeral follow-up");
    expect(followUp.body.flags).toBe(EPHEMERAL);
    expect(followUp.body.content).toContain("Mastery");
    // The public "thinking…" placeholder is removed, not filled with the grade.
    await waitFor(
      () => fake.webhookCalls(token).find((r) => r.method === "DELETE" && r.path.endsWith("/@original")),
      "the placeholder removal",
    );
    expect(fake.webhookCalls(token).filter((r) => r.method === "PATCH")).toHaveLength(0);
  });

  it("/forget-me asks for confirmation with a button, ephemerally", async () => {
    const { fake } = harness;
    const token = fake.command("forget-me");
    const ask = await waitFor(() => fake.webhookCalls(token).find((r) => r.method === "PATCH"), "the confirmation");
    expect(callback(fake, token)?.body.data.flags).toBe(EPHEMERAL);
    const [confirm] = buttonsOf(ask.body);
    expect(confirm?.label).toBe("Yes, delete");
    const messageId = fake.findMessageId(/^Delete everything/);
    const clickToken = fake.click(confirm!.custom_id, messageId);
    const done = await waitFor(() => fake.webhookCalls(clickToken).find((r) => r.method === "PATCH"), "the deletion notice");
    expect(done.body.content).toBe("Done: everything about you is deleted.");
    expect(handler.turns.at(-1)?.text).toBe("/forget-me confirm");
  });

  it("/course: the turn carries the member's roles in this server (never a permission), and scope:server puts the server first", async () => {
    const { fake } = harness;
    fake.command("course", { course: "python-basics", scope: "server" }, { user: TEACHER });
    await waitFor(
      () => handler.turns.find((t) => t.text === "/course python-basics" && t.student.id === `discord:user:${TEACHER.id}`),
      "the teacher's turn",
    );
    const teacherTurn = handler.turns.at(-1)!;
    expect(teacherTurn.student.groups).toEqual([`discord:role:${GUILD_ID}/${TEACHER_ROLE.id}`]);
    expect(teacherTurn.classScopes[0]).toBe(`discord:guild:${GUILD_ID}`);

    fake.command("course", { course: "python-basics", scope: "channel" }, { user: STUDENT });
    await waitFor(
      () => handler.turns.find((t) => t.text === "/course python-basics" && t.student.id === `discord:user:${STUDENT.id}`),
      "the student's turn",
    );
    expect(handler.turns.at(-1)?.student.groups).toEqual([]);
    expect(handler.turns.at(-1)?.classScopes[0]).toBe(`discord:channel:${CHANNEL_ID}`);

    // Manage Server (0x20) and Administrator (0x8) are no groups: rights come from the configured teachers alone.
    fake.command("course", { course: "python-basics" }, { user: { id: "3020", name: "admin" }, permissions: "40" });
    await waitFor(() => handler.turns.find((t) => t.student.id === "discord:user:3020"), "the admin's turn");
    expect(handler.turns.at(-1)?.student.groups).toEqual([]);
  });

  it("a replayed interaction starts no second turn", async () => {
    const { fake } = harness;
    const before = handler.turns.length;
    fake.command("progress");
    fake.redeliverLast();
    fake.command("help");
    await waitFor(() => handler.turns.length >= before + 2 && handler.turns.at(-1)?.text === "/help", "both turns");
    expect(handler.turns.slice(before).map((t) => t.text)).toEqual(["/progress", "/help"]);
  });
});
