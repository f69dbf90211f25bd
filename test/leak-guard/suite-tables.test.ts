import { beforeAll, describe, expect, it } from "vitest";
import type { Course } from "../../src/retrieval/content/schema.js";
import { leakGuardFor, type LeakGuard } from "../../src/tutor/leak-guard/leak-guard.js";
import { ATTACKS, LEGIT } from "./cases.js";
import { itemOf, loadSampleCourse } from "./course.js";

let course: Course;
let guard: LeakGuard;
beforeAll(async () => {
  course = await loadSampleCourse();
  guard = leakGuardFor(course);
});

describe("the guard on the attack table (every compliant reply is caught)", () => {
  for (const attack of ATTACKS) {
    it(attack.name, () => {
      for (const turn of attack.turns) {
        const leak = guard.check(turn.model, { pendingItem: attack.item && itemOf(course, attack.item.id), studentMessage: turn.student });
        expect(leak, turn.model).toBeDefined();
      }
    });
  }
});

describe("the guard on ordinary answers (none is touched)", () => {
  for (const legit of LEGIT) {
    it(legit.student, () => {
      expect(
        guard.check(legit.model, { pendingItem: legit.item && itemOf(course, legit.item.id), studentMessage: legit.student }),
      ).toBeUndefined();
    });
  }
});
