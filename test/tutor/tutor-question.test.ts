import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage } from "../../src/tutor/llm/chat-model.js";
import type { Tutor } from "../../src/tutor/tutor.js";
import { MID_STREAM_ERROR, startFakeOllama, type FakeChatRequest, type FakeOllama } from "../fakes/fake-ollama.js";
import { createTutorFixture, tutorOf, type TutorFixture } from "../support/tutor-fixture.js";
import { collect, messagesOf, noticesOf, onlyMessage, turnOf } from "./turns.js";

const CITING_ANSWER = "A for loop runs its block once per item [1]. That is all [9].";

/** Cites passage 1 for questions, grades nothing. */
const respond = (request: FakeChatRequest) =>
  request.messages.at(-1)?.content.startsWith("echo:") ? `You asked ${request.messages.at(-1)!.content}` : CITING_ANSWER;

const chatRequests = (fake: FakeOllama) =>
  fake.requests
    .filter((request) => request.path === "/api/chat")
    .map((request) => request.body as FakeChatRequest & { messages: ChatMessage[] });

describe("answering a question through a live (fake) Ollama", () => {
  let fake: FakeOllama;
  let fixture: TutorFixture;
  beforeAll(async () => {
    fake = await startFakeOllama({ respond });
    fixture = await createTutorFixture({ ollamaUrl: fake.url });
  });
  afterAll(async () => {
    await fixture.close();
    await fake.stop();
  });

  it("streams deltas, then a final message equal to them, citing sample-course lessons with line ranges", async () => {
    const events = await collect(fixture.handler, turnOf("ada", "How does a for loop work?"));
    const deltas = events.filter((event) => event.type === "delta").map((event) => (event as { text: string }).text);
    // The leak guard releases checked text in word-aligned batches: still several pieces, not one.
    expect(deltas.length).toBeGreaterThan(1);
    const message = onlyMessage(events);
    expect(events.at(-1)).toBe(message);
    expect(message.text).toBe(deltas.join(""));
    expect(message.text).toBe(CITING_ANSWER);
    // [1] is cited; [9] does not exist and is ignored.
    expect(message.sources).toHaveLength(1);
    const [source] = message.sources;
    expect(source!.file).toMatch(/^lessons\/\d\d-[a-z-]+\.md$/);
    expect(source!.startLine).toBeGreaterThan(0);
    expect(source!.endLine).toBeGreaterThanOrEqual(source!.startLine);
    expect(source!.label).toContain(`(${source!.file}:${source!.startLine}-${source!.endLine})`);
    expect(message.audience).toBe("conversation");
  });

  it("puts the retrieved passages and the level instruction on the wire", async () => {
    const before = chatRequests(fake).length;
    await collect(fixture.handler, turnOf("grace", "What does range(5) give?"));
    const [request] = chatRequests(fake).slice(before);
    const system = request!.messages[0]!;
    expect(system.role).toBe("system");
    const passages = await fixture.app.library.search("python-basics", "What does range(5) give?", 4);
    expect(passages.length).toBeGreaterThan(0);
    passages.forEach(({ passage }, index) => {
      expect(system.content).toContain(`[${index + 1}] `);
      expect(system.content).toContain(`(${passage.file}:${passage.startLine}-${passage.endLine})`);
      expect(system.content).toContain(passage.text.trim());
    });
    // A new student is a novice.
    expect(system.content).toContain("new to this topic");
    expect(request!.messages.at(-1)).toEqual({ role: "user", content: "What does range(5) give?" });
    expect(request!.stream).toBe(true);
  });

  it("remembers the conversation: the next prompt carries the last question and answer", async () => {
    await collect(fixture.handler, turnOf("linus", "What is a variable?"));
    const before = chatRequests(fake).length;
    await collect(fixture.handler, turnOf("linus", "And a list?"));
    const [request] = chatRequests(fake).slice(before);
    expect(request!.messages.slice(1)).toEqual([
      { role: "user", content: "What is a variable?" },
      { role: "assistant", content: CITING_ANSWER },
      { role: "user", content: "And a list?" },
    ]);
  });

  it("never puts the pending quiz item's answer or explanation in the prompt", async () => {
    const quiz = onlyMessage(await collect(fixture.handler, turnOf("barbara", "/quiz")));
    expect(quiz.text).toContain('What is the type of the value `"3.5"`');
    const before = chatRequests(fake).length;
    await collect(fixture.handler, turnOf("barbara", "What is a string?"));
    const system = chatRequests(fake).slice(before)[0]!.messages[0]!.content;
    expect(system).toContain('working on this quiz question:\n"""\nWhat is the type of the value `"3.5"` (with the quotes)?\n"""');
    expect(system).not.toContain("Anything written between quotes is a string (str), even if it looks like a number.");
    expect(system).not.toContain("Quotes turn any characters into a piece of text.");
  });

  it("an error line mid-stream: the partial answer, then a cut-off note", async () => {
    // Health is known by now, so the queued fault reaches /api/chat, not /api/tags.
    fake.failNext({ kind: "error-line-after", chunks: 3, error: MID_STREAM_ERROR });
    const events = await collect(fixture.handler, turnOf("edsger", "How does a for loop work?"));
    const message = onlyMessage(events);
    const streamed = events.flatMap((event) => (event.type === "delta" ? [event.text] : [])).join("");
    expect(streamed).toBe("A for loop");
    expect(message.text).toBe(`${streamed}\n\n_(My answer was cut off: the language model stopped. The sources below have the rest.)_`);
    expect(message.sources.length).toBeGreaterThan(0);
  });

  it("two students asking at once both get their answers", async () => {
    const [first, second] = await Promise.all([
      collect(fixture.handler, turnOf("alan", "echo: loops")),
      collect(fixture.handler, turnOf("kurt", "echo: lists")),
    ]);
    expect(onlyMessage(first!).text).toBe("You asked echo: loops");
    expect(onlyMessage(second!).text).toBe("You asked echo: lists");
  });
});

describe("when Ollama is down", () => {
  let fixture: TutorFixture;
  beforeAll(async () => {
    fixture = await createTutorFixture();
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("one notice per conversation naming `ollama serve`, and passages-only answers with sources", async () => {
    const first = await collect(fixture.handler, turnOf("ada", "How does a for loop work?"));
    expect(noticesOf(first)).toHaveLength(1);
    expect(noticesOf(first)[0]!.text).toContain("`ollama serve`");
    const answer = onlyMessage(first);
    expect(answer.text).toMatch(/^Here is what the course says:/);
    expect(answer.sources.length).toBeGreaterThan(0);
    for (const source of answer.sources) {
      expect(source.file).toMatch(/^lessons\//);
      expect(answer.text).toContain(`${source.file}:${source.startLine}-${source.endLine}`);
    }

    const second = await collect(fixture.handler, turnOf("ada", "What is a list?"));
    expect(noticesOf(second)).toEqual([]);
    expect(onlyMessage(second).sources.length).toBeGreaterThan(0);

    const otherConversation = await collect(fixture.handler, turnOf("ada", "What is a list?", { conversationId: "another" }));
    expect(noticesOf(otherConversation)).toHaveLength(1);
  });
});

describe("Ollama stops and comes back", () => {
  let fake: FakeOllama;
  let fixture: TutorFixture;
  let now = 1_000_000;
  let tutor: Tutor;
  beforeAll(async () => {
    fake = await startFakeOllama({ respond });
    fixture = await createTutorFixture({ ollamaUrl: fake.url });
    // The same real parts, with a clock the test moves: ModelStatus re-checks a down model after 15 s.
    tutor = tutorOf(fixture, { clock: () => now });
  });
  afterAll(async () => {
    await fixture.close();
    await fake.stop();
  });

  it("falls back to passages while down, and generates again once a re-check finds it back", async () => {
    expect(onlyMessage(await collect(tutor, turnOf("ada", "echo: one"))).text).toBe("You asked echo: one");

    await fake.stop();
    const during = await collect(tutor, turnOf("ada", "How does a for loop work?"));
    expect(noticesOf(during).length).toBe(1);
    expect(onlyMessage(during).text).toMatch(/^Here is what the course says:/);
    const later = await collect(tutor, turnOf("ada", "What is a list?"));
    expect(onlyMessage(later).text).toMatch(/^Here is what the course says:/);

    await fake.restart();
    now += 5_000;
    // Within 15 s the outage is remembered: no request is wasted on a server believed down.
    expect(onlyMessage(await collect(tutor, turnOf("ada", "echo: two"))).text).toMatch(/^Here is what the course says:/);
    now += 11_000;
    const after = await collect(tutor, turnOf("ada", "echo: three"));
    expect(noticesOf(after)).toEqual([]);
    expect(onlyMessage(after).text).toBe("You asked echo: three");
    expect(after.some((event) => event.type === "delta")).toBe(true);
  });

  // Product bug (minor): a failure mid-session gives two different notices in the same conversation:
  // "My language model stopped answering…" (answer-question.ts:50) and, on the next question,
  // "I can't reach my language model…" (answer-question.ts:16), since the first does not mark the
  // conversation as told. Fix: call modelStatus.shouldTell(context.conversationKey) before the first one.
  it("tells a conversation of an outage once, however it was discovered", async () => {
    await fake.stop();
    const notices = [];
    for (const text of ["What is a loop?", "What is a list?", "What is a dict?"])
      notices.push(...noticesOf(await collect(tutor, turnOf("grace", text))));
    await fake.restart();
    now += 16_000;
    expect(notices).toHaveLength(1);
  });
});

describe("when the model is not installed", () => {
  let fake: FakeOllama;
  let fixture: TutorFixture;
  beforeAll(async () => {
    fake = await startFakeOllama({ models: ["qwen2.5"] });
    fixture = await createTutorFixture({ ollamaUrl: fake.url });
  });
  afterAll(async () => {
    await fixture.close();
    await fake.stop();
  });

  it("says to run `ollama pull <model>`, and answers from the passages", async () => {
    const events = await collect(fixture.handler, turnOf("ada", "How does a for loop work?"));
    expect(noticesOf(events).map((notice) => notice.text)).toEqual([expect.stringContaining("`ollama pull llama3.2`")]);
    expect(onlyMessage(events).sources.length).toBeGreaterThan(0);
    expect(fake.requests.filter((request) => request.path === "/api/chat")).toEqual([]);
  });
});

describe("turn limits", () => {
  let fixture: TutorFixture;
  beforeAll(async () => {
    fixture = await createTutorFixture({ env: { TUTOR_MAX_MESSAGE_CHARS: "200" } });
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("a repeated turn id yields nothing the second time", async () => {
    const turn = turnOf("ada", "/help");
    expect(messagesOf(await collect(fixture.handler, turn))).toHaveLength(1);
    expect(await collect(fixture.handler, turn)).toEqual([]);
    expect(await collect(fixture.handler, { ...turn, text: "/progress" })).toEqual([]);
  });

  it("a message over the limit gets the limit notice and nothing else", async () => {
    const events = await collect(fixture.handler, turnOf("ada", "x".repeat(201)));
    expect(events).toEqual([
      {
        type: "notice",
        text: expect.stringContaining("Your message is 201 characters long; I read at most 200."),
        audience: "conversation",
      },
    ]);
    expect(onlyMessage(await collect(fixture.handler, turnOf("ada", "/help"))).text).toContain("How I can help");
  });

  it("a malformed turn gets a notice, not an exception", async () => {
    const events = await collect(fixture.handler, { ...turnOf("ada", "hi"), id: "" });
    expect(noticesOf(events)).toHaveLength(1);
  });
});
