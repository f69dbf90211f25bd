import { describe, expect, it } from "vitest";
import { HashingEmbedder } from "../../src/retrieval/hashing-embedder.js";
import { tokenizerFor } from "../../src/retrieval/text-terms.js";

const dot = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i]!, 0);

describe("HashingEmbedder", () => {
  const embedder = new HashingEmbedder();

  it("returns unit vectors of its dimension, identical across instances", async () => {
    const [a, b] = await embedder.embed(["A for loop walks over a list.", ""]);
    const [again] = await new HashingEmbedder().embed(["A for loop walks over a list."]);
    expect(a).toHaveLength(512);
    expect(dot(a!, a!)).toBeCloseTo(1, 6);
    expect(dot(b!, b!)).toBeCloseTo(1, 6);
    expect(again).toEqual(a);
  });

  it("puts texts on the same topic closer than texts on different topics", async () => {
    const [query, loops, sql] = await embedder.embed([
      "how do I loop over the items of a list",
      "Looping over a list: the for statement visits each item of the list in turn.",
      "A SQL join combines rows from two tables by matching a key column.",
    ]);
    expect(dot(query!, loops!)).toBeGreaterThan(dot(query!, sql!) + 0.1);
  });

  it("reads a course's language with its tokenizer: Chinese texts on one topic are close", async () => {
    const chinese = embedder.withTokenizer(tokenizerFor("zh-CN"));
    const [query, loops, sql] = await chinese.embed([
      "怎样用循环遍历列表里的元素",
      "for 循环依次遍历列表中的每一个元素。",
      "SQL 的连接操作按照键把两张表的行组合起来。",
    ]);
    expect(dot(query!, loops!)).toBeGreaterThan(dot(query!, sql!) + 0.1);
    expect(chinese.id).toBe(embedder.id);
  });

  it("stays close to the original despite a typo, thanks to character n-grams", async () => {
    const [right, typo, other] = await embedder.embed(["gradient descent", "gradiant descent", "pandas dataframe"]);
    expect(dot(right!, typo!)).toBeGreaterThan(dot(right!, other!) + 0.2);
  });

  it("names its settings in its id so indexes from different settings never mix", () => {
    expect(embedder.id).toBe("builtin:hash-v1");
    expect(new HashingEmbedder({ dimensions: 256 }).id).not.toBe(embedder.id);
  });
});
