import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger.js";
import { CourseLibrary } from "../../src/retrieval/course-library.js";
import { HashingEmbedder } from "../../src/retrieval/hashing-embedder.js";
import { readStoredIndex } from "../../src/retrieval/index-store.js";
import { loadTinyCourse, TINY_MANIFEST, writeTinyCourse } from "../content/tiny-course.js";

const CHINESE_LESSON = `---
title: 循环
skills: [alpha]
---

# 循环

for 循环依次取出列表中的每一个元素，range(3) 给出 0、1、2。

## 提前结束

用 break 可以提前结束循环；continue 只跳过这一次。

## 字典

字典把键映射到值。用 get() 读取不存在的键时返回 None，而不是报错。
`;

const withLanguage = (language: string) => TINY_MANIFEST.replace("title: Tiny course\n", `title: Tiny course\nlanguage: ${language}\n`);

let root: string;
let library: CourseLibrary;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "course-language-"));
  await writeTinyCourse(path.join(root, "content"), { "course.yaml": withLanguage("zh-CN"), "lessons/01-loops.md": CHINESE_LESSON });
  library = await CourseLibrary.open({
    contentDir: path.join(root, "content"),
    dataDir: path.join(root, "data"),
    embedder: new HashingEmbedder(),
    log: silentLogger,
  });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const topHeading = async (question: string) => (await library.search("tiny", question, 1))[0]?.passage.headingPath.at(-1);
const storedTokenizer = async () => (await readStoredIndex(path.join(root, "data", "index", "tiny")))?.manifest.tokenizerId;

describe("a course in Chinese", () => {
  it("is searched with its language's tokenizer: Chinese questions, English terms in Chinese prose and Chinese questions about them", async () => {
    expect(library.course("tiny")?.manifest.language).toBe("zh-CN");
    expect(await topHeading("怎样提前结束一个循环？")).toBe("提前结束");
    expect(await topHeading("读取字典里没有的键会怎样")).toBe("字典");
    expect(await topHeading("get() 有什么用？")).toBe("字典");
    expect(await topHeading("what does continue do")).toBe("提前结束");
    expect(await storedTokenizer()).toBe("text-v2:zh-CN");
  });

  it("is indexed again, never mixed, when its language changes", async () => {
    await writeFile(path.join(root, "content", "tiny", "course.yaml"), withLanguage("en"));
    const report = await library.refreshFolder("tiny", { announce: false });
    expect(report.added).toBe(3);
    expect(await storedTokenizer()).toBe("text-v2:en");
    expect(library.passageCount("tiny")).toBe(3);
    // Restarted on the same data, it keeps the index it built for English.
    const reopened = await CourseLibrary.open({
      contentDir: path.join(root, "content"),
      dataDir: path.join(root, "data"),
      embedder: new HashingEmbedder(),
      log: silentLogger,
    });
    expect(reopened.passageCount("tiny")).toBe(3);
    expect(await storedTokenizer()).toBe("text-v2:en");
  });
});

describe("the course language setting", () => {
  it("defaults to English and is stored in canonical form", async () => {
    const english = await loadTinyCourse();
    const chinese = await loadTinyCourse({ "course.yaml": withLanguage("zh-cn") });
    try {
      expect(english.load.course?.manifest.language).toBe("en");
      expect(chinese.load.course?.manifest.language).toBe("zh-CN");
    } finally {
      await english.close();
      await chinese.close();
    }
  });

  it("must be a BCP 47 tag: anything else names the file, the field and the fix", async () => {
    const course = await loadTinyCourse({ "course.yaml": withLanguage("Chinese (simplified)") });
    try {
      expect(course.load.problems).toEqual([
        expect.objectContaining({ file: "tiny/course.yaml", field: "language", fix: expect.stringContaining("zh-CN") }),
      ]);
    } finally {
      await course.close();
    }
  });
});
