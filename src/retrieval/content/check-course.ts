import type { ContentProblem } from "./content-problem.js";
import { choiceIndex, choiceLetter, type Course, type QuizItem, type QuizItemDoc, type Skill } from "./schema.js";

interface CheckOptions {
  /** The course folder as shown to teachers, e.g. `python-basics`. */
  displayPrefix: string;
  locateInManifest: (fieldPath: ReadonlyArray<PropertyKey>) => number;
}

/**
 * Checks how a course's files fit together. Whatever is inconsistent is reported and left out (an item
 * for an unknown skill, a prerequisite edge that closes a cycle), so the rest of the course still works.
 */
export function checkCourse(
  course: Course,
  options: CheckOptions,
): { course: Course; problems: ContentProblem[]; warnings: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const warnings: ContentProblem[] = [];
  const manifestFile = `${options.displayPrefix}/course.yaml`;
  const shown = (file: string) => `${options.displayPrefix}/${file}`;

  const skills: Skill[] = [];
  /** Each kept skill by id, with its index in course.yaml (the first of its id), for line numbers. */
  const kept = new Map<string, { skill: Skill; index: number }>();
  course.manifest.skills.forEach((skill, index) => {
    if (kept.has(skill.id)) {
      problems.push({
        file: manifestFile,
        line: options.locateInManifest(["skills", index, "id"]),
        field: `skills[${index}].id`,
        message: `the skill id "${skill.id}" is used twice`,
        fix: "give each skill its own id",
      });
      return;
    }
    const copy = { ...skill, prerequisites: [...skill.prerequisites] };
    kept.set(skill.id, { skill: copy, index });
    skills.push(copy);
  });
  const skillIds = new Set(kept.keys());

  skills.forEach((skill) => {
    const index = kept.get(skill.id)!.index;
    skill.prerequisites = skill.prerequisites.filter((prerequisite, p) => {
      if (skillIds.has(prerequisite) && prerequisite !== skill.id) return true;
      problems.push({
        file: manifestFile,
        line: options.locateInManifest(["skills", index, "prerequisites", p]),
        field: `skills[${index}].prerequisites[${p}]`,
        message:
          prerequisite === skill.id
            ? `the skill "${skill.id}" lists itself as a prerequisite`
            : `the prerequisite "${prerequisite}" is not a skill of this course`,
        fix:
          prerequisite === skill.id ? "remove it" : `use one of the skill ids defined under \`skills\`, or add a skill "${prerequisite}"`,
      });
      return false;
    });
  });

  for (const [skillId, prerequisite] of findCycleEdges(skills)) {
    const { skill, index } = kept.get(skillId)!;
    const p = course.manifest.skills[index]!.prerequisites.indexOf(prerequisite);
    skill.prerequisites = skill.prerequisites.filter((id) => id !== prerequisite);
    problems.push({
      file: manifestFile,
      line: options.locateInManifest(["skills", index, "prerequisites", p]),
      field: `skills[${index}].prerequisites[${p}]`,
      message: `the prerequisites form a cycle: "${skillId}" needs "${prerequisite}", which (through its own prerequisites) needs "${skillId}"`,
      fix: "remove one prerequisite of the cycle so that skills build on each other in one direction",
    });
  }

  const lessons = course.lessons.concat(course.teacherNotes).filter((lesson) => {
    const unknown = lesson.frontMatter.skills.filter((id) => !skillIds.has(id));
    if (unknown.length === 0) return true;
    problems.push({
      file: shown(lesson.file),
      line: lesson.skillsLine ?? 1,
      field: "skills",
      message: `unknown skill${unknown.length > 1 ? "s" : ""} ${unknown.map((id) => `"${id}"`).join(", ")}`,
      fix: "use skill ids from course.yaml, or add the skill there",
    });
    return false;
  });

  const itemIds = new Set<string>();
  const items = course.items.flatMap((doc): QuizItemDoc[] => {
    const { file, line, item } = doc;
    const problem = (field: string, message: string, fix: string) => problems.push({ file: shown(file), line, field, message, fix });
    if (itemIds.has(item.id)) {
      problem("id", `the item id "${item.id}" is used twice in this course`, "give each quiz item its own id");
      return [];
    }
    if (!skillIds.has(item.skill)) {
      problem("skill", `the skill "${item.skill}" is not a skill of this course`, "use a skill id from course.yaml");
      return [];
    }
    if (item.type === "multiple_choice" && choiceIndex(item.answer) >= item.choices.length) {
      problem(
        "answer",
        `the answer is ${item.answer} but there are only ${item.choices.length} choices`,
        `give a letter from A to ${choiceLetter(item.choices.length - 1)}`,
      );
      return [];
    }
    const listed = item.misconceptions ?? [];
    const misconceptions = listed.filter((misconception, index) => {
      const wrong = misconceptionProblem(item, misconception.answer);
      if (wrong) problem(`misconceptions[${index}].answer`, wrong.message, wrong.fix);
      return !wrong;
    });
    itemIds.add(item.id);
    return [misconceptions.length === listed.length ? doc : { ...doc, item: { ...item, misconceptions } }];
  });

  for (const skill of skills) {
    const index = kept.get(skill.id)!.index;
    if (!lessons.some((lesson) => !lesson.teacherOnly && lesson.frontMatter.skills.includes(skill.id))) {
      warnings.push({
        file: manifestFile,
        line: options.locateInManifest(["skills", index]),
        field: skill.id,
        message: `no lesson teaches the skill "${skill.id}"`,
        fix: "list it under `skills` in a lesson's front matter",
      });
    }
    if (!items.some(({ item }) => item.skill === skill.id)) {
      warnings.push({
        file: manifestFile,
        line: options.locateInManifest(["skills", index]),
        field: skill.id,
        message: `no quiz item practises the skill "${skill.id}"`,
        fix: `add items with \`skill: ${skill.id}\` to a quiz file`,
      });
    }
  }

  return {
    course: {
      ...course,
      manifest: { ...course.manifest, skills },
      lessons: lessons.filter((lesson) => !lesson.teacherOnly),
      teacherNotes: lessons.filter((lesson) => lesson.teacherOnly),
      items,
    },
    problems,
    warnings,
  };
}

/** Why a misconception's answer cannot be one a student gives by mistake, if it cannot. */
function misconceptionProblem(item: QuizItem, answer: string | number): { message: string; fix: string } | undefined {
  switch (item.type) {
    case "multiple_choice": {
      const letter = String(answer).trim().toUpperCase();
      if (!/^[A-F]$/.test(letter) || choiceIndex(letter) >= item.choices.length)
        return {
          message: `"${answer}" is not one of the choices`,
          fix: `give the letter of a wrong choice, A to ${choiceLetter(item.choices.length - 1)}`,
        };
      return letter === item.answer
        ? { message: `${letter} is the right answer, not a misconception`, fix: "give the letter of a wrong choice" }
        : undefined;
    }
    case "numeric":
      if (typeof answer !== "number")
        return { message: `"${answer}" is not a number`, fix: "give the wrong number a student typically answers, e.g. `answer: 8`" };
      return Math.abs(answer - item.answer) <= item.tolerance
        ? { message: `${answer} would be graded right`, fix: "give a wrong number" }
        : undefined;
    case "short_answer":
      return undefined;
  }
}

/** Edges (skill → prerequisite) that close a cycle, found by depth-first search in manifest order. */
export function findCycleEdges(skills: ReadonlyArray<Pick<Skill, "id" | "prerequisites">>): Array<[string, string]> {
  const prerequisitesOf = new Map(skills.map((skill) => [skill.id, skill.prerequisites]));
  const state = new Map<string, "visiting" | "done">();
  const cycleEdges: Array<[string, string]> = [];
  const visit = (id: string) => {
    state.set(id, "visiting");
    for (const prerequisite of prerequisitesOf.get(id) ?? []) {
      const seen = state.get(prerequisite);
      if (seen === "visiting") cycleEdges.push([id, prerequisite]);
      else if (seen === undefined) visit(prerequisite);
    }
    state.set(id, "done");
  };
  for (const skill of skills) if (!state.has(skill.id)) visit(skill.id);
  return cycleEdges;
}
