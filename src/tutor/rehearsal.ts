import type { CourseCatalog } from "../retrieval/course-library.js";
import { silentLogger } from "../logger.js";
import type { ChatModel, ModelHealth } from "./llm/chat-model.js";
import { SqliteProfileStore } from "./store/sqlite-profile-store.js";
import type { ReplyEvent } from "./turn.js";
import { Tutor } from "./tutor.js";

/** What the rehearsal's model says: words enough for the stream gate and the leak guard to run on several pieces. */
const REHEARSAL_REPLY = "Here is how it works, step by step, with an example from the course and a question to try on your own next.";

/** Students who ask at once, so that some wait in line for the one model slot, as a class does. */
const STUDENTS = 3;

/** Answers at once from memory: the rehearsal asks nothing of the real model. */
const rehearsalModel: ChatModel = {
  name: "rehearsal",
  async *stream() {
    for (const word of REHEARSAL_REPLY.split(/(?<= )/)) yield word;
  },
  completeJson: () => Promise.reject(new Error("the rehearsal has no grader: short answers are graded by key words")),
  health: (): Promise<ModelHealth> => Promise.resolve({ status: "ready" }),
};

/** One rehearsed turn: what was said and the replies it got. */
export interface RehearsedTurn {
  text: string;
  replies: ReplyEvent[];
}

/**
 * A rehearsal before the first student: made-up students of the default course ask a question at once (all but one
 * wait in line), then each takes a quiz item, answers it, asks for their progress and asks again, through a tutor of
 * its own whose store is in memory and whose model replies at once. Nothing of it reaches the school's store, the
 * model or a chat. V8 compiles a function when it is first called and runs its first calls slowly: without this, the
 * first class after a start paid for it in their first turns (on the load bench, the first questions' own time was
 * 130-220 ms, and the first rounds of quizzes and answers up to 60; docs/scaling.md). Never fails: a turn that cannot
 * run now fails, or not, for the first student who asks. Returns the turns and their replies.
 */
export async function rehearseTurns(catalog: CourseCatalog, defaultCourseId?: string): Promise<RehearsedTurn[]> {
  const store = new SqliteProfileStore(":memory:");
  const tutor = new Tutor({ catalog, store, model: rehearsalModel, log: silentLogger, defaultCourseId, maxModelRequests: 1 });
  const rehearsed: RehearsedTurn[] = [];
  const say = async (student: number, text: string): Promise<ReplyEvent[]> => {
    const replies: ReplyEvent[] = [];
    const turn = {
      id: `rehearsal-${rehearsed.length}`,
      platform: "rehearsal",
      classScopes: [],
      conversationId: `rehearsal:${student}`,
      student: { id: `rehearsal:student:${student}`, displayName: "Rehearsal" },
      visibility: "private" as const,
      text,
    };
    rehearsed.push({ text, replies });
    try {
      for await (const event of tutor.handle(turn)) replies.push(event);
    } catch {
      // The tutor ends a failing turn with a notice; nothing else is expected here, and nothing here may stop a start.
    }
    return replies;
  };
  const rehearseStudent = async (student: number) => {
    await say(student, "How does the first lesson begin?");
    const quiz = await say(student, "/quiz");
    const answer = quiz
      .flatMap((event) => (event.type === "message" ? event.actions : []))
      .find((action) => action.command.startsWith("/answer"));
    await say(student, answer?.command ?? "/answer 1");
    await say(student, "/progress");
    await say(student, "Why does that matter?");
  };
  try {
    await Promise.all(Array.from({ length: STUDENTS }, (_, student) => rehearseStudent(student)));
  } finally {
    await tutor.shutdown(0);
    await store.close();
  }
  return rehearsed;
}
