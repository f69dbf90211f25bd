import { memoize } from "../../shared/memoize.js";
import type { Course, QuizItem } from "../../retrieval/content/schema.js";
import { AnswerLeakScan, findAnswerLeak } from "./answer-leak.js";
import type { Leak } from "./leak.js";
import { buildProtectedIndex, type ProtectedIndex } from "./protected-index.js";
import { GrowingShingles } from "./shingles.js";

export interface GuardInput {
  /** The student's pending quiz item, whose answer must not be given. */
  pendingItem?: QuizItem;
  /** The message the reply answers. */
  studentMessage?: string;
}

/** Checks outgoing text against one course's protected material and the student's pending item. */
export class LeakGuard {
  constructor(private readonly index: ProtectedIndex) {}

  check(reply: string, input: GuardInput = {}): Leak | undefined {
    const answer = input.pendingItem && findAnswerLeak(reply, input.pendingItem, { studentMessage: input.studentMessage });
    return answer ?? this.index.findOverlap(reply);
  }

  /**
   * `check` for one reply as it streams in (each call with the text so far), in time linear in the
   * reply's length: its wording and its answer cues are read once as it grows, not again on every call.
   */
  streamCheck(input: GuardInput = {}): (replySoFar: string) => Leak | undefined {
    const overlap = this.index.counter();
    const said = new GrowingShingles(3, (shingle) => overlap.settle(shingle));
    const scan = input.pendingItem && new AnswerLeakScan(input.pendingItem, { studentMessage: input.studentMessage });
    return (replySoFar) => scan?.check(replySoFar) ?? overlap.find(said.update(replySoFar).tail);
  }
}

/** The guard of a course, built once per loaded course (a reload makes a new Course object). */
export const leakGuardFor = memoize((course: Course) => new LeakGuard(buildProtectedIndex(course)), new WeakMap());
