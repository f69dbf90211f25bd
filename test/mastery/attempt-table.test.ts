import { describe, expect, it } from "vitest";
import { readAttemptTable, type AttemptTable } from "../../src/tutor/mastery/attempt-table.js";
import { detectDelimiter, forEachRecord } from "../../src/tutor/mastery/delimited-text.js";

function read(text: string, mapping = {}): AttemptTable {
  const result = readAttemptTable(text, mapping, "answers.csv");
  if (!result.ok) throw new Error(result.error);
  return result.table;
}

function records(text: string, delimiter = ","): string[][] {
  const all: string[][] = [];
  forEachRecord(text, delimiter, (fields) => all.push([...fields]));
  return all;
}

describe("delimited text", () => {
  it("detects the delimiter from the header, ignoring quoted ones", () => {
    expect(detectDelimiter("user_id,skill_name,correct")).toBe(",");
    expect(detectDelimiter("user_id\tskill_name\tcorrect")).toBe("\t");
    expect(detectDelimiter('"a,b,c"\tskill\tcorrect')).toBe("\t");
    expect(detectDelimiter("a;b;c")).toBe(";");
  });

  it("reads quoted fields with delimiters, doubled quotes and line breaks; CRLF and blank lines", () => {
    const text = 'a,b\r\n"x, y","say ""hi"""\r\n\r\n"two\nlines",\n';
    expect(records(text)).toEqual([
      ["a", "b"],
      ["x, y", 'say "hi"'],
      ["two\nlines", ""],
    ]);
  });

  it("rejects an unclosed quote", () => {
    expect(() => records('a,b\n"oops,1\n')).toThrow(/Unclosed quote.*line 2/);
  });
});

describe("readAttemptTable", () => {
  it("maps the default columns in any order and interns names", () => {
    const table = read("correct,skill_name,user_id\n1,add,s1\n0,sub,s2\n1,add,s2\n");
    expect(table.rows).toBe(3);
    expect(Array.from(table.correct)).toEqual([1, 0, 1]);
    expect(table.skillNames).toEqual(["add", "sub"]);
    expect(Array.from(table.skill)).toEqual([0, 1, 0]);
    expect(Array.from(table.student)).toEqual([0, 1, 1]);
    expect(table.studentCount).toBe(2);
    // Without an item column, the skill is the item.
    expect(table.itemNames).toEqual(["add", "sub"]);
  });

  it("reads TSV with custom column names and quoted skills holding the delimiter", () => {
    const table = read('who\twhat\tok\tq\n7\t"fractions\tdecimals"\ttrue\titem-1\n', {
      student: "who",
      skill: "what",
      correct: "ok",
      item: "q",
    });
    expect(table.skillNames).toEqual(["fractions\tdecimals"]);
    expect(table.itemNames).toEqual(["item-1"]);
    expect(Array.from(table.correct)).toEqual([1]);
  });

  it("orders by the time column, keeping file order on ties", () => {
    const csv = "user_id,skill_name,correct,t\nA,s1,1,30\nA,s2,0,10\nA,s3,1,10\nB,s1,0,2020-01-01T00:00:00Z\n";
    const table = read(csv, { time: "t" });
    expect(table.skillNames.length).toBe(3);
    const order = Array.from(table.skill, (k) => table.skillNames[k]);
    // Numeric times 10, 10, 30 for A; B's date is far larger than 30.
    expect(order).toEqual(["s2", "s3", "s1", "s1"]);
    expect(Array.from(table.correct)).toEqual([0, 1, 1, 0]);
  });

  it("names a missing column and lists the header's columns", () => {
    const result = readAttemptTable("user,skill_name,correct\n1,a,1\n", {}, "train.csv");
    expect(result).toEqual({
      ok: false,
      error: 'train.csv: no column "user_id" (for the student). The header has: user, skill_name, correct.',
    });
  });

  it("says which line has a bad correctness value or time", () => {
    const bad = readAttemptTable("user_id,skill_name,correct\n1,a,1\n1,a,maybe\n", {}, "x.csv");
    expect(bad).toEqual({ ok: false, error: 'x.csv line 3: column "correct" should be 0 or 1, got "maybe".' });
    const badTime = readAttemptTable("user_id,skill_name,correct,t\n1,a,1,soon\n", { time: "t" }, "x.csv");
    expect(badTime.ok).toBe(false);
    expect(!badTime.ok && badTime.error).toMatch(/line 2: column "t" is not a number or a date/);
  });

  it("rejects an empty file", () => {
    expect(readAttemptTable("", {}, "empty.csv")).toEqual({ ok: false, error: "empty.csv is empty: expected a header line." });
  });
});
