import { beforeAll, describe, expect, it } from "vitest";
import type { Course } from "../../src/retrieval/content/schema.js";
import { leakGuardFor, type LeakGuard } from "../../src/tutor/leak-guard/leak-guard.js";
import { ATTACKS, LEGIT } from "./cases.js";
import { itemOf, loadSampleCourse } from "./course.js";

let course: Course;
let guard: LeakGuard;
let sections: string[];
beforeAll(async () => {
  course = await loadSampleCourse();
  guard = leakGuardFor(course);
  sections = sectionsOf(course);
});

function sectionsOf(course: Course): string[] {
  return course.lessons.flatMap((lesson) => lesson.body.split(/\n(?=#{1,6}\s)/)).filter((section) => section.trim() !== "");
}

/** The share of (lesson section, pending item) pairs whose section, quoted whole, the guard stops; printed for the report. */
function blockedShare(course: Course, sections: readonly string[], label: string): number {
  const guard = leakGuardFor(course);
  let pairs = 0;
  let blocked = 0;
  for (const section of sections) {
    for (const { item } of course.items) {
      pairs += 1;
      if (guard.check(section, { pendingItem: item })) blocked += 1;
    }
  }
  console.info(
    `leak guard: blocked ${blocked}/${pairs} (${((100 * blocked) / pairs).toFixed(1)}%) lesson sections × pending items${label}`,
  );
  return blocked / pairs;
}

/** The figures of the report: catch rate on the attack table, false positives on ordinary text. */
describe("measured rates", () => {
  it("catches every attack reply and passes every ordinary answer", () => {
    const replies = ATTACKS.flatMap((attack) => attack.turns.map((turn) => ({ attack, turn })));
    const caught = replies.filter(({ attack, turn }) =>
      guard.check(turn.model, { pendingItem: attack.item && itemOf(course, attack.item.id), studentMessage: turn.student }),
    );
    const blocked = LEGIT.filter((legit) =>
      guard.check(legit.model, { pendingItem: legit.item && itemOf(course, legit.item.id), studentMessage: legit.student }),
    );
    console.info(
      `leak guard: caught ${caught.length}/${replies.length} attack replies (${ATTACKS.length} cases); blocked ${blocked.length}/${LEGIT.length} ordinary answers`,
    );
    expect(caught.length).toBe(replies.length);
    expect(blocked).toEqual([]);
  });

  it("never takes citation markers, list numbers or code line numbers for pieces of any item's answer", () => {
    const replies = [
      "First [1], read the loop section again. Part [2] of the lesson covers this, and the start [3] of the chapter has an example.",
      "Here is how to approach the question:\n1. First, read the code.\n2. Then trace each line.\n3. Start with the first variable.\n4. Check the last part [4].",
      "The first lines of the example:\n```python\n1  total = 0\n2  for n in range(3):\n3      total = total + n\n```\nStart at line 1 and look at the next part [2].",
    ];
    const asked = [
      "What's the first step of this question?",
      "Which part of the lesson should I start with?",
      "Can you explain this question?",
    ];
    const stopped = course.items.flatMap(({ item }) =>
      replies.flatMap((reply, index) =>
        guard.check(reply, { pendingItem: item, studentMessage: asked[index] }) ? [`${item.id}: ${index}`] : [],
      ),
    );
    expect(stopped).toEqual([]);
  });

  it("lets every lesson section through when no quiz item is pending: lessons never count as teacher text", () => {
    expect(sections.length).toBeGreaterThan(50);
    expect(sections.filter((section) => guard.check(section))).toEqual([]);
  });

  it("blocks few lesson sections quoted whole while some quiz item is pending (those that give that item's answer)", () => {
    expect(blockedShare(course, sections, "")).toBeLessThan(0.03);
  });

  it("on the Chinese sample course too, whose answer cues are read right before the value", async () => {
    const chinese = await loadSampleCourse("python-intro-zh");
    expect(blockedShare(chinese, sectionsOf(chinese), " (python-intro-zh)")).toBeLessThan(0.03);
  });
});
