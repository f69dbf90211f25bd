import type { Attempt } from "../store/profile-store.js";
import type { AttemptTable } from "./attempt-table.js";
import type { BktFit, FitBktOptions } from "./fit-bkt.js";
import { fitSkills } from "./fit-skills.js";

/** The attempt log as a table: attempts in time order (stable, so equal timestamps keep log order). */
export function tabulateAttempts(attempts: readonly Attempt[]): AttemptTable {
  const ordered = [...attempts].sort((a, b) => a.at - b.at);
  const intern = (names: string[], ids: Map<string, number>, name: string) => {
    let id = ids.get(name);
    if (id === undefined) {
      ids.set(name, (id = names.length));
      names.push(name);
    }
    return id;
  };
  const studentNames: string[] = [], studentIds = new Map<string, number>();
  const skillNames: string[] = [], skillIds = new Map<string, number>();
  const itemNames: string[] = [], itemIds = new Map<string, number>();
  return {
    rows: ordered.length,
    student: Int32Array.from(ordered, (a) => intern(studentNames, studentIds, a.studentId)),
    skill: Int32Array.from(ordered, (a) => intern(skillNames, skillIds, a.skillId)),
    item: Int32Array.from(ordered, (a) => intern(itemNames, itemIds, a.itemId)),
    correct: Uint8Array.from(ordered, (a) => (a.correct ? 1 : 0)),
    studentCount: studentNames.length,
    skillNames,
    itemNames,
  };
}

/**
 * Fits BKT per skill from one course's attempt log. Skills with fewer than `minAttempts` answers keep
 * the defaults, which the result says through `fitted: false`.
 */
export function fitFromAttempts(attempts: readonly Attempt[], options: FitBktOptions = {}): Map<string, BktFit> {
  return fitSkills(tabulateAttempts(attempts), options);
}

export function groupAttemptsByCourse(attempts: readonly Attempt[]): Map<string, Attempt[]> {
  const byCourse = new Map<string, Attempt[]>();
  for (const attempt of attempts) {
    let list = byCourse.get(attempt.courseId);
    if (!list) byCourse.set(attempt.courseId, (list = []));
    list.push(attempt);
  }
  return byCourse;
}
