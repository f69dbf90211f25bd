/**
 * A published lesson dropped in unedited (the Software Carpentry "Programming with Python" episodes): what the
 * tutor finds in it, and whether asking about each exercise by its title ("How do I solve the exercise "X"?")
 * ever shows the exercise's solution. Baseline in the same run: the same questions over passages cut from the
 * raw lesson text, as before structure blocks were understood (markers and solutions included).
 *   npm run bench:open-course -- [--json]     (SHARED_DATA_DIR=DIR when the shared data is not beside the repository)
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadCourse } from "../src/retrieval/content/load-course.js";
import { splitLines } from "../src/retrieval/markdown-blocks.js";
import type { Course, LessonDoc } from "../src/retrieval/content/schema.js";
import { CourseIndex } from "../src/retrieval/course-index.js";
import { HashingEmbedder } from "../src/retrieval/hashing-embedder.js";
import { startFakeOllama, type FakeChatRequest } from "../test/fakes/fake-ollama.js";
import {
  askAboutEveryExercise,
  lostLessonLines,
  makeCarpentriesContent,
  markersInPassages,
  secretLines,
  SWC_COURSE_ID,
  SWC_EPISODES_DIR,
} from "../test/support/exercise-questions.js";
import { createTutorFixture } from "../test/support/tutor-fixture.js";

/** Passages a question brings into the model's prompt (TUTOR_RETRIEVAL_K's default). */
const K = 4;

/** The lesson as the tutor read it before: every line a student could read, no block held back. */
function asRawText(lesson: LessonDoc): LessonDoc {
  return { ...lesson, structure: { ...lesson.structure, studentLines: splitLines(lesson.body), vaultedRanges: [], blocks: [] } };
}

/** Questions whose top-K passages hold a line of the exercise's solution found nowhere else. */
async function solutionsRetrieved(course: Course, lessons: LessonDoc[]): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "open-course-index-"));
  try {
    const index = await CourseIndex.open({ dir, courseId: course.manifest.id, embedder: new HashingEmbedder() });
    await index.sync(lessons);
    let retrieved = 0;
    for (const exercise of course.lessons.flatMap((lesson) => lesson.structure.exercises)) {
      if (!exercise.solution) continue;
      const secrets = secretLines(course, exercise.solution);
      const found = (await index.search(`How do I solve the exercise "${exercise.title}"?`, K))
        .map(({ passage }) => passage.text.replace(/\s+/g, " "))
        .join("\n");
      if (secrets.some((line) => found.includes(line))) retrieved += 1;
    }
    return retrieved;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: "boolean", default: false } } });
  if (!existsSync(SWC_EPISODES_DIR)) {
    console.log(
      `Skipped: the Carpentries lesson is not at ${SWC_EPISODES_DIR} (../shared/data beside the repository; set SHARED_DATA_DIR to the data folder if it is elsewhere).`,
    );
    return;
  }
  const content = await makeCarpentriesContent();
  const ollama = await startFakeOllama({
    // The worst model for a leak: it repeats its whole prompt, so whatever reaches the prompt reaches the student.
    respond: (request: FakeChatRequest) =>
      request.format !== undefined
        ? '{"correct": false, "feedback": "Not yet.", "evidence": []}'
        : request.messages.map((message) => message.content).join("\n\n"),
  });
  try {
    const load = await loadCourse(path.join(content.contentDir, SWC_COURSE_ID), content.contentDir);
    const course = load.course!;
    const structures = course.lessons.map((lesson) => lesson.structure);
    const figures = {
      problems: load.problems.length,
      lessons: course.lessons.length,
      skills: course.manifest.skills.length,
      exercisesFound: structures.reduce((sum, structure) => sum + structure.exercises.length, 0),
      solutionsVaulted: structures.reduce((sum, structure) => sum + structure.vaulted.filter((text) => text.role === "solution").length, 0),
      instructorNotesVaulted: structures.reduce(
        (sum, structure) => sum + structure.vaulted.filter((text) => text.role === "instructor").length,
        0,
      ),
      itemsMade: course.items.length,
      unclassifiedBlocks: structures.reduce((sum, structure) => sum + structure.unclassified.length, 0),
      markersInPassages: markersInPassages(course).length,
      lessonLinesLost: lostLessonLines(course).length,
      retrievedSolutions: {
        rawTextBaseline: await solutionsRetrieved(course, course.lessons.map(asRawText)),
        tutor: await solutionsRetrieved(course, course.lessons),
      },
      tutorWithoutModel: await (async () => {
        const tutor = await createTutorFixture({ contentDir: content.contentDir });
        try {
          return await askAboutEveryExercise(tutor, course);
        } finally {
          await tutor.close();
        }
      })(),
      tutorWithEchoModel: await (async () => {
        const tutor = await createTutorFixture({ contentDir: content.contentDir, ollamaUrl: ollama.url });
        try {
          return await askAboutEveryExercise(tutor, course, ollama);
        } finally {
          await tutor.close();
        }
      })(),
    };
    if (values.json) {
      console.log(JSON.stringify(figures, null, 2));
      return;
    }
    const asked = (report: typeof figures.tutorWithoutModel) =>
      `${report.solutionsShown.length} of ${report.withSolution} solutions shown (target 0; ${report.measurable} measurable), ${report.solutionsInPrompt.length} prompts holding a solution, exercise cited in ${report.exerciseCited}/${report.exercises} replies`;
    console.log(
      `Carpentries lesson (${SWC_EPISODES_DIR}): ${figures.lessons} lessons → ${figures.skills} skills, ${figures.problems} content problems`,
    );
    console.log(
      `exercises found ${figures.exercisesFound}, solutions vaulted ${figures.solutionsVaulted}, instructor notes vaulted ${figures.instructorNotesVaulted}, items made ${figures.itemsMade}, unclassified blocks ${figures.unclassifiedBlocks}`,
    );
    console.log(
      `passages: ${figures.markersInPassages} fence markers, ${figures.lessonLinesLost} lines of normal lesson text lost (target 0 and 0)`,
    );
    console.log(
      `questions whose top ${K} passages hold the exercise's solution: raw-text baseline ${figures.retrievedSolutions.rawTextBaseline}, tutor ${figures.retrievedSolutions.tutor}`,
    );
    console.log(`tutor without a model: ${asked(figures.tutorWithoutModel)}`);
    console.log(`tutor with a model repeating its prompt: ${asked(figures.tutorWithEchoModel)}`);
  } finally {
    await ollama.stop();
    await content.remove();
  }
}

await main();
