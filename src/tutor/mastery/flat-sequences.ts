/**
 * All (student, skill) answer sequences of one skill in two typed arrays, so EM walks memory linearly
 * and allocates nothing per step. Sequence i is obs[starts[i] .. starts[i+1]).
 */
export interface FlatSequences {
  /** 1 = correct, 0 = wrong. */
  obs: Uint8Array;
  /** Length = number of sequences + 1. */
  starts: Int32Array;
}

export function flattenSequences(sequences: ReadonlyArray<ArrayLike<number>>): FlatSequences {
  const starts = new Int32Array(sequences.length + 1);
  let total = 0;
  sequences.forEach((sequence, i) => {
    starts[i] = total;
    total += sequence.length;
  });
  starts[sequences.length] = total;
  const obs = new Uint8Array(total);
  sequences.forEach((sequence, i) => {
    const start = starts[i]!;
    for (let t = 0; t < sequence.length; t++) obs[start + t] = sequence[t] ? 1 : 0;
  });
  return { obs, starts };
}

export function countSequences(sequences: FlatSequences): number {
  return sequences.starts.length - 1;
}

/**
 * Groups answers into per-skill sequences. Rows must already be in order for each student; the answers
 * of one (student, skill) pair keep that order.
 */
export function groupBySkill(student: Int32Array, skill: Int32Array, correct: Uint8Array, skillCount: number): FlatSequences[] {
  const rows = correct.length;
  const attemptsPerSkill = new Int32Array(skillCount);
  for (let r = 0; r < rows; r++) attemptsPerSkill[skill[r]!]!++;
  // Per skill: the row indices in order, then split by student keeping first-appearance order.
  const byStudent = new Map<number, number[]>();
  const result: FlatSequences[] = [];
  const rowsOfSkill: number[][] = Array.from({ length: skillCount }, () => []);
  for (let r = 0; r < rows; r++) rowsOfSkill[skill[r]!]!.push(r);
  for (let k = 0; k < skillCount; k++) {
    byStudent.clear();
    for (const r of rowsOfSkill[k]!) {
      const s = student[r]!;
      let list = byStudent.get(s);
      if (!list) byStudent.set(s, (list = []));
      list.push(r);
    }
    const obs = new Uint8Array(attemptsPerSkill[k]!);
    const starts = new Int32Array(byStudent.size + 1);
    let at = 0;
    let i = 0;
    for (const list of byStudent.values()) {
      starts[i++] = at;
      for (const r of list) obs[at++] = correct[r]!;
    }
    starts[i] = at;
    result.push({ obs, starts });
  }
  return result;
}
