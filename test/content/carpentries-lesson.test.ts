import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCourse } from "../../src/retrieval/content/load-course.js";
import type { Course } from "../../src/retrieval/content/schema.js";
import type { ReplyEvent } from "../../src/tutor/turn.js";
import { startFakeOllama, type FakeChatRequest } from "../fakes/fake-ollama.js";
import {
  askAboutEveryExercise,
  lostLessonLines,
  makeCarpentriesContent,
  markersInPassages,
  shownText,
  SWC_COURSE_ID,
  SWC_EPISODES_DIR,
} from "../support/exercise-questions.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";

const present = existsSync(SWC_EPISODES_DIR);
if (!present)
  console.warn(`skipping the Carpentries lesson tests: ${SWC_EPISODES_DIR} is absent (it sits in ../shared/data beside the repository)`);

/** A model that repeats everything it was given: whatever reaches its prompt reaches the student. */
const echoPrompt = (request: FakeChatRequest) =>
  request.format !== undefined
    ? '{"correct": false, "feedback": "Not yet.", "evidence": []}'
    : request.messages.map((message) => message.content).join("\n\n");

describe.skipIf(!present)("the Software Carpentry lesson, dropped in unedited (episodes/ and a course.yaml with id and title)", () => {
  let content: Awaited<ReturnType<typeof makeCarpentriesContent>>;
  let course: Course;

  beforeAll(async () => {
    content = await makeCarpentriesContent();
    const load = await loadCourse(path.join(content.contentDir, SWC_COURSE_ID), content.contentDir);
    expect(load.problems).toEqual([]);
    course = load.course!;
  });
  afterAll(() => content.remove());

  it("loads every episode as a lesson and a skill, in file order, each built on the one before", () => {
    expect(course.lessons).toHaveLength(12);
    const skills = course.manifest.skills;
    expect(skills.map((skill) => skill.id)).toEqual(course.lessons.map((lesson) => lesson.file.replace(/^episodes\/|\.md$/g, "")));
    expect(skills[0]).toMatchObject({ id: "01-intro", name: "Python Fundamentals", prerequisites: [] });
    expect(skills[7]).toMatchObject({ name: "Creating Functions", prerequisites: ["07-cond"] });
    expect(skills[7]!.description).toContain("Define a function that takes parameters.");
    expect(course.lessons.every((lesson) => lesson.otherKeys.includes("teaching") && lesson.otherKeys.includes("exercises"))).toBe(true);
  });

  it("finds its 53 challenges and 58 solutions; the 48 challenges with a solution become practice items", () => {
    const exercises = course.lessons.flatMap((lesson) => lesson.structure.exercises);
    const solutions = course.lessons.flatMap((lesson) => lesson.structure.vaulted.filter((vaulted) => vaulted.role === "solution"));
    expect(exercises).toHaveLength(53);
    expect(solutions).toHaveLength(58);
    expect(course.items).toHaveLength(48);
    const fence = course.items.find(({ item }) => item.id === "08-func-combining-strings")!.item;
    expect(fence).toMatchObject({ type: "short_answer", skill: "08-func" });
    expect(fence.prompt).toContain("Write a function called `fence`");
    expect(fence.prompt).not.toContain("def fence");
    expect(fence.type === "short_answer" && fence.answer).toContain("return wrapper + original + wrapper");
  });

  it("passages hold no fence marker and no solution line, and lose no line of normal lesson text", () => {
    expect(markersInPassages(course)).toEqual([]);
    expect(lostLessonLines(course)).toEqual([]);
  });

  it("asked about each exercise by its title, the tutor shows no solution, without a model and with one that repeats its whole prompt", async () => {
    const withoutModel = await createTutorFixture({ contentDir: content.contentDir });
    const ollama = await startFakeOllama({ respond: echoPrompt });
    let withModel: TutorFixture | undefined;
    try {
      const offline = await askAboutEveryExercise(withoutModel, course);
      expect(offline).toMatchObject({ exercises: 53, withSolution: 48, solutionsShown: [] });
      // The exercise itself stays teachable: most questions bring back its own text.
      expect(offline.exerciseCited).toBeGreaterThanOrEqual(50);
      expect(offline.measurable).toBeGreaterThanOrEqual(45);
      withModel = await createTutorFixture({ contentDir: content.contentDir, ollamaUrl: ollama.url });
      const online = await askAboutEveryExercise(withModel, course, ollama);
      expect(online).toMatchObject({ exercises: 53, solutionsShown: [], solutionsInPrompt: [] });
      expect(ollama.requests.filter((request) => request.path === "/api/chat").length).toBeGreaterThanOrEqual(53);
    } finally {
      await withoutModel.close();
      await withModel?.close();
      await ollama.stop();
    }
  }, 300_000);

  it("an exercise is practice: /quiz asks it, a wrong answer is graded, /hint helps, /giveup shows the lesson's solution", async () => {
    const tutor = await createTutorFixture({ contentDir: content.contentDir });
    try {
      let turn = 0;
      const say = async (text: string) => {
        const events: ReplyEvent[] = [];
        turn += 1;
        for await (const event of tutor.handler.handle({
          id: `q-${turn}`,
          platform: "test",
          classScopes: [],
          conversationId: "dm-ada",
          student: { id: "ada" },
          visibility: "private",
          text,
        }))
          events.push(event);
        return shownText(events);
      };
      const question = await say("/quiz 08-func");
      const pending = (await tutor.store.getPendingItem(SWC_COURSE_ID, "ada", "dm-ada"))!;
      const item = course.items.find(({ item }) => item.id === pending.itemId)!.item;
      if (item.type !== "short_answer") throw new Error("exercise items are short answers");
      expect(question).toContain(item.prompt.split("\n")[0]!);
      const wrong = await say("I would use a loop to print every character");
      expect(wrong).toMatch(/miss|not/i);
      expect(wrong).not.toContain(item.answer);
      expect(await say("/hint")).toContain(item.hints[0]!);
      const gaveUp = await say("/giveup");
      expect(gaveUp).toContain(item.answer);
      expect(await tutor.store.getPendingItem(SWC_COURSE_ID, "ada", "dm-ada")).toBeUndefined();
    } finally {
      await tutor.close();
    }
  }, 120_000);
});
