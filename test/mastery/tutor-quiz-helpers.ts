import type { QuizItem } from "../../src/retrieval/content/schema.js";
import type { ReplyEvent, Turn } from "../../src/tutor/turn.js";
import type { TutorFixture } from "../support/tutor-fixture.js";
import { collect, turnOf } from "../tutor/turns.js";

export const COURSE = "python-basics";
export const idOf = (student: string) => `test:user:${student}`;

export function say(fixture: TutorFixture, student: string, text: string, over: Partial<Turn> = {}): Promise<ReplyEvent[]> {
  return collect(fixture.handler, turnOf(student, text, over));
}

/** The quiz item waiting for `student`'s answer in their conversation. */
export async function pendingItem(fixture: TutorFixture, student: string): Promise<QuizItem> {
  const pending = await fixture.store.getPendingItem(COURSE, idOf(student), `conversation-of-${student}`);
  const item = fixture.app.library.course(COURSE)?.items.find(({ item }) => item.id === pending?.itemId)?.item;
  if (!item) throw new Error(`no pending item for ${student}`);
  return item;
}

/** An answer the exact graders accept (right) or reject (wrong); short answers are avoided by callers that need certainty. */
export function answerFor(item: QuizItem, right: boolean): string {
  if (item.type === "multiple_choice") return right ? item.answer : item.answer === "A" ? "B" : "A";
  if (item.type === "numeric") return right ? String(item.answer) : String(item.answer + 1000);
  return right ? item.answer : "I do not know at all";
}

/** Asks for a quiz on `skill` and answers it; returns the grading reply. */
export async function quizAndAnswer(
  fixture: TutorFixture,
  student: string,
  skill: string,
  right: boolean,
  over: Partial<Turn> = {},
): Promise<ReplyEvent[]> {
  await say(fixture, student, `/quiz ${skill}`, over);
  return say(fixture, student, answerFor(await pendingItem(fixture, student), right), over);
}
