import { expect } from "vitest";
import type { FakeChatRequest } from "../fakes/fake-ollama.js";
import type { TutorFixture } from "../support/tutor-fixture.js";
import { collect, turnOf } from "./turns.js";

export const SHORT_ANSWER_ITEM = "meaning-of-count-plus-one";
export const GOOD_SHORT_ANSWER = "It takes the current value of count, adds 1, and stores the result back in count";

/** `/quiz variables` twice (giving up on the first) brings the sample's short-answer item on `count = count + 1`. */
export async function reachShortAnswer(fixture: TutorFixture, student: string): Promise<void> {
  for (const text of ["/quiz variables", "/giveup", "/quiz variables"]) await collect(fixture.handler, turnOf(student, text));
  expect((await fixture.store.getPendingItem("python-basics", `test:user:${student}`, `conversation-of-${student}`))?.itemId).toBe(
    SHORT_ANSWER_ITEM,
  );
}

/** The student's answer as the grader received it: the JSON string at the end of the grading prompt. */
export function gradedAnswerOf(request: FakeChatRequest): string {
  const prompt = request.messages.at(-1)!.content;
  return JSON.parse(prompt.slice(prompt.lastIndexOf("as a JSON string:\n") + "as a JSON string:\n".length)) as string;
}

/** The rubric, as the grader received it. */
export function gradedRubricOf(request: FakeChatRequest): string {
  return /^Rubric: (.*)$/m.exec(request.messages.at(-1)!.content)![1]!;
}
