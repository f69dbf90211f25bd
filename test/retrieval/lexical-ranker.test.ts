import { describe, expect, it } from "vitest";
import { extractEmphasis } from "../../src/retrieval/indexed-text.js";
import { LexicalRanker } from "../../src/retrieval/lexical-ranker.js";
import type { Passage } from "../../src/retrieval/passage.js";
import { fuseScores } from "../../src/retrieval/rank-fusion.js";
import { slideSentenceWindows, splitSentences } from "../../src/retrieval/sentence-windows.js";
import { tokenizerFor } from "../../src/retrieval/text-terms.js";

const ENGLISH = tokenizerFor("en");
const CHINESE = tokenizerFor("zh-CN");

function passage(id: string, text: string, headingPath: string[] = ["Lesson"]): Passage {
  return { id, courseId: "c", file: `${id}.md`, lessonTitle: "Lesson", headingPath, skills: [], text, startLine: 1, endLine: 1 };
}

describe("sentence windows", () => {
  it("splits at sentence ends and lines, and slides windows of two sentences", () => {
    expect(splitSentences("A loop repeats. It stops when told!\nNext line: e.g. this")).toEqual([
      "A loop repeats.",
      "It stops when told!",
      "Next line: e.g. this",
    ]);
    expect(slideSentenceWindows(["One. Two. Three."], 2).map((w) => w.text)).toEqual(["One. Two.", "Two. Three."]);
    expect(slideSentenceWindows(["Only one."], 2)).toEqual([{ text: "Only one.", sources: [0] }]);
    expect(splitSentences("循环会重复执行。用 break 可以提前结束！为什么？")).toEqual([
      "循环会重复执行。",
      "用 break 可以提前结束！",
      "为什么？",
    ]);
    expect(slideSentenceWindows([""], 2)).toEqual([]);
  });

  it("runs windows on across texts and names both sources of a window that straddles a break", () => {
    expect(slideSentenceWindows(["One. Two.", "Three."], 2)).toEqual([
      { text: "One. Two.", sources: [0] },
      { text: "Two. Three.", sources: [0, 1] },
    ]);
  });
});

describe("extractEmphasis", () => {
  it("finds emphasized terms but not underscores inside names", () => {
    expect(extractEmphasis("A **loop** runs code; *iteration* is one run. Call snake_case_name.")).toBe("loop\niteration");
  });
});

describe("fuseScores", () => {
  it("puts each ranking on 0..1 so only the weights decide", () => {
    const fused = fuseScores(
      [
        new Map([
          ["a", 30],
          ["b", 10],
        ]),
        new Map([
          ["b", 0.8],
          ["c", 0.6],
        ]),
      ],
      [1, 0.5],
    );
    expect(fused.get("a")).toBeCloseTo(1);
    expect(fused.get("b")).toBeCloseTo(0.5);
    expect(fused.get("c")).toBeCloseTo(0);
  });
});

describe("LexicalRanker", () => {
  const filler = "Other matters are discussed here at some length without any bearing on the topic. ".repeat(8);
  it("ranks a passage whose one sentence answers the question above one that spreads the words thin", () => {
    const ranker = new LexicalRanker(
      [
        passage("spread", `The rate matters. ${filler} Learning is a long road. ${filler} Gradients appear.`),
        passage("answer", `${filler} The learning rate scales each gradient step. ${filler}`),
        passage("unrelated", "Strings are sequences of characters."),
      ],
      ENGLISH,
    );
    const hits = ranker.search("What does the learning rate do to a gradient step?", 3);
    expect(hits.map((hit) => hit.doc)).toEqual([1, 0]);
  });

  it("prefers the passage that introduces an emphasized term", () => {
    const ranker = new LexicalRanker(
      [
        passage("mention", "We used broadcasting again to compare the tensors, and then plotted them."),
        passage("definition", "PyTorch uses *broadcasting* to stretch the smaller tensor, and then compares them."),
      ],
      ENGLISH,
    );
    expect(ranker.search("What is broadcasting?", 2)[0]!.doc).toBe(1);
  });

  it("finds Chinese passages by Chinese questions, with English identifiers on either side", () => {
    const ranker = new LexicalRanker(
      [
        passage("loops", "for 循环依次取出列表中的每一个元素。用 break 可以提前结束循环，continue 跳过本次。"),
        passage("dicts", "字典把键映射到值。用 get() 读取一个不存在的键时不会报错，而是返回 None。"),
        passage("strings", "字符串是不可变的：不能修改其中的一个字符，只能创建新的字符串。"),
      ],
      CHINESE,
    );
    expect(ranker.search("怎样提前结束一个循环？", 3)[0]!.doc).toBe(0);
    expect(ranker.search("为什么不能改变字符串里的字符", 3)[0]!.doc).toBe(2);
    // A Chinese question about an English term, and the English term alone.
    expect(ranker.search("get() 是做什么的？", 3)[0]!.doc).toBe(1);
    expect(ranker.search("What does continue do?", 3)[0]!.doc).toBe(0);
  });
});
