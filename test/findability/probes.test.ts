import { describe, expect, it } from "vitest";
import {
  askAboutDefinition,
  askAboutHeading,
  askAboutKeyTerms,
  extractProse,
  makeProbeQuestions,
  stripInline,
} from "../../src/retrieval/findability-probes.js";

describe("probe questions from a section, without a model", () => {
  it("asks what the heading is, or keeps a heading that is already a question", () => {
    expect(askAboutHeading("The while loop")).toBe("What is the while loop?");
    expect(askAboutHeading("How do I stop a loop?")).toBe("How do I stop a loop?");
    expect(askAboutHeading("`range()`")).toBe("What is `range()`?");
    expect(askAboutHeading("!!!")).toBeUndefined();
  });

  it("turns the first defining sentence into a question about its subject", () => {
    expect(askAboutDefinition("Some intro text here.\n\nA **tuple** is a list that cannot change. It uses brackets.")).toBe(
      "What is a tuple?",
    );
    expect(askAboutDefinition("Dictionaries are collections of key-value pairs.")).toBe("What are dictionaries?");
    expect(askAboutDefinition("Indentation means the spaces at the start of a line.")).toBe("What does indentation mean?");
  });

  it("skips clauses that are not terms and falls back to the first bold term", () => {
    expect(askAboutDefinition("Because lists are mutable, you can change them. An **iteration** runs the block once.")).toBe(
      "What is iteration?",
    );
    expect(askAboutDefinition("Nothing defines anything here, truly.")).toBeUndefined();
  });

  it("asks about the most frequent content words that are not already in the heading", () => {
    const prose = "A slice copies part of a list. The start index is included; the stop index is excluded. Start and stop may be negative.";
    expect(askAboutKeyTerms(prose, "Slicing lists")).toBe("How do start, index and stop relate?");
    expect(askAboutKeyTerms("Loops loops.", "Loops")).toBeUndefined();
  });

  it("counts two-character Chinese words as key terms, not only the English words among them", () => {
    const prose = "列表可以保存多个元素。列表的元素可以修改。用 print 输出元素，用下标读取元素，下标从 0 开始；下标越界会报错。";
    expect(askAboutKeyTerms(prose, "列表")).toMatch(/^How do 元素, 下标 and .+ relate\?$/);
  });

  it("reads only prose: no code fences, tables, headings; inline marks stripped", () => {
    const md =
      "## Title\n\nText with `code` and **bold** and a [link](http://x).\n\n```python\nx = 1 is not prose\n```\n\n| a | b |\n|---|---|\n\n- a bullet";
    expect(extractProse(md)).toBe("Text with `code` and **bold** and a [link](http://x).\n\na bullet");
    expect(stripInline("Text with `code` and **bold** and a [link](http://x).")).toBe("Text with code and bold and a link.");
  });

  it("makes up to three distinct questions per section", () => {
    const probes = makeProbeQuestions({
      lessonTitle: "Loops",
      headingPath: ["Loops", "The while loop"],
      text: "## The while loop\n\nA **while loop** repeats a block while its condition stays true. The condition is checked before each repetition.\n\n```python\nwhile x:\n    pass\n```",
    });
    expect(probes).toEqual(["What is the while loop?", "What is while loop?", "How do condition, repeats and block relate?"]);
  });
});

describe("probe questions for a Chinese course, in Chinese", () => {
  it("asks what the heading is, or keeps a heading that is already a question", () => {
    expect(askAboutHeading("列表", "zh-CN")).toBe("什么是列表？");
    expect(askAboutHeading("如何退出循环？", "zh-CN")).toBe("如何退出循环？");
    expect(askAboutHeading("为什么要缩进", "zh-CN")).toBe("为什么要缩进？");
  });

  it("turns the first defining sentence into a question about its subject, skipping clauses", () => {
    expect(askAboutDefinition("这是一个例子。**变量**是指向一个值的名字。", "zh-CN")).toBe("什么是变量？");
    expect(askAboutDefinition("但是它可以修改。所谓列表，就是有顺序的一组值。", "zh-CN")).toBe("什么是列表？");
    expect(askAboutDefinition("如果 x 是 0，就什么也不打印。", "zh-CN")).toBeUndefined();
    expect(askAboutDefinition("我们常用 **字典** 保存成对的数据。", "zh-CN")).toBe("什么是字典？");
  });

  it("asks how the key terms relate, in Chinese", () => {
    const prose = "列表可以保存多个元素。列表的元素可以修改。用 print 输出元素，用下标读取元素，下标从 0 开始；下标越界会报错。";
    expect(askAboutKeyTerms(prose, "列表", "zh-CN")).toMatch(/^元素、下标和.+有什么关系？$/);
  });

  it("makes Chinese questions for a section of a Chinese lesson, and English ones for the same words in an English course", () => {
    const section = {
      lessonTitle: "循环",
      headingPath: ["循环", "while 循环"],
      text: "## while 循环\n\n**while 循环** 是在条件成立时重复执行的代码块。每次重复之前都会检查条件。",
    };
    const chinese = makeProbeQuestions(section, "zh-CN");
    expect(chinese[0]).toBe("什么是 while 循环？");
    expect(chinese.every((question) => /？$/.test(question) && !/What|How/.test(question))).toBe(true);
    expect(makeProbeQuestions(section, "en")[0]).toBe("What is while 循环?");
  });
});
