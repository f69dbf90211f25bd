import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCourse } from "../../src/retrieval/content/load-course.js";
import type { MultipleChoiceItem } from "../../src/retrieval/content/schema.js";
import { englishFragments } from "../support/english-fragments.js";
import { runTutor } from "../support/run-tutor.js";
import { SAMPLE_CONTENT_DIR } from "../support/tutor-fixture.js";

const COURSE = "python-intro-zh";

/** The first item a new student is given: the first beginner item of the course's root skill (deterministic). */
async function firstItem(): Promise<{ item: MultipleChoiceItem; skillName: string }> {
  const load = await loadCourse(path.join(SAMPLE_CONTENT_DIR, COURSE), SAMPLE_CONTENT_DIR);
  const root = load.course!.manifest.skills.find((skill) => skill.prerequisites.length === 0)!;
  const item = load.course!.items.find((doc) => doc.item.skill === root.id && doc.item.difficulty === "beginner")!.item;
  if (item.type !== "multiple_choice") throw new Error(`expected a multiple-choice first item, got ${item.type}`);
  return { item, skillName: root.name };
}

describe("a whole terminal session on the Chinese sample course, with Ollama down", () => {
  let dir: string;
  let out: string;
  let first: Awaited<ReturnType<typeof firstItem>>;
  let wrong: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tutor-terminal-zh-"));
    const config = path.join(dir, "tutor.config.yaml");
    await writeFile(config, "");
    first = await firstItem();
    wrong = first.item.answer === "A" ? "B" : "A";
    // Port 9 (discard) is privileged: nothing listens there, so the tutor runs in retrieval-only mode.
    const run = await runTutor(
      {
        TUTOR_DATA_DIR: path.join(dir, "data"),
        TUTOR_CONTENT_DIR: SAMPLE_CONTENT_DIR,
        TUTOR_CONFIG: config,
        TUTOR_DEFAULT_COURSE: COURSE,
        OLLAMA_HOST: "http://127.0.0.1:9",
      },
      ["什么是变量？", "/quiz", wrong, "提示", "我的进度"],
    );
    expect(run.code, run.stderr).toBe(0);
    out = run.stdout;
  }, 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("answers the question with cited course passages, saying once in Chinese why", () => {
    expect(out.match(/我现在无法连接到语言模型/g)).toHaveLength(1);
    expect(out).toContain("Ollama 在 http://127.0.0.1:9 没有响应。请用 `ollama serve` 启动它。");
    expect(out).toContain("课程中是这样说的：");
    expect(out).toMatch(/\*\*\[1\] .+\(lessons\/01-types-and-variables\.md:\d+-\d+\)\*\*/);
    expect(out).toMatch(/来源：\n {2}- .+ \(lessons\/\d\d-[a-z-]+\.md:\d+-\d+\)/);
  });

  it("asks a quiz question, grades a wrong answer and gives a hint, in Chinese", () => {
    expect(out).toContain(`**题目** · ${first.skillName}`);
    expect(out).toContain(first.item.prompt.trim());
    expect(out).toContain("请选择一个字母。");
    expect(out).toContain(`❌ 还不太对。${wrong} 不对。`);
    expect(out).toMatch(new RegExp(`${first.skillName}的掌握程度：\\d+% → \\d+%。`));
    expect(out).toContain(`(提示: /hint · 放弃: /giveup`);
    expect(out).toContain(`💡 提示 1/${first.item.hints.length}：${first.item.hints[0]}`);
  });

  it("shows progress in Chinese for the plain words 我的进度, and saves the chart", () => {
    expect(out).toContain("**你在《Python 入门》中的进度**");
    expect(out).toMatch(new RegExp(`\\d+% ${first.skillName} — 答对 0/1，最近 ✗`));
    expect(out).toMatch(/已掌握：\d+ 项技能中的 0 项（掌握指 ≥ 95%）。/);
    expect(out).toContain("尚未练习");
    expect(out).toMatch(/📎 你每项技能的掌握程度：.+已保存到 .+mastery\.png/);
  });

  it("writes none of the tutor's own English sentences", () => {
    const fragments = englishFragments();
    expect(fragments.length).toBeGreaterThan(100);
    expect(fragments.filter((fragment) => out.includes(fragment))).toEqual([]);
  });
});
