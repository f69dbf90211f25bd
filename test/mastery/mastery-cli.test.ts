import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runMasteryCli } from "../../src/cli/mastery.js";
import { DEFAULT_BKT_PARAMS } from "../../src/tutor/mastery/bkt.js";
import { MODEL_NAMES } from "../../src/tutor/mastery/evaluate.js";
import { fitFromAttempts } from "../../src/tutor/mastery/fit-from-attempts.js";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";
import { simulateSequences } from "./simulate.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "mastery-cli-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runMasteryCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env, cwd: dir });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Two skills simulated from BKT with forgetting, each student answering both, interleaved. */
function writeAttempts(file: string, students: number, seed: number, delimiter = ","): void {
  const params = { prior: 0.3, learn: 0.2, guess: 0.2, slip: 0.1, forget: 0.05 };
  const a = simulateSequences(params, students, 10, seed);
  const b = simulateSequences({ ...params, prior: 0.6 }, students, 10, seed + 1);
  const lines = [["user_id", "skill_name", "correct"].join(delimiter)];
  for (let s = 0; s < students; s++) {
    for (let t = 0; t < 10; t++)
      lines.push([`u${s}`, "alpha", a[s]![t]].join(delimiter), [`u${s}`, '"beta, two"', b[s]![t]].join(delimiter));
  }
  writeFileSync(file, `${lines.join("\n")}\n`);
}

describe("mastery eval", () => {
  it("prints one JSON object with every model's AUC, RMSE and log-loss", async () => {
    writeAttempts(path.join(dir, "train.csv"), 200, 1);
    writeAttempts(path.join(dir, "test.tsv"), 60, 50, "\t");
    const { code, out, err } = await run(["eval", "--train", path.join(dir, "train.csv"), "--test", path.join(dir, "test.tsv"), "--json"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(Object.keys(result.models).sort()).toEqual([...MODEL_NAMES].sort());
    for (const name of MODEL_NAMES) {
      const { auc, rmse, logLoss } = result.models[name];
      expect(auc).toBeGreaterThan(0.5);
      expect(auc).toBeLessThanOrEqual(1);
      expect(rmse).toBeGreaterThan(0);
      expect(logLoss).toBeGreaterThan(0);
    }
    expect(result.fitSeconds).toBeGreaterThanOrEqual(0);
    expect(result.trainRows).toBe(4000);
    expect(result.testRows).toBe(1200);
    expect(result.skillsFitted).toEqual({ bkt: 2, bktForgetting: 2, total: 2 });
  });

  it("prints a table naming each model", async () => {
    writeAttempts(path.join(dir, "a.csv"), 50, 3);
    const { code, out } = await run(["eval", "--train", path.join(dir, "a.csv"), "--test", path.join(dir, "a.csv")]);
    expect(code).toBe(0);
    for (const name of MODEL_NAMES) expect(out).toMatch(new RegExp(`^${name.replace("+", "\\+")}\\s+0\\.\\d{4}`, "m"));
    expect(out).toMatch(/fit \d+\.\d\d s/);
  });

  it("names a missing file and a missing column", async () => {
    writeAttempts(path.join(dir, "a.csv"), 5, 3);
    const missing = await run(["eval", "--train", path.join(dir, "nope.csv"), "--test", path.join(dir, "a.csv")]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(`File not found: ${path.join(dir, "nope.csv")}`);
    const column = await run(["eval", "--train", path.join(dir, "a.csv"), "--test", path.join(dir, "a.csv"), "--skill", "kc"]);
    expect(column.code).toBe(1);
    expect(column.err).toContain('no column "kc" (for the skill). The header has: user_id, skill_name, correct.');
  });

  it("explains usage for a missing argument or an unknown command", async () => {
    expect((await run(["eval", "--train", "x.csv"])).err).toMatch(/needs --train and --test/);
    expect((await run(["bogus"])).code).toBe(2);
    const bounds = await run(["eval", "--train", "a.csv", "--test", "a.csv", "--max-guess", "0.9"]);
    expect(bounds.err).toMatch(/--max-guess and --max-slip must be numbers between 0 and 0.5/);
  });
});

describe("mastery fit", () => {
  it("fits skills with enough attempts from the store, saves them, and keeps defaults for the rest", async () => {
    const dataDir = path.join(dir, "data");
    const store = new SqliteProfileStore(path.join(dataDir, "tutor.db"));
    const params = { prior: 0.3, learn: 0.2, guess: 0.15, slip: 0.1, forget: 0 };
    let at = 0;
    for (const [s, sequence] of simulateSequences(params, 100, 8, 4).entries()) {
      for (const correct of sequence) {
        await store.recordAttempt(
          {
            courseId: "py",
            studentId: `s${s}`,
            skillId: "loops",
            itemId: "q1",
            correct: correct === 1,
            answer: "",
            hintsUsed: 0,
            at: at++,
          },
          0.5,
        );
      }
    }
    await store.recordAttempt(
      { courseId: "py", studentId: "s1", skillId: "rare", itemId: "q2", correct: true, answer: "", hintsUsed: 0, at: at++ },
      0.5,
    );
    await store.close();

    const { code, out, err } = await run(["fit", "--course", "py", "--min-attempts", "20"], { TUTOR_DATA_DIR: dataDir });
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toMatch(/course py: 801 attempts, 2 skills/);
    expect(out).toMatch(/loops .* 800 {2}fitted/);
    expect(out).toMatch(/rare .* defaults kept: 1 attempts, needs 20/);

    const reopened = new SqliteProfileStore(path.join(dataDir, "tutor.db"));
    const saved = await reopened.getSkillParams("py");
    const expected = fitFromAttempts(await reopened.listAttempts({ courseId: "py" }), { minAttempts: 20 }).get("loops")!;
    await reopened.close();
    expect([...saved.keys()]).toEqual(["loops"]);
    expect(saved.get("loops")).toEqual(expected.params);
    expect(expected.params).not.toEqual(DEFAULT_BKT_PARAMS);
  });

  it("says so when there are no attempts", async () => {
    const dataDir = path.join(dir, "data");
    await new SqliteProfileStore(path.join(dataDir, "tutor.db")).close();
    const { code, err } = await run(["fit", "--course", "none"], { TUTOR_DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(err).toBe('No attempts recorded for course "none".');
  });
});
