/** Who is speaking, as the adapter saw them: their qualified id and the groups it found them in. */
export interface Person {
  id: string;
  /** `discord:role:<server>/<role>`, `slack:group:<id>`, `terminal`, … */
  groups: readonly string[];
}

/**
 * The teachers of each course, as the operator named them in the config file (`teachers:`). Rights come
 * from this list only: owning a server or administering a workspace makes nobody a teacher.
 */
export class TeacherRoster {
  private readonly byCourse: Map<string, Set<string>>;

  constructor(teachers: Readonly<Record<string, readonly string[]>> = {}) {
    this.byCourse = new Map(Object.entries(teachers).map(([courseId, entries]) => [courseId, new Set(entries)]));
  }

  teaches(courseId: string, person: Person): boolean {
    const entries = this.byCourse.get(courseId);
    return entries !== undefined && (entries.has(person.id) || person.groups.some((group) => entries.has(group)));
  }

  /** The courses this person teaches, in the config file's order. */
  coursesOf(person: Person): string[] {
    return [...this.byCourse.keys()].filter((courseId) => this.teaches(courseId, person));
  }

  /** The courses the config names teachers for. */
  courseIds(): string[] {
    return [...this.byCourse.keys()];
  }

  hasTeachers(courseId: string): boolean {
    return (this.byCourse.get(courseId)?.size ?? 0) > 0;
  }

  /** Every configured entry of one platform's kind, e.g. `discord:role:` → the roles to look up. */
  entriesOfKind(prefix: string): string[] {
    return [...new Set([...this.byCourse.values()].flatMap((entries) => [...entries].filter((entry) => entry.startsWith(prefix))))];
  }
}

/** The log line for a course nobody may change from chat, with how to name its teachers. */
export function describeCourseWithoutTeachers(courseId: string): string {
  return `course ${courseId} has no teachers: nobody can change it from chat (/content, /course, /class, /override). Name them in the config file, e.g. \`teachers: { ${courseId}: [discord:user:<id>, discord:role:<server id>/<role id>, slack:user:<id>, slack:group:<id>, terminal] }\``;
}
