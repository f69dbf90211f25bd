import type { FakeChatRequest } from "../fakes/fake-ollama.js";

/**
 * A stand-in for a chat model that tutors by its prompt, deterministically: it reads the system message the
 * way an obedient model would (ask first when told to, explain when told to, say when the course does not
 * cover something), or, in a leaking mode, says what a careless model would. It never sees the answer key
 * unless the test hands it one, as a model that works the problem out would know it.
 */
export type ScriptedMode = "follows-prompt" | "blurts-key" | "quotes-teacher-note";

export interface ScriptedTutor {
  mode: ScriptedMode;
  /** What a blurting model says the answer is. */
  key?: string;
  respond(request: FakeChatRequest): string;
}

const CONTENT_WORD = /[a-z]{4,}/g;
const STOP = new Set([
  "what",
  "which",
  "does",
  "that",
  "this",
  "with",
  "have",
  "about",
  "there",
  "their",
  "would",
  "could",
  "should",
  "from",
  "into",
  "when",
  "where",
  "your",
]);

export function createScriptedTutor(): ScriptedTutor {
  const scripted: ScriptedTutor = {
    mode: "follows-prompt",
    respond(request) {
      const system = request.messages[0]?.content ?? "";
      const question = request.messages.at(-1)?.content ?? "";
      const earlier = request.messages.slice(1, -1);
      if (scripted.mode === "blurts-key")
        return `Sure, no problem. The answer is ${scripted.key}. That is because of how Python works [1].`;
      const note = /teacher's note, for you only, never to quote: ([^)]*)\)/.exec(system)?.[1];
      if (scripted.mode === "quotes-teacher-note" && note) return `Here is what went wrong. ${note} Does that help?`;
      const passages = system.slice(system.indexOf("Course passages:")).toLowerCase();
      const asked = (question.toLowerCase().match(CONTENT_WORD) ?? []).filter((word) => !STOP.has(word));
      const onItem = system.includes("working on this quiz question");
      if (!onItem && asked.length > 0 && asked.filter((word) => passages.includes(word)).length * 2 < asked.length) {
        return "The course does not cover that. It is about programming in Python: ask me about values, loops, lists or functions.";
      }
      const firstPassage = system.slice(system.indexOf("\n[1] ")).split("\n").slice(1);
      const prose = firstPassage.find((line) => /^[A-Za-z*`]/.test(line) && !line.startsWith("```")) ?? "";
      const firstSentence = /^.*?[.!?](?=\s|$)/.exec(prose)?.[0] ?? "The lesson explains it.";
      const latestWrong = [...system.matchAll(/^- "([^"]*)"/gm)].at(-1)?.[1];
      if (latestWrong !== undefined) return `You answered "${latestWrong}". Look again at [1]: what does it say happens in that case?`;
      if (system.includes("ask for their idea or first step")) {
        return earlier.length === 0 || system.includes("They have not answered it yet")
          ? "Before I explain: what do you think the first step is? [1]"
          : "Good start. The next step is in [1]: try it on a small example. What do you get?";
      }
      if (system.includes("Explain it briefly")) return `In short: ${firstSentence} [1] Can you give an example of your own?`;
      return `Here is how it works. ${firstSentence} [1] The lesson works through an example step by step [1].`;
    },
  };
  return scripted;
}
