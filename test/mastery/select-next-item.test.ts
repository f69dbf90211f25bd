import { describe, expect, it } from "vitest";
import { predictItemSuccess, selectNextItem, TARGET_SUCCESS } from "../../src/tutor/item-selection.js";
import { messagesFor } from "../../src/tutor/i18n/messages.js";
import { describeChoice } from "../../src/tutor/quiz-text.js";
import { chanceOfSuccess } from "../../src/tutor/learner-state.js";
import { courseOf, learnerStateWith, numericItem } from "./skill-course.js";

/** Two independent roots, each with an easy, a middle and a hard item. */
const course = courseOf(
  [
    { id: "lists", name: "Lists", description: "d", prerequisites: [] },
    { id: "strings", name: "Strings", description: "d", prerequisites: [] },
  ],
  (["lists", "strings"] as const).flatMap((skill) => [
    numericItem(`${skill}-easy`, skill, "beginner"),
    numericItem(`${skill}-mid`, skill, "intermediate"),
    numericItem(`${skill}-hard`, skill, "advanced"),
  ]),
);

const stateWith = (pKnown: Record<string, number>) => learnerStateWith(course, pKnown, 3);

describe("selectNextItem: where learning is most likely", () => {
  it("predicts easier items as likelier to succeed, around the skill's BKT prediction", () => {
    const state = stateWith({ lists: 0.5 });
    const [easy, mid, hard] = course.items.slice(0, 3).map((doc) => predictItemSuccess(state, doc));
    expect(mid).toBeCloseTo(chanceOfSuccess(state, "lists"), 10);
    expect(easy).toBeGreaterThan(mid!);
    expect(hard).toBeLessThan(mid!);
  });

  it("picks the item whose predicted success is nearest the target, by the student's level", () => {
    for (const [p, expected] of [
      [0.05, "easy"],
      [0.72, "mid"],
      [0.9, "hard"],
    ] as const) {
      const state = stateWith({ lists: p, strings: p });
      const choice = selectNextItem(course, state, [])!;
      const candidates = course.items.map((doc) => Math.abs(predictItemSuccess(state, doc) - TARGET_SUCCESS));
      expect(choice.item.item.id, `p=${p}`).toBe(`lists-${expected}`);
      expect(Math.abs(choice.chance - TARGET_SUCCESS)).toBeCloseTo(Math.min(...candidates), 10);
    }
  });

  it("interleaves skills and does not repeat the item just asked", () => {
    const state = stateWith({ lists: 0.6, strings: 0.6 });
    const sequence: string[] = [];
    for (let i = 0; i < 6; i++) sequence.unshift(selectNextItem(course, state, sequence)!.item.item.id);
    sequence.reverse();
    for (let i = 1; i < sequence.length; i++) expect(sequence[i], sequence.join(" ")).not.toBe(sequence[i - 1]);
    const skills = sequence.map((id) => id.split("-")[0]);
    expect(new Set(skills).size).toBe(2);
    expect(skills.slice(0, 2)).toEqual(["lists", "strings"]);
  });

  it("still honours a requested skill, with the best item of that skill", () => {
    const choice = selectNextItem(course, stateWith({ lists: 0.6, strings: 0.05 }), ["strings-easy"], "strings")!;
    expect(choice.item.item.skill).toBe("strings");
    expect(choice.reason).toBe("requested");
  });

  it("says why: the skill, and the chance of success", () => {
    const ready = selectNextItem(course, stateWith({ lists: 0.6, strings: 0.6 }), [])!;
    expect(ready.reason).toBe("ready");
    expect(describeChoice(ready, "Lists", messagesFor("en"))).toMatch(
      /^Next up: Lists — you are ready for it \(about \d+% likely to get it right/,
    );
    expect(describeChoice(ready, "列表", messagesFor("zh-CN"))).toMatch(/^接下来：列表——你已经准备好了（答对的可能性约为 \d+%/);
    expect(selectNextItem(course, stateWith({ lists: 0.99, strings: 0.97 }), [])!.reason).toBe("all-mastered");
  });
});
