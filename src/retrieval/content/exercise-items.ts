import { uniqueSlug } from "./lesson-skills.js";
import { ShortAnswerItemSchema, type LessonDoc, type QuizItemDoc } from "./schema.js";

/** The published solution is the model answer; the one grading path judges answers against it. */
const EXERCISE_RUBRIC =
  "The model answer is the lesson's own solution to this exercise. The answer is correct when it does what the model answer does, " +
  "in any equivalent form (other code or other wording with the same result counts); an answer that misses a part the exercise asks for is not correct.";

/**
 * Each exercise of a lesson that comes with a solution becomes a short-answer practice item on the lesson's
 * (first) skill: the exercise as the prompt, the solution as the model answer, its hint blocks as hints.
 * `usedIds` holds the ids already taken in the course (quiz files' items), so the new ones never collide.
 */
export function exerciseItems(lesson: LessonDoc, usedIds: Set<string>): QuizItemDoc[] {
  const skill = lesson.frontMatter.skills[0];
  if (lesson.teacherOnly || skill === undefined) return [];
  const lessonSlug = lesson.file.replace(/^.*\//, "").replace(/\.[^.]+$/, "");
  return lesson.structure.exercises.flatMap((exercise) => {
    if (!exercise.solution || exercise.prompt === "") return [];
    const solutionLine = lesson.bodyStartLine + (exercise.solutionStart ?? exercise.start);
    const item = ShortAnswerItemSchema.parse({
      id: uniqueSlug(`${lessonSlug} ${exercise.title}`, usedIds, "exercise", 60),
      skill,
      type: "short_answer",
      prompt: exercise.prompt,
      answer: exercise.solution,
      rubric: EXERCISE_RUBRIC,
      // Only where the solution stands: this text is protected like any explanation, so it says nothing a reply might.
      explanation: `Source: ${lesson.file}, line ${solutionLine}.`,
      hints: exercise.hints.length > 0 ? exercise.hints : [fallbackHint(lesson.frontMatter.title, exercise.title)],
      difficulty: lesson.frontMatter.level,
    });
    return [{ file: lesson.file, line: lesson.bodyStartLine + exercise.start, item }];
  });
}

/** For an exercise the lesson gives no hint for: where to look, and how to start. */
function fallbackHint(lessonTitle: string, exerciseTitle: string): string {
  const where =
    exerciseTitle === lessonTitle
      ? `the lesson “${lessonTitle}”`
      : `what “${lessonTitle}” shows just before the exercise “${exerciseTitle}”`;
  return `Look back at ${where}, and try the smallest part of the exercise first.`;
}
