import type { z } from "zod";

/** One thing wrong with a content file, said so that a teacher can fix it. */
export interface ContentProblem {
  /** Path as the teacher knows it, relative to the content folder: `python-basics/quizzes/loops.yaml`. */
  file: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  line: number;
  /** In a converted document, the page or slide: "p. 4", "slide 9". */
  place?: string;
  /** Where in the file's data, e.g. `items[3].answer`; empty for whole-file problems. */
  field: string;
  message: string;
  fix: string;
}

export function formatProblem(problem: ContentProblem): string {
  const where = problem.place ? `${problem.file}:${problem.place}` : problem.line > 0 ? `${problem.file}:${problem.line}` : problem.file;
  const field = problem.field ? ` ${problem.field}:` : "";
  return `${where}:${field} ${problem.message}. Fix: ${problem.fix}`;
}

export function formatFieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === "number") return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, "");
}

/** A fix for each kind of schema violation, in words for a teacher rather than a programmer. */
export function suggestFix(issue: z.core.$ZodIssue): string {
  const field = String(issue.path.at(-1) ?? "value");
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return `add the field \`${field}\``;
      return `write \`${field}\` as ${describeType(issue.expected)}`;
    case "invalid_value":
      return `use one of: ${issue.values.map((v) => String(v)).join(", ")}`;
    case "invalid_union":
      return "check the item's `type`: multiple_choice, numeric or short_answer, with the fields that type needs";
    case "too_small":
      return issue.origin === "array"
        ? `list at least ${String(issue.minimum)} entr${issue.minimum === 1 ? "y" : "ies"} under \`${field}\``
        : `make \`${field}\` at least ${String(issue.minimum)}${issue.origin === "string" ? " characters" : ""}`;
    case "too_big":
      return issue.origin === "array"
        ? `list at most ${String(issue.maximum)} entries under \`${field}\``
        : `make \`${field}\` at most ${String(issue.maximum)}`;
    case "invalid_format":
      return issue.message;
    case "custom":
      // A check of our own carries its fix beside its message.
      return typeof issue.params?.fix === "string" ? issue.params.fix : "see content/README.md for the expected format";
    case "unrecognized_keys":
      return `remove or rename ${issue.keys.map((k) => `\`${k}\``).join(", ")} (check the spelling against content/README.md)`;
    default:
      return "see content/README.md for the expected format";
  }
}

function describeType(expected: string): string {
  switch (expected) {
    case "array":
      return "a list (lines starting with `- `)";
    case "object":
      return "a group of `name: value` lines";
    case "number":
      return "a number";
    case "string":
      return "text";
    case "boolean":
      return "true or false";
    default:
      return expected;
  }
}
