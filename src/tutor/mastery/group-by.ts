/** Values grouped by `key`, groups in first-seen order, each keeping the values' order. */
export function groupBy<T>(values: readonly T[], key: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const k = key(value);
    let list = groups.get(k);
    if (!list) groups.set(k, (list = []));
    list.push(value);
  }
  return groups;
}
