import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMasteryCli } from "../../src/cli/mastery.js";
import { updateKnowledge } from "../../src/tutor/mastery/bkt.js";
import { messagesFor } from "../../src/tutor/i18n/messages.js";
import { onlyMessage } from "../tutor/turns.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";
import { simulateSequences } from "./simulate.js";
import { COURSE, idOf, quizAndAnswer, say } from "./tutor-quiz-helpers.js";

const { percent } = messagesFor("en");

describe("`npm run mastery -- fit` changes what the running tutor believes", () => {
  let fixture: TutorFixture;
  beforeAll(async () => {
    fixture = await createTutorFixture();
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("uses the fitted prior and rates for the next student, from the next turn on", async () => {
    // Past students who mostly knew values-and-types already: a prior far from the default 20%.
    let at = 1;
    for (const [s, sequence] of simulateSequences({ prior: 0.7, learn: 0.3, guess: 0.1, slip: 0.05, forget: 0 }, 150, 6, 21).entries()) {
      for (const correct of sequence) {
        await fixture.store.recordAttempt(
          {
            courseId: COURSE,
            studentId: idOf(`past-${s}`),
            skillId: "values-and-types",
            itemId: "type-of-quoted-number",
            correct: correct === 1,
            answer: "C",
            hintsUsed: 0,
            at: at++,
          },
          0.5,
        );
      }
    }
    const before = onlyMessage(await say(fixture, "fresh", "/why values and types")).text;
    expect(before).toContain("**Why 20% for Values and types?**");

    const out: string[] = [];
    const code = await runMasteryCli(["fit", "--course", COURSE], {
      out: (line) => out.push(line),
      err: (line) => out.push(line),
      env: { TUTOR_DATA_DIR: fixture.dataDir, TUTOR_CONTENT_DIR: fixture.contentDir },
      cwd: fixture.dataDir,
    });
    expect(out.join("\n")).toMatch(/values-and-types .* fitted/);
    expect(code).toBe(0);
    const fitted = (await fixture.store.getSkillParams(COURSE)).get("values-and-types")!;
    expect(fitted.prior).toBeGreaterThan(0.5);

    const after = onlyMessage(await say(fixture, "fresh", "/why values and types")).text;
    expect(after).toContain(`**Why ${percent(fitted.prior)} for Values and types?**`);
    expect(after).toContain("learned from past students' answers");

    // The update after an answer uses the fitted guess, slip and learn rates too.
    const graded = onlyMessage(await quizAndAnswer(fixture, "fresh", "values-and-types", true)).text;
    expect(graded).toContain(
      `Mastery of Values and types: ${percent(fitted.prior)} → ${percent(updateKnowledge(fitted.prior, true, fitted))}.`,
    );
  });
});
