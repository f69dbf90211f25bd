import { describe, expect, it } from "vitest";
import { decodeViews, joinSpelledRuns, rot13 } from "../../src/tutor/leak-guard/decode-views.js";
import { ReplyShape } from "../../src/tutor/leak-guard/reply-shape.js";
import { contentWords, foldText, wordView } from "../../src/tutor/leak-guard/fold-text.js";
import { spellNumber } from "../../src/tutor/leak-guard/number-words.js";

describe("foldText", () => {
  it("removes zero-width characters, folds full-width and Cyrillic/Greek look-alikes, drops accents", () => {
    expect(foldText("2\u200B8")).toBe("28");
    expect(foldText("２８")).toBe("28");
    expect(foldText("Тhе аnswеr is С")).toBe("The answer is C");
    expect(foldText("Β")).toBe("B");
    expect(foldText("veintiséis")).toBe("veintiseis");
    expect(foldText("dreißig")).toBe("dreissig");
  });

  it("keeps case, so a choice letter and a variable stay apart", () => {
    expect(foldText("B and b")).toBe("B and b");
  });

  it("wordView and contentWords give lower-case words without stop words, crudely stemmed", () => {
    expect(wordView("The `print()` call, printed!")).toBe("the print call printed");
    expect(contentWords("The loop prints the values")).toEqual(["loop", "print", "valu"]);
  });
});

describe("spellNumber", () => {
  it("spells English, Spanish, French and German forms", () => {
    expect(spellNumber(28)).toEqual(expect.arrayContaining(["twenty eight", "veintiocho", "vingt huit", "achtundzwanzig"]));
    expect(spellNumber(5)).toEqual(expect.arrayContaining(["five", "cinco", "cinq", "funf", "fuenf"]));
    expect(spellNumber(129)).toEqual(expect.arrayContaining(["one hundred twenty nine", "one hundred and twenty nine"]));
    expect(spellNumber(81)).toEqual(expect.arrayContaining(["eighty one", "ochenta y uno", "quatre vingt un", "einundachtzig"]));
    expect(spellNumber(-2)).toEqual(expect.arrayContaining(["minus two"]));
  });

  it("has no forms for fractions or large numbers", () => {
    expect(spellNumber(4.5)).toEqual([]);
    expect(spellNumber(5000)).toEqual([]);
  });
});

describe("ReplyShape", () => {
  it("reads the initials of lines and sentences and the choice-letter lines, fed in any pieces", () => {
    const text = "1. Fun stuff\n> Is it? Very much. Easy.\n\nB) 14\nzzz";
    for (const cuts of [
      [text.length],
      [3, 9, 17, 30],
      [
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
        36, 37, 38, 39,
      ],
    ]) {
      const shape = new ReplyShape();
      let from = 0;
      for (const cut of cuts) {
        shape.feed(text.slice(from, cut));
        from = cut;
      }
      expect(shape.peek(text.slice(from))).toEqual({
        lineInitials: "FIBz",
        lines: 4,
        sentenceInitials: "1FVEB",
        sentences: 5,
        choiceLines: "B",
      });
    }
  });
});

describe("decodeViews", () => {
  const decoded = (text: string) => decodeViews(text).map((view) => `${view.how}:${view.text}`);

  it("decodes base64, hex, binary and octal tokens", () => {
    expect(decoded("Mjg=")).toContain("base64:28");
    expect(decoded("VGhlIGFuc3dlciBpcyAyOA==")).toContain("base64:The answer is 28");
    expect(decoded("0x1c")).toContain("hex:28");
    expect(decoded("32 38")).toContain("hex-bytes:28");
    expect(decoded("0b11100")).toContain("binary:28");
    expect(decoded("in binary: 11100")).toContain("binary:28");
    expect(decoded("00110010 00111000")).toContain("binary-bytes:28");
    expect(decoded("0o34")).toContain("octal:28");
  });

  it("reads bare digits as another base only when the text names that base", () => {
    expect(decoded("about 11100 people")).not.toContain("binary:28");
    expect(decoded("base 16: 1c")).toContain("hex:28");
  });

  it("gives the whole text reversed, in rot13, and spelled runs joined", () => {
    expect(decoded("82 si ti")).toContain("reversed:it is 28");
    expect(rot13("svir")).toBe("five");
    expect(joinSpelledRuns("F - I - V - E and 2 8")).toBe("FIVE and 28");
  });

  it("does not decode ordinary words as base64", () => {
    expect(decoded("This loop runs four times").filter((view) => view.startsWith("base64"))).toEqual([]);
  });
});
