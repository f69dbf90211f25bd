import { findCycleEdges } from "./check-course.js";
import type { Course, Skill } from "./schema.js";

type SkillLinks = Pick<Skill, "id" | "prerequisites">;

/** Gaps in a course that leave a skill untaught, unpractised or out of a student's reach. */
export interface CourseCoverage {
  skillsWithoutLessons: string[];
  skillsWithoutItems: string[];
  /** Skills whose prerequisites can never all be met: a missing prerequisite, or a cycle on the way. */
  unreachableSkills: string[];
  /** Prerequisite links (skill → prerequisite) that close a cycle, as written in course.yaml. */
  cycleEdges: Array<[string, string]>;
}

/** `writtenSkills` are the skills as in course.yaml, before the checker dropped the links it could not keep. */
export function describeCoverage(course: Course, writtenSkills: readonly SkillLinks[]): CourseCoverage {
  const taught = new Set(course.lessons.flatMap((lesson) => lesson.frontMatter.skills));
  const practised = new Set(course.items.map(({ item }) => item.skill));
  const ids = course.manifest.skills.map((skill) => skill.id);
  return {
    skillsWithoutLessons: ids.filter((id) => !taught.has(id)),
    skillsWithoutItems: ids.filter((id) => !practised.has(id)),
    unreachableSkills: findUnreachableSkills(writtenSkills),
    cycleEdges: findCycleEdges(writtenSkills),
  };
}

/** A skill is reachable when every prerequisite exists, is another skill, and is itself reachable. */
function findUnreachableSkills(skills: readonly SkillLinks[]): string[] {
  const prerequisitesOf = new Map(skills.map((skill) => [skill.id, skill.prerequisites]));
  const verdict = new Map<string, boolean | "visiting">();
  const reachable = (id: string): boolean => {
    const known = verdict.get(id);
    if (known === "visiting") return false;
    if (known !== undefined) return known;
    const prerequisites = prerequisitesOf.get(id);
    if (!prerequisites) return false;
    verdict.set(id, "visiting");
    const result = prerequisites.every((prerequisite) => prerequisite !== id && reachable(prerequisite));
    verdict.set(id, result);
    return result;
  };
  return skills.map((skill) => skill.id).filter((id) => !reachable(id));
}
