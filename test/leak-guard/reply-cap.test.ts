import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";
import { collect, onlyMessage, turnOf } from "../tutor/turns.js";

describe("a reply longer than TUTOR_MAX_REPLY_CHARS", () => {
  let fake: FakeOllama;
  let fixture: TutorFixture;
  const sentence = "A list keeps its items in order, and you can change them later. ";
  beforeAll(async () => {
    fake = await startFakeOllama({ respond: () => ({ chunks: Array.from({ length: 400 }, () => sentence) }) });
    fixture = await createTutorFixture({ ollamaUrl: fake.url, env: { TUTOR_MAX_REPLY_CHARS: "1000" } });
  });
  afterAll(async () => {
    await fixture.close();
    await fake.stop();
  });

  it("is stopped at the limit, and the student is told it was cut", async () => {
    const events = await collect(fixture.handler, turnOf("ada", "Tell me everything about lists"));
    const message = onlyMessage(events);
    const [body, note] = message.text.split("\n\n_(");
    expect(body!.length).toBe(1000);
    expect(sentence.repeat(20).startsWith(body!)).toBe(true);
    expect(note).toContain("my answer reached its length limit of 1,000 characters");
    const streamed = events.flatMap((event) => (event.type === "delta" ? [event.text] : [])).join("");
    expect(streamed).toBe(message.text);
  });
});
