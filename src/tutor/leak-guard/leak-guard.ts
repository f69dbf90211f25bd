import type { Course, QuizItem } from "../../retrieval/content/schema.js";
import { findAnswerLeak } from "./answer-leak.js";
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
   * `check` for one reply as it streams in (each call with the text so far): its wording is read once
   * as it grows, not again on every call. The answer checks read the whole text each time, since
   * their cues look back and ahead across it.
   */
  streamCheck(input: GuardInput = {}): (replySoFar: string) => Leak | undefined {
    const said = new GrowingShingles();
    return (replySoFar) => {
      const answer = input.pendingItem && findAnswerLeak(replySoFar, input.pendingItem, { studentMessage: input.studentMessage });
      return answer ?? this.index.findOverlapIn(said.update(replySoFar));
    };
  }
}

const guards = new WeakMap<Course, LeakGuard>();

/** The guard of a course, built once per loaded course (a reload makes a new Course object). */
export function leakGuardFor(course: Course): LeakGuard {
  let guard = guards.get(course);
  if (!guard) {
    guard = new LeakGuard(buildProtectedIndex(course));
    guards.set(course, guard);
  }
  return guard;
}
