import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContentWatcher } from "../../src/retrieval/content-watcher.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";
import { citedFiles, LIVE_TEACHER, RecordingNotifier, replyText, send, waitFor } from "./live-support.js";

const LESSON = "lessons/12-recursion.md";

const lesson = (level: string, body: string) => `---
title: Recursion
skills: [functions]
level: ${level}
---

# Recursion

${body}
`;

const RECURSION = `A recursive function is a function that calls itself. Every recursion needs a base case, the input
for which the function answers without calling itself again; without a base case the calls never end.`;
const MEMOIZATION = `## Memoization

Memoization caches the results of earlier calls in a dictionary, so a recursive function never computes the
same argument twice.`;

let fixture: TutorFixture;
let watcher: ContentWatcher;
const notifier = new RecordingNotifier();
const latencies: Record<string, number> = {};
const lessonFile = () => path.join(fixture.contentDir, "python-basics", LESSON);
/** What the tutor's answer flow retrieves for a question (its top 4), read from the catalog it uses. */
const retrieve = (question: string) => fixture.app.library.search("python-basics", question, 4);
const cites = async (question: string, file: string) => (await retrieve(question)).some((hit) => hit.passage.file === file);

beforeAll(async () => {
  fixture = await createTutorFixture({ copyContent: true, teachers: { "python-basics": [LIVE_TEACHER] } });
  fixture.app.library.setNotifier(notifier);
  watcher = fixture.app.library.watch({ debounceMs: 100 });
});
afterAll(async () => {
  watcher.close();
  console.info(`live reload latency (write → next question sees it), ms: ${JSON.stringify(latencies)}`);
  await fixture.close();
});

describe("content changes while the tutor runs", () => {
  it("a new lesson is retrieved by the next question, and the tutor cites it", async () => {
    expect(await cites("What is a base case in recursion?", LESSON)).toBe(false);
    await writeFile(lessonFile(), lesson("beginner", RECURSION));
    latencies.add = Math.round(
      await waitFor(() => cites("What is a base case in recursion?", LESSON), 10_000, "the new lesson to be retrieved"),
    );
    expect(citedFiles(await send(fixture.handler, "What is a base case in recursion?"))).toContain(LESSON);
  });

  it("a changed lesson serves its new text", async () => {
    await writeFile(lessonFile(), lesson("beginner", `${RECURSION}\n\n${MEMOIZATION}`));
    latencies.change = Math.round(
      await waitFor(() => cites("What does memoization cache?", LESSON), 10_000, "the changed lesson to be cited"),
    );
    expect((await retrieve("What does memoization cache?")).map((hit) => hit.passage.text).join("\n")).toContain(
      "caches the results of earlier calls",
    );
  });

  it("a broken lesson keeps its last good version serving and the teacher hears where and how to fix it", async () => {
    await writeFile(lessonFile(), lesson("expert", "Half-written text about tail calls."));
    await waitFor(() => notifier.notices.length > 0, 10_000, "a notice to the teachers");
    const notice = notifier.notices[0]!;
    expect(notice.courseId).toBe("python-basics");
    expect(notice.text).toMatch(/python-basics\/lessons\/12-recursion\.md:4: level: .*Fix: use one of: beginner, intermediate, advanced/);
    expect(await cites("What does memoization cache?", LESSON)).toBe(true);
    expect(fixture.app.library.problems().some((problem) => problem.file === `python-basics/${LESSON}`)).toBe(true);
    const listing = replyText(await send(fixture.handler, "/content list", { isTeacher: true }));
    expect(listing).toContain(`${LESSON}: `);
    expect(listing).toContain("the last good version is serving");
  });

  it("the fixed lesson replaces the last good version and the problem is cleared", async () => {
    await writeFile(
      lessonFile(),
      lesson(
        "intermediate",
        `${RECURSION}\n\n## Tail calls\n\nPython does not optimise tail calls, so very deep recursion raises RecursionError.`,
      ),
    );
    // The last good version may rank for this question too: wait for the fixed text itself.
    latencies.fix = Math.round(
      await waitFor(
        async () =>
          (await retrieve("Does Python optimise tail calls?")).some((hit) => hit.passage.text.includes("does not optimise tail calls")),
        10_000,
        "the fixed lesson",
      ),
    );
    expect(fixture.app.library.problems()).toEqual([]);
    expect((await retrieve("What does memoization cache?")).map((hit) => hit.passage.text).join("\n")).not.toContain(
      "caches the results of earlier calls",
    );
  });

  it("a removed lesson's passages are gone", async () => {
    await rm(lessonFile());
    latencies.remove = Math.round(
      await waitFor(async () => !(await cites("Does Python optimise tail calls?", LESSON)), 10_000, "the lesson to disappear"),
    );
    const passages = (await fixture.app.library.search("python-basics", "recursion base case tail calls memoization", 50)).map(
      (hit) => hit.passage.file,
    );
    expect(passages).not.toContain(LESSON);
    expect(notifier.notices).toHaveLength(1);
  });

  it("a new course folder loads", async () => {
    const dir = path.join(fixture.contentDir, "fractions");
    await mkdir(path.join(dir, "lessons"), { recursive: true });
    await writeFile(
      path.join(dir, "lessons/01-halves.md"),
      "---\ntitle: Halves\nskills: [halves]\n---\n\n# Halves\n\nA half is one of two equal parts of a whole.\n",
    );
    await writeFile(
      path.join(dir, "course.yaml"),
      "id: fractions\ntitle: Fractions\nskills:\n  - id: halves\n    name: Halves\n    description: Split a whole in two.\n",
    );
    latencies.newCourse = Math.round(await waitFor(() => fixture.app.library.course("fractions") !== undefined, 10_000, "the new course"));
    const hits = await fixture.app.library.search("fractions", "What is a half?", 3);
    expect(hits[0]?.passage.file).toBe("lessons/01-halves.md");
  });
});
