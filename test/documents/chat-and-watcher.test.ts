import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { citedFiles, LIVE_TEACHER, replyText, send, waitFor } from "../content-live/live-support.js";
import { makePdf, makePptx } from "../support/document-files.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";

const RECURSION_PAGES = [
  ["Recursion handout"],
  [
    "A recursive function calls itself on a smaller version of the problem.",
    "Every recursive function needs a base case that returns without calling itself.",
  ],
];

let fixture: TutorFixture;
beforeEach(async () => {
  fixture = await createTutorFixture({ copyContent: true, teachers: { "python-basics": [LIVE_TEACHER] } });
});
afterEach(() => fixture.close());

describe("a teacher's document in the running tutor", () => {
  it("is uploaded from chat into lessons/, and a student's question is answered from it with its page cited", async () => {
    const pdf = new Uint8Array(await makePdf(RECURSION_PAGES, "Recursion"));
    const saved = replyText(
      await send(fixture.handler, "/content upload", { isTeacher: true, attachments: [{ name: "recursion.pdf", data: pdf }] }),
    );
    expect(saved).toMatch(/^Saved recursion\.pdf as lessons\/recursion\.pdf\.\nSkills: functions\. Passages indexed: \+2\./);
    expect(await readFile(path.join(fixture.contentDir, "python-basics/lessons/recursion.pdf"))).toEqual(Buffer.from(pdf));
    // No Ollama listens: the tutor answers in retrieval-only mode, quoting and citing the course.
    const events = await send(fixture.handler, "What does every recursive function need, a base case?");
    expect(citedFiles(events)).toContain("lessons/recursion.pdf");
    const labels = events.flatMap((event) => (event.type === "message" ? event.sources.map((source) => source.label) : []));
    expect(labels).toContain("recursion.pdf, p. 2");
    expect(replyText(events)).toContain("**[1] recursion.pdf, p. 2**\nA recursive function calls itself");
  }, 60_000);

  it("is picked up by the live watcher when dropped into lessons/, speaker notes kept from students", async () => {
    const watcher = fixture.app.library.watch({ debounceMs: 100 });
    try {
      const slides = makePptx([
        {
          title: "Generators",
          body: ["A generator function uses yield to produce values one at a time."],
          notes: "Quiz answer: the output is 0 1 4 9",
        },
      ]);
      await writeFile(path.join(fixture.contentDir, "python-basics/lessons/generators.pptx"), slides);
      await waitFor(
        async () =>
          (await fixture.app.library.search("python-basics", "generator function yield", 3)).some(
            (hit) => hit.passage.file === "lessons/generators.pptx",
          ),
        60_000,
        "the slides to be searchable",
      );
      await waitFor(
        () => fixture.app.library.course("python-basics")!.teacherNotes.some((note) => note.file === "lessons/generators.pptx"),
        60_000,
        "the notes to be kept for teachers",
      );
      const events = await send(fixture.handler, "What does yield do in a generator?");
      expect(events.flatMap((event) => (event.type === "message" ? event.sources.map((source) => source.label) : []))).toContain(
        "generators.pptx, slide 1 › Generators",
      );
      expect(replyText(events)).not.toContain("Quiz answer");
      expect(fixture.app.library.course("python-basics")!.teacherNotes.find((note) => note.file === "lessons/generators.pptx")!.body).toBe(
        "Quiz answer: the output is 0 1 4 9",
      );
    } finally {
      watcher.close();
    }
  }, 90_000);
});
