import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";
import { LIVE_TEACHER, replyText, send } from "./live-support.js";
import { RECURSION_LESSON } from "../support/sample-upload.js";

const bytes = (text: string): Uint8Array<ArrayBuffer> => new Uint8Array(new TextEncoder().encode(text));

const QUIZ = `items:
  - id: recursion-base-case
    skill: functions
    type: multiple_choice
    prompt: What stops a recursion?
    choices: [The base case, A loop]
    answer: A
    explanation: The base case answers without calling the function again.
    hints: [Which call does not recurse?]
`;

let fixture: TutorFixture;
const courseDir = () => path.join(fixture.contentDir, "python-basics");
const upload = (name: string, data: Uint8Array<ArrayBuffer>, isTeacher = true) =>
  send(fixture.handler, "/content upload", { isTeacher, attachments: [{ name, data }] });

/** Every file under the course folder and the history folder, to prove a refusal wrote nothing. */
async function snapshot(): Promise<string[]> {
  const list = async (dir: string) => (await readdir(dir, { recursive: true }).catch(() => [] as string[])).sort();
  return [...(await list(courseDir())), "|", ...(await list(path.join(fixture.dataDir, "content-history")))];
}

beforeEach(async () => {
  fixture = await createTutorFixture({ copyContent: true, teachers: { "python-basics": [LIVE_TEACHER] } });
});
afterEach(() => fixture.close());

describe("teachers upload content from chat", () => {
  it("accepts a lesson: saved under lessons/, indexed, summarised with skills, passages and findability", async () => {
    const events = await upload("12-recursion.md", bytes(RECURSION_LESSON));
    const text = replyText(events);
    expect(events.every((event) => !("audience" in event) || event.audience === "student")).toBe(true);
    expect(text).toContain("Saved 12-recursion.md as lessons/12-recursion.md.");
    expect(text).toMatch(/Skills: functions\. Passages indexed: \+2\./);
    expect(text).toMatch(/Findability: 2\/2 sections/);
    expect(await readFile(path.join(courseDir(), "lessons/12-recursion.md"), "utf8")).toBe(RECURSION_LESSON);
    const hits = await fixture.app.library.search("python-basics", "What is a base case?", 4);
    expect(hits.map((hit) => hit.passage.file)).toContain("lessons/12-recursion.md");
  });

  it("accepts a quiz into quizzes/, and keeps the previous version when it is replaced", async () => {
    expect(replyText(await upload("12-recursion.yaml", bytes(QUIZ)))).toMatch(
      /Saved 12-recursion\.yaml as quizzes\/12-recursion\.yaml\.\nSkills: functions\. Quiz items: 1\./,
    );
    expect(fixture.app.library.course("python-basics")!.items.some(({ item }) => item.id === "recursion-base-case")).toBe(true);
    const replaced = replyText(await upload("12-recursion.yaml", bytes(QUIZ.replace("A loop", "A while loop"))));
    expect(replaced).toContain("replacing the previous version, which is kept");
    const history = await readdir(path.join(fixture.dataDir, "content-history/python-basics/quizzes"));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatch(/^12-recursion\.yaml\./);
    expect(await readFile(path.join(fixture.dataDir, "content-history/python-basics/quizzes", history[0]!), "utf8")).toBe(QUIZ);
  });

  it("puts Markdown whose front matter says audience: teacher under teacher/, never indexed", async () => {
    const notes = RECURSION_LESSON.replace("level: intermediate", "level: intermediate\naudience: teacher");
    expect(replyText(await upload("recursion-notes.md", bytes(notes)))).toContain("as teacher/recursion-notes.md");
    const hits = await fixture.app.library.search("python-basics", "What is a base case?", 10);
    expect(hits.map((hit) => hit.passage.file)).not.toContain("teacher/recursion-notes.md");
  });

  it("lists files and removes one, keeping the removed version", async () => {
    const listing = replyText(await send(fixture.handler, "/content list", { isTeacher: true }));
    expect(listing).toMatch(/- lessons\/05-loops\.md: \d+ passages?\b/);
    expect(listing).toMatch(/- quizzes\/05-loops\.yaml: \d+ items?\b/);
    const removed = replyText(await send(fixture.handler, "/content remove lessons/05-loops.md", { isTeacher: true }));
    expect(removed).toMatch(/Removed lessons\/05-loops\.md: [1-9]\d* passage\(s\) and 0 quiz item\(s\) are gone/);
    const hits = await fixture.app.library.search("python-basics", "while loop", 20);
    expect(hits.map((hit) => hit.passage.file)).not.toContain("lessons/05-loops.md");
    expect(await readdir(path.join(fixture.dataDir, "content-history/python-basics/lessons"))).toHaveLength(1);
  });

  const refusals: Array<[string, () => Promise<string>, RegExp]> = [
    ["a student", async () => replyText(await upload("12-recursion.md", bytes(RECURSION_LESSON), false)), /That command is for teachers/],
    ["a wrong file type", async () => replyText(await upload("notes.odt", bytes("hello"))), /Not saved: .*not a course file/],
    [
      "a damaged PDF, with the problem for the teacher",
      async () => replyText(await upload("handout.pdf", bytes("%PDF-1.4 not really"))),
      /Not saved: lessons\/handout\.pdf does not validate[\s\S]*python-basics\/lessons\/handout\.pdf: the PDF could not be read[\s\S]*Fix: /,
    ],
    [
      "an oversized file",
      async () => replyText(await upload("big.md", new Uint8Array(1_000_001).fill(65))),
      /Not saved: .*the limit is 1000 kB/,
    ],
    [
      "a path leaving the folder",
      async () => replyText(await upload("../../escape.md", bytes(RECURSION_LESSON))),
      /Not saved: .*outside the course folder/,
    ],
    ["an absolute path", async () => replyText(await upload("/etc/lesson.md", bytes(RECURSION_LESSON))), /Not saved: .*absolute paths/],
    ["a backslash", async () => replyText(await upload("lessons\\x.md", bytes(RECURSION_LESSON))), /Not saved: .*backslashes/],
    ["a NUL in the name", async () => replyText(await upload("a\u0000.md", bytes(RECURSION_LESSON))), /Not saved: .*NUL/],
    ["a hidden file", async () => replyText(await upload(".hidden.md", bytes(RECURSION_LESSON))), /Not saved: .*hidden files/],
    ["course.yaml", async () => replyText(await upload("course.yaml", bytes("id: x\n"))), /Not saved: course\.yaml cannot be replaced/],
    [
      "an invalid lesson, with every problem located",
      async () =>
        replyText(
          await upload(
            "bad.md",
            bytes(RECURSION_LESSON.replace("skills: [functions]", "skills: functions").replace("intermediate", "expert")),
          ),
        ),
      /Not saved: lessons\/bad\.md does not validate[\s\S]*python-basics\/lessons\/bad\.md:3: skills: [\s\S]*Fix: [\s\S]*python-basics\/lessons\/bad\.md:4: level: [\s\S]*Fix: use one of/,
    ],
    [
      "a quiz for an unknown skill",
      async () => replyText(await upload("bad.yaml", bytes(QUIZ.replace("skill: functions", "skill: recursion")))),
      /Not saved: quizzes\/bad\.yaml does not fit the course[\s\S]*python-basics\/quizzes\/bad\.yaml:2: skill: the skill "recursion" is not a skill of this course\. Fix: /,
    ],
    [
      "removing course.yaml",
      async () => replyText(await send(fixture.handler, "/content remove course.yaml", { isTeacher: true })),
      /Nothing removed: course\.yaml holds the course/,
    ],
    [
      "removing outside the folder",
      async () => replyText(await send(fixture.handler, "/content remove ../python-basics/course.yaml", { isTeacher: true })),
      /Nothing removed: .*outside the course folder/,
    ],
  ];

  it.each(refusals)("refuses %s with a clear reply and writes nothing", async (_name, act, reply) => {
    const before = await snapshot();
    expect(await act()).toMatch(reply);
    expect(await snapshot()).toEqual(before);
  });
});
