import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALOGUE_CASES, type DialogueCase } from "../../bench/dialogue/cases.js";
import { checkReply, DIALOGUE_TEACHER, runDialogueCase, type DialogueTutor, type TurnRecord } from "../../bench/dialogue/run-case.js";
import { messagesFor } from "../../src/tutor/i18n/messages.js";
import { renderSolution } from "../../src/tutor/quiz-text.js";
import { startFakeOllama, type FakeChatRequest, type FakeOllama } from "../fakes/fake-ollama.js";
import { loadSampleCourse } from "../leak-guard/course.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";
import { createScriptedTutor } from "./scripted-tutor.js";

const scripted = createScriptedTutor();
let ollama: FakeOllama;
let fixture: TutorFixture;
let tutor: DialogueTutor;

const chatRequests = () =>
  ollama.requests.filter((request) => request.path === "/api/chat").map((request) => request.body as FakeChatRequest);

beforeAll(async () => {
  ollama = await startFakeOllama({ respond: (request) => scripted.respond(request) });
  fixture = await createTutorFixture({ ollamaUrl: ollama.url, teachers: { "python-basics": [DIALOGUE_TEACHER] } });
  tutor = { handler: fixture.handler, store: fixture.store, leakLog: fixture.app.tutor.leakLog, course: await loadSampleCourse() };
});
afterAll(async () => {
  await fixture.close();
  await ollama.stop();
});

/** Plays a case, collecting each turn's record with the model request it made (if any). */
async function play(dialogue: DialogueCase, index: number): Promise<Array<TurnRecord & { prompt?: string }>> {
  scripted.mode = dialogue.scriptedModel ?? "follows-prompt";
  const item = dialogue.item && tutor.course.items.find((doc) => doc.item.id === dialogue.item!.id)?.item;
  scripted.key = item && renderSolution(item);
  const records: Array<TurnRecord & { prompt?: string }> = [];
  let seen = chatRequests().length;
  await runDialogueCase(tutor, dialogue, index, (record) => {
    const made = chatRequests().slice(seen);
    seen += made.length;
    records.push({
      ...record,
      prompt: made
        .at(-1)
        ?.messages.map((message) => message.content)
        .join("\n\n"),
    });
  });
  return records;
}

describe("tutoring dialogues over the sample course, with a scripted model", () => {
  it("has at least twenty cases", () => {
    expect(DIALOGUE_CASES.length).toBeGreaterThanOrEqual(20);
  });

  DIALOGUE_CASES.forEach((dialogue, index) => {
    it(dialogue.name, async () => {
      const records = await play(dialogue, index);
      records.forEach((record, turnIndex) => {
        const { expect: want, say } = record.turn;
        const where = `turn ${turnIndex + 1} (“${say}”): ${record.text}`;
        const checks = checkReply(record);
        expect(record.prompt !== undefined, `${where} — model asked?`).toBe(want.generated === true);
        if (!want.keyMayShow) expect(checks.keyRevealed, `${where} — key shown`).toBe(false);
        if (want.asksFirst) expect(checks.endsWithQuestion, `${where} — ends with a question`).toBe(true);
        if (want.graded) expect(record.text, where).toContain(want.graded === "right" ? "✅" : "❌");
        if (want.offersHint)
          expect(record.text.includes("💡 Hint") || record.actions.includes("/hint"), `${where} — hint offered`).toBe(true);
        if (want.reflects !== undefined)
          expect(record.text.includes(messagesFor("en").t("pedagogy.reflect")), `${where} — reflection`).toBe(want.reflects);
        if (want.mastery === "up") expect(record.masteryAfter!, where).toBeGreaterThan(record.masteryBefore!);
        if (want.mastery === "down") expect(record.masteryAfter!, where).toBeLessThan(record.masteryBefore ?? 1);
        if (want.mastery === "same") expect(record.masteryAfter, where).toBe(record.masteryBefore);
        if (want.pitchedAt) expect(record.pitch?.skillId, where).toBe(want.pitchedAt);
        for (const text of want.offline?.promptHas ?? []) expect(record.prompt, where).toContain(text);
        for (const text of want.offline?.promptLacks ?? []) expect(record.prompt, where).not.toContain(text);
        for (const text of want.offline?.replyHas ?? []) expect(record.text, where).toContain(text);
        // An obedient model is never stopped: the guard does not punish innocent replies.
        expect(record.guardStops > 0, `${where} — guard stopped`).toBe(want.offline?.guardStops === true);
        // Whatever the model says, the teacher's notes never reach the student.
        for (const doc of tutor.course.items)
          for (const { note } of doc.item.misconceptions ?? []) expect(record.text, where).not.toContain(note);
      });
    });
  });

  it("/why names the skill the last answer was pitched at, and mastery is reached at 95%", async () => {
    const index = DIALOGUE_CASES.length;
    await runDialogueCase(
      tutor,
      { name: "why", style: "socratic", turns: [{ say: "What is a dictionary?", expect: { generated: true } }] },
      index,
    );
    const [why] = await runDialogueCase(tutor, { name: "why", style: "socratic", turns: [{ say: "/why", expect: {} }] }, index);
    expect(why!.text).toContain("My last answer (to “What is a dictionary?”) was about **Dictionaries**");
    expect(why!.text).toContain("new to it");
    const [whySkill] = await runDialogueCase(
      tutor,
      { name: "why", style: "socratic", turns: [{ say: "/why dictionaries", expect: {} }] },
      index,
    );
    expect(whySkill!.text).toContain("Mastery is reached at 95%");
    expect(whySkill!.text).toContain("was about **Dictionaries**");
  });
});
