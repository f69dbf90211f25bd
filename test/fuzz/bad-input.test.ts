import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stripMention } from "../../src/adapters/discord/strip-mention.js";
import type { ReplyEvent } from "../../src/tutor/turn.js";
import { loadTinyCourse, problemsOf, TINY_LESSON } from "../content/tiny-course.js";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama.js";
import { collect, createRealTutor, makeTurn, type RealTutor } from "../load/real-tutor.js";

let ollama: FakeOllama;
let real: RealTutor;

beforeAll(async () => {
  ollama = await startFakeOllama();
  real = await createRealTutor({ ollamaUrl: ollama.url });
});

afterAll(async () => {
  await real.close();
  await ollama.stop();
});

const send = (text: string) => collect(real.tutor.handle(makeTurn("eve", text)));
const only = (events: ReplyEvent[], type: ReplyEvent["type"]) => events.filter((event) => event.type === type);
const lastQuestionSent = () => {
  const chats = ollama.requests.filter((request) => request.path === "/api/chat");
  const messages = (chats.at(-1)?.body as { messages: Array<{ role: string; content: string }> }).messages;
  return messages.at(-1)!.content;
};

describe("bad input to the tutor: bounded, refused with a message, never a crash or a hang", () => {
  it("a very long message gets a notice about the limit, and never reaches the model", async () => {
    const before = ollama.requests.length;
    const events = await send("why ".repeat(2000));
    expect(events).toEqual([
      { type: "notice", text: expect.stringMatching(/8,000 characters long; I read at most 4,000/), audience: "conversation" },
    ]);
    expect(ollama.requests.length).toBe(before);
  });

  it.each([
    ["empty", ""],
    ["blank", "   \n\t "],
    ["zero-width only", "\u200B\u200C\u200D\uFEFF\u2060"],
    ["control characters only", "\u0000\u0007\u001B"],
    ["a mention and nothing else (after the adapter strips it)", stripMention("<@1234567890>", "1234567890")],
  ])("%s: told that nothing was heard", async (_name, text) => {
    expect(await send(text)).toEqual([
      { type: "notice", text: expect.stringContaining("I did not catch a question"), audience: "conversation" },
    ]);
  });

  it("control, zero-width and bidirectional-override characters are removed before the model sees the question", async () => {
    const events = await send("what\u0000 is\u200B a\u202E for\u0007 loop?");
    expect(only(events, "message")).toHaveLength(1);
    expect(lastQuestionSent()).toBe("what is a for loop?");
  });

  it("right-to-left text is kept and answered", async () => {
    const events = await send("ما هي الحلقة في بايثون؟");
    expect(only(events, "message")).toHaveLength(1);
    expect(lastQuestionSent()).toBe("ما هي الحلقة في بايثون؟");
  });

  it("a huge code block within the limit is answered", async () => {
    const code = `\`\`\`python\n${"total = total + 1  # add one\n".repeat(120)}\`\`\`\nwhy is this slow?`;
    expect(code.length).toBeLessThan(4000);
    const events = await send(code);
    expect(only(events, "message")).toHaveLength(1);
  });

  it("a malformed turn from an adapter gets a notice, not an exception", async () => {
    const events = await collect(real.tutor.handle({ ...makeTurn("eve", "hi"), student: { id: "" } }));
    expect(events).toEqual([{ type: "notice", text: "Sorry, I could not read that message.", audience: "conversation" }]);
  });
});

describe("bad content files: refused by the loader with the file named, the rest of the course loads", () => {
  it("YAML bombs, huge, binary, deeply nested and non-UTF-8 files", async () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(", ")}]`,
      ),
      "items: *i",
    ].join("\n");
    const nested = `items:\n${Array.from({ length: 40 }, (_, depth) => `${"  ".repeat(depth + 1)}- `).join("\n")}x\n`;
    const tiny = await loadTinyCourse({
      "quizzes/bomb.yaml": bomb,
      "quizzes/nested.yaml": nested,
      "lessons/huge.md": `${TINY_LESSON}${"lorem ipsum ".repeat(100_000)}`,
      "lessons/binary.md": new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01, 0x02, 0xff]),
      "lessons/latin1.md": new Uint8Array([...new TextEncoder().encode(TINY_LESSON), 0x63, 0x61, 0x66, 0xe9, 0x0a]),
    });
    try {
      const { load } = tiny;
      expect(problemsOf(load, "quizzes/bomb.yaml")[0]?.message).toMatch(/could not be read|alias/i);
      expect(problemsOf(load, "quizzes/nested.yaml")[0]?.message).toMatch(/nested more than/);
      expect(problemsOf(load, "lessons/huge.md")[0]?.message).toMatch(/over the 1000 kB limit/);
      expect(problemsOf(load, "lessons/binary.md")[0]?.message).toMatch(/binary/);
      expect(problemsOf(load, "lessons/latin1.md")[0]?.message).toMatch(/not UTF-8/);
      for (const problem of load.problems) expect(problem.fix.length).toBeGreaterThan(0);
      // The good files still make a course.
      expect(load.course?.lessons.map((lesson) => lesson.file)).toEqual(["lessons/01-alpha.md"]);
      expect(load.course?.items).toHaveLength(2);
    } finally {
      await tiny.close();
    }
  });
});
