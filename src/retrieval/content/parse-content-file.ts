import { createHash } from "node:crypto";
import { distance } from "fastest-levenshtein";
import { LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { readLessonStructure } from "./lesson-structure.js";
import { formatFieldPath, suggestFix, type ContentProblem } from "./content-problem.js";
import {
  CourseManifestSchema,
  KNOWN_FRONT_MATTER_KEYS,
  LessonFrontMatterSchema,
  QuizFileSchema,
  type CourseManifest,
  type LessonDoc,
  type QuizItemDoc,
} from "./schema.js";

/** Bounds that keep a hostile or accidental file from exhausting the machine. */
export const CONTENT_LIMITS = {
  maxFileBytes: 1_000_000,
  maxYamlAliases: 100,
  maxYamlDepth: 20,
};

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: ContentProblem[] };

/** Finds the line of a field by its path in the parsed YAML, for problems found after validation. */
export type LineLocator = (path: ReadonlyArray<PropertyKey>) => number;

/** Parsed YAML keeps its document, so later checks can point at a field's line without parsing again. */
export type ParsedYaml<T> = { ok: true; value: T; locate: LineLocator } | { ok: false; problems: ContentProblem[] };

/** Decodes a file's bytes as UTF-8 text, refusing what a teacher did not mean to give us. */
export function decodeContentFile(file: string, bytes: Uint8Array): Parsed<string> {
  const fail = (message: string, fix: string) => wholeFileProblem(file, message, fix);
  if (bytes.length > CONTENT_LIMITS.maxFileBytes) {
    return fail(
      `the file is ${Math.round(bytes.length / 1000)} kB, over the ${CONTENT_LIMITS.maxFileBytes / 1000} kB limit`,
      "split it into several smaller lessons or quiz files",
    );
  }
  if (bytes.includes(0)) return fail("the file is binary, not text", "save it as plain text (Markdown .md or YAML .yaml)");
  try {
    return { ok: true, value: new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "") };
  } catch {
    return fail("the file is not UTF-8 text", "save it with UTF-8 encoding (most editors offer it under “Save as…”)");
  }
}

/** A failed parse with one problem that belongs to the whole file rather than to a line of it. */
function wholeFileProblem(file: string, message: string, fix: string): { ok: false; problems: ContentProblem[] } {
  return { ok: false, problems: [{ file, line: 0, field: "", message, fix }] };
}

/** sha256 in hex: how the index and the folder tell a changed file from an unchanged one. */
export function hashContent(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("hex");
}

/** Parses YAML and validates it with `schema`, mapping every problem to its line. */
export function parseYaml<S extends z.ZodType>(file: string, text: string, schema: S, lineOffset = 0): ParsedYaml<z.infer<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line + lineOffset;
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => ({
        file,
        line: lineAt(error.pos[0]),
        field: "",
        message: `this is not valid YAML (${error.message.split("\n")[0]})`,
        fix: "check the indentation (spaces, not tabs) and that text containing `: ` or `#` is in quotes",
      })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: CONTENT_LIMITS.maxYamlAliases });
  } catch (error) {
    return wholeFileProblem(
      file,
      `the YAML could not be read (${(error as Error).message})`,
      "remove YAML anchors and aliases (`&name`, `*name`) and write the values out",
    );
  }
  if (depthOf(data) > CONTENT_LIMITS.maxYamlDepth) {
    return wholeFileProblem(
      file,
      `the YAML is nested more than ${CONTENT_LIMITS.maxYamlDepth} levels deep`,
      "follow the flat layout shown in content/README.md",
    );
  }
  // reportInput keeps the offending value on each issue, so a wrong type is not mistaken for a missing field.
  const result = schema.safeParse(data ?? {}, { reportInput: true });
  if (result.success) return { ok: true, value: result.data, locate: (path) => lineOfPath(doc, path, lineAt) };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      // An unknown key is reported where the key itself stands, not at its parent.
      const path = issue.code === "unrecognized_keys" && issue.keys[0] !== undefined ? [...issue.path, issue.keys[0]] : issue.path;
      return { file, line: lineOfPath(doc, path, lineAt), field: formatFieldPath(path), message: issue.message, fix: suggestFix(issue) };
    }),
  };
}

/** The line of the deepest node that exists along `path` (a missing field is reported at its parent). */
function lineOfPath(doc: Document, path: ReadonlyArray<PropertyKey>, lineAt: (offset: number) => number): number {
  for (let length = path.length; length >= 0; length--) {
    const node = doc.getIn(path.slice(0, length) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === "object" && node.range) return lineAt(node.range[0]);
  }
  return 1;
}

function depthOf(value: unknown, depth = 0): number {
  if (depth > CONTENT_LIMITS.maxYamlDepth || value === null || typeof value !== "object") return depth;
  let deepest = depth;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child, depth + 1));
  return deepest;
}

export function parseManifest(file: string, text: string): ParsedYaml<CourseManifest> {
  return parseYaml(file, text, CourseManifestSchema);
}

/**
 * A Markdown lesson: optional front matter between `---` lines, then the body. `relativePath` is the
 * file's path inside the course folder; `teacher/` marks teacher-only material by location.
 */
export function parseLesson(file: string, relativePath: string, text: string): Parsed<LessonDoc> {
  const match = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  const frontMatter = parseYaml(file, match?.[1] ?? "", LessonFrontMatterSchema, 1);
  if (!frontMatter.ok) return frontMatter;
  const { title, skills, level, audience, ...others } = frontMatter.value;
  // Unknown keys are kept, but one a letter or two away from a known key is a typo that would silently
  // change the lesson (`audiense: teacher` would publish an answer key).
  const typos = Object.keys(others).flatMap((key) => {
    const meant = KNOWN_FRONT_MATTER_KEYS.find((known) => key.toLowerCase() === known || distance(key.toLowerCase(), known) <= 2);
    return meant
      ? [{ file, line: frontMatter.locate([key]), field: key, message: `unknown key "${key}"`, fix: `rename it to \`${meant}\`` }]
      : [];
  });
  if (typos.length > 0) return { ok: false, problems: typos };
  const body = match ? text.slice(match[0].length) : text;
  return {
    ok: true,
    value: {
      file: relativePath,
      frontMatter: { title: title ?? titleOf(body, relativePath), skills, level, audience },
      body,
      bodyStartLine: match ? match[0].split("\n").length : 1,
      skillsLine: match ? frontMatter.locate(["skills"]) : undefined,
      otherKeys: Object.keys(others).filter((key) => !KNOWN_FRONT_MATTER_KEYS.includes(key)),
      structure: readLessonStructure(body),
      teacherOnly: audience === "teacher" || relativePath.startsWith("teacher/"),
      hash: hashContent(text),
    },
  };
}

/** A lesson without a `title:` is called by its first `#` heading, else by its file name. */
function titleOf(body: string, relativePath: string): string {
  const heading = /^ {0,3}#[ \t]+(.+?)[ \t#]*$/m.exec(body)?.[1]?.trim();
  if (heading) return heading;
  const name = relativePath
    .split("/")
    .pop()!
    .replace(/\.[^.]+$/, "")
    .replace(/^\d+[-_ ]*/, "")
    .replace(/[-_]+/g, " ")
    .trim();
  return name === "" ? relativePath : name.charAt(0).toUpperCase() + name.slice(1);
}

export function parseQuiz(file: string, relativePath: string, text: string): Parsed<QuizItemDoc[]> {
  const parsed = parseYaml(file, text, QuizFileSchema);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    value: parsed.value.items.map((item, index) => ({ file: relativePath, line: parsed.locate(["items", index]), item })),
  };
}
