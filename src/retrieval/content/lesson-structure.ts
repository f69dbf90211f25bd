/**
 * The structure blocks of a published lesson — exercises, their solutions and hints, instructor notes,
 * callouts — in the four markups open lessons use: Pandoc fenced divs (The Carpentries' `::::: challenge`),
 * MyST directives (```` ```{exercise} ```` and `:::{solution}`), MkDocs/Material admonitions (`!!! note`,
 * `??? success "Solution"`) and HTML `<details><summary>Solution</summary>`.
 *
 * Why a line scanner of our own rather than remark/micromark: citations need every passage's exact source
 * lines, and the well-kept directive extension (micromark-extension-directive) parses only the generic
 * `:::name` proposal — not Pandoc's `::: challenge` or `::: {.challenge}` (a space or attributes before the
 * name), not MkDocs admonitions (CommonMark reads their indented bodies as code blocks), and MyST directives
 * are plain code fences to any CommonMark parser. Each of the four markups is delimited by whole lines, so a
 * scan over lines recognises all of them and keeps line numbers by construction.
 *
 * Everything here is pure: body text in, structure out. Line numbers are 0-based indexes into the body's lines.
 */
import { splitLines } from "../markdown-blocks.js";

/** What a block is for, which decides who may read it. */
export type BlockRole =
  | "exercise"
  /** A solution or answer: teacher-only. */
  | "solution"
  | "hint"
  /** Notes for whoever teaches the lesson: teacher-only. */
  | "instructor"
  /** The lesson's objectives, questions, key points, prerequisites: taught as they are. */
  | "overview"
  /** A note, tip, warning, aside: taught as it is. */
  | "callout"
  /** A block whose name we do not know: its text is taught, its markers hidden, and `content stats` lists it. */
  | "unclassified";

export type BlockSyntax = "pandoc-div" | "myst" | "admonition" | "details";

export interface StructureBlock {
  role: BlockRole;
  syntax: BlockSyntax;
  /** The class, directive or admonition type as written (`challenge`, `exercise`, `success`, `details`). */
  name: string;
  /** The block's own title: its admonition/directive title, `<summary>`, or the heading it starts with. */
  title?: string;
  /** MyST `:label:` of the block; a MyST solution names its exercise's label as its argument. */
  label?: string;
  argument?: string;
  /** First and last line of the block, markers included. */
  start: number;
  end: number;
  /** Index of the innermost block containing this one. */
  parent?: number;
}

export interface LessonExercise {
  title: string;
  /** The exercise as a student reads it: no markers, no hints, no solution. */
  prompt: string;
  hints: string[];
  /** The solution text (markers removed), absent when the lesson gives none. */
  solution?: string;
  /** Lines of the exercise block (or, for a solution standing alone, the text it answers). */
  start: number;
  end: number;
  solutionStart?: number;
  solutionEnd?: number;
}

/** Teacher-only text lifted out of a lesson. */
export interface VaultedText {
  role: "solution" | "instructor";
  title: string;
  text: string;
  start: number;
  end: number;
}

export interface LessonStructure {
  blocks: StructureBlock[];
  /**
   * One entry per body line: the line as a student may read it (admonition bodies dedented, an opener with a
   * title shown as that title in bold), or `null` for a marker line or a line of teacher-only material.
   */
  studentLines: Array<string | null>;
  /** Line ranges of teacher-only blocks: no passage may span one. */
  vaultedRanges: Array<{ start: number; end: number }>;
  exercises: LessonExercise[];
  vaulted: VaultedText[];
  /** Names of blocks that could not be classified, in order of appearance. */
  unclassified: string[];
  /** The text of the objectives block, when the lesson has one. */
  objectives?: string;
}

/**
 * Words that mark a title or name as a solution, hint or exercise, in the languages courses are most often
 * written in; matched as whole words after lower-casing, so a title says what a block is whatever the course's language.
 */
const SOLUTION_WORDS =
  /(^|[^\p{L}])(solutions?|answers?|answer key|r[ée]ponses?|corrig[ée]s?|l[öo]sung(en)?|antwort(en)?|soluci[óo]n(es)?|respuestas?|solu[çc][ãa]o|solu[çc][õo]es|respostas?|soluzion[ei]|rispost[ae]|oplossing(en)?|antwoord(en)?|rozwi[ąa]zanie|odpowied[źz]|решени[ея]|ответы?|答案|解答|参考答案|答え|解説|정답|해답)($|[^\p{L}])/iu;
const HINT_WORDS =
  /(^|[^\p{L}])(hints?|indices?|indice|hinweise?|tipps?|pistas?|dicas?|suggeriment[oi]|aanwijzing(en)?|wskaz[óo]wk[ai]|подсказк[аи]|提示|ヒント|힌트)($|[^\p{L}])/iu;
const EXERCISE_WORDS =
  /(^|[^\p{L}])(exercises?|challenges?|exercices?|[üu]bung(en)?|aufgaben?|ejercicios?|exerc[íi]cios?|esercizi[oi]?|oefening(en)?|opdracht(en)?|[ćc]wiczeni[ea]|zadanie|упражнени[ея]|задани[ея]|задач[аи]|练习|習題|习题|練習|演習|연습)($|[^\p{L}])/iu;

const ROLE_BY_NAME: Record<string, BlockRole> = {
  challenge: "exercise",
  exercise: "exercise",
  question: "exercise",
  problem: "exercise",
  practice: "exercise",
  task: "exercise",
  solution: "solution",
  solutions: "solution",
  answer: "solution",
  answers: "solution",
  hint: "hint",
  hints: "hint",
  instructor: "instructor",
  "instructor-note": "instructor",
  instructors: "instructor",
  teacher: "instructor",
  objectives: "overview",
  keypoints: "overview",
  questions: "overview",
  prereq: "overview",
  prerequisites: "overview",
  overview: "overview",
  "learning-objectives": "overview",
  callout: "callout",
  admonition: "callout",
  note: "callout",
  tip: "callout",
  important: "callout",
  warning: "callout",
  caution: "callout",
  danger: "callout",
  attention: "callout",
  error: "callout",
  info: "callout",
  abstract: "callout",
  summary: "callout",
  tldr: "callout",
  todo: "callout",
  success: "callout",
  check: "callout",
  done: "callout",
  failure: "callout",
  fail: "callout",
  missing: "callout",
  bug: "callout",
  example: "callout",
  quote: "callout",
  cite: "callout",
  seealso: "callout",
  discussion: "callout",
  checklist: "callout",
  testimonial: "callout",
  spoiler: "callout",
  details: "callout",
  dropdown: "callout",
  sidebar: "callout",
  margin: "callout",
  topic: "callout",
  aside: "callout",
  tab: "callout",
  "tab-item": "callout",
  "tab-set": "callout",
  "group-tab": "callout",
};

/** MyST directives that are code or media, not structure: their fences stay as they are. */
const MYST_CODE = new Set([
  "code-cell",
  "code-block",
  "code",
  "sourcecode",
  "literalinclude",
  "math",
  "figure",
  "image",
  "toctree",
  "raw",
  "glue",
  "mermaid",
  "csv-table",
  "list-table",
  "table",
  "bibliography",
  "include",
]);

/** Blocks nested deeper than this are read as text. */
const MAX_DEPTH = 8;
/** Longest line read as a possible marker (a fence, admonition or details line). */
const MAX_MARKER_LINE = 300;
const CODE_FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const COLON_FENCE = /^ {0,3}(:{3,})\s*(.*?)\s*:*\s*$/;
const ADMONITION = /^(\s*)(!!!|\?\?\?\+?)\s+([\w-]+)(?:\s+"([^"]*)")?\s*$/;
const DETAILS_OPEN = /^\s*<details(\s[^>]*)?>\s*(?:<summary[^>]*>(.*?)<\/summary>)?\s*$/i;
const SUMMARY = /^\s*<summary[^>]*>(.*?)<\/summary>\s*$/i;
const DETAILS_CLOSE = /^\s*<\/details>\s*$/i;
const MYST_OPTION = /^\s*:[\w-]+:/;
const HEADING = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;

interface OpenBlock {
  index: number;
  /** How the block closes. */
  close: { kind: "colons" } | { kind: "fence"; char: string; length: number } | { kind: "indent"; indent: number } | { kind: "details" };
}

/** All a student may read of a lesson, as one text. */
export function studentText(structure: LessonStructure): string {
  return structure.studentLines.filter((line) => line !== null).join("\n");
}

export function readLessonStructure(body: string): LessonStructure {
  const lines = splitLines(body);
  const blocks: StructureBlock[] = [];
  const marker = new Array<boolean>(lines.length).fill(false);
  /** Indentation removed from a line inside admonitions. */
  const dedent = new Array<number>(lines.length).fill(0);
  /** A marker line shown as its title. */
  const shownAs = new Map<number, string>();
  const stack: OpenBlock[] = [];
  let codeFence: { char: string; length: number } | undefined;

  const open = (syntax: BlockSyntax, rawName: string, line: number, close: OpenBlock["close"], title?: string, argument?: string) => {
    const name = rawName.toLowerCase();
    // Deeper nesting is no lesson's: the line stays text, so a hostile file cannot make the work quadratic.
    if (stack.length >= MAX_DEPTH) return false;
    const parent = stack.length > 0 ? stack[stack.length - 1]!.index : undefined;
    blocks.push({
      role: ROLE_BY_NAME[name] ?? "unclassified",
      syntax,
      name,
      title: title?.trim() || undefined,
      argument: argument?.trim() || undefined,
      start: line,
      end: lines.length - 1,
      parent,
    });
    stack.push({ index: blocks.length - 1, close });
    marker[line] = true;
    return true;
  };
  const closeTop = (endLine: number) => {
    const top = stack.pop()!;
    blocks[top.index]!.end = endLine;
  };
  const indentOf = (line: string) => /^\s*/.exec(line)![0].replace(/\t/g, "    ").length;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const blank = line.trim() === "";
    // Admonitions end at the first non-blank line indented less than their body.
    if (!blank) {
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        if (top.close.kind !== "indent" || indentOf(line) >= top.close.indent) break;
        let end = i - 1;
        while (end > blocks[top.index]!.start && lines[end]!.trim() === "") end--;
        closeTop(end);
      }
    }
    const admonitionIndent = [...stack].reverse().find((entry) => entry.close.kind === "indent")?.close;
    if (admonitionIndent?.kind === "indent") dedent[i] = Math.min(admonitionIndent.indent, indentOf(line));
    const text = dedentLine(line, dedent[i]!);

    if (codeFence) {
      if (new RegExp(`^ {0,3}${codeFence.char === "`" ? "`" : "~"}{${codeFence.length},}\\s*$`).test(text)) codeFence = undefined;
      continue;
    }
    const top = stack[stack.length - 1];
    const fence = CODE_FENCE.exec(text);
    if (fence) {
      const char = fence[2]![0]!;
      const length = fence[2]!.length;
      if (top?.close.kind === "fence" && char === top.close.char && length >= top.close.length && fence[3]!.trim() === "") {
        marker[i] = true;
        closeTop(i);
        continue;
      }
      const directive = /^\{([\w:-]+)\}\s*(.*)$/.exec(fence[3]!.trim());
      if (directive && !MYST_CODE.has(directive[1]!.toLowerCase())) {
        openMyst(directive[1]!, directive[2]!, i, { kind: "fence", char, length });
        continue;
      }
      codeFence = { char, length };
      continue;
    }
    // Marker lines are short; a long line is text, and is never put through the marker patterns.
    if (text.length > MAX_MARKER_LINE) continue;
    const colons = COLON_FENCE.exec(text);
    if (colons) {
      const rest = colons[2]!;
      if (rest === "") {
        // A bare line of colons closes the innermost colon-fenced block (Pandoc's rule).
        const innermost = stack.length > 0 && stack[stack.length - 1]!.close.kind === "colons";
        if (innermost) {
          marker[i] = true;
          closeTop(i);
        }
        continue;
      }
      const myst = /^\{([\w:-]+)\}\s*(.*)$/.exec(rest);
      if (myst) {
        openMyst(myst[1]!, myst[2]!, i, { kind: "colons" });
        continue;
      }
      const pandoc = parsePandocAttributes(rest);
      if (pandoc) {
        if (open("pandoc-div", pandoc.name, i, { kind: "colons" }, pandoc.title) && pandoc.title)
          shownAs.set(i, `**${pandoc.title.trim()}**`);
        continue;
      }
    }
    const admonition = ADMONITION.exec(line);
    if (admonition) {
      const indent = indentOf(admonition[1]!) + 4;
      if (open("admonition", admonition[3]!, i, { kind: "indent", indent }, admonition[4]) && admonition[4])
        shownAs.set(i, `**${admonition[4].trim()}**`);
      continue;
    }
    const details = DETAILS_OPEN.exec(text);
    if (details) {
      const classes = /class\s*=\s*"([^"]*)"/i.exec(details[1] ?? "")?.[1]?.split(/\s+/) ?? [];
      const name = classes.find((className) => ROLE_BY_NAME[className.toLowerCase()] !== undefined) ?? "details";
      if (open("details", name, i, { kind: "details" }, details[2] && stripTags(details[2])) && details[2])
        shownAs.set(i, `**${stripTags(details[2])}**`);
      continue;
    }
    if (top?.close.kind === "details") {
      const summary = SUMMARY.exec(text);
      if (summary && blocks[top.index]!.title === undefined && onlyBlankBetween(lines, blocks[top.index]!.start, i)) {
        blocks[top.index]!.title = stripTags(summary[1]!);
        marker[i] = true;
        shownAs.set(i, `**${stripTags(summary[1]!)}**`);
        continue;
      }
      if (DETAILS_CLOSE.test(text)) {
        marker[i] = true;
        closeTop(i);
      }
    }
  }
  while (stack.length > 0) closeTop(lines.length - 1);

  function openMyst(name: string, argument: string, line: number, close: OpenBlock["close"]) {
    const lower = name.toLowerCase();
    // A MyST solution's argument is the label of its exercise, not a title.
    const isSolution = ROLE_BY_NAME[lower] === "solution";
    if (!open("myst", name, line, close, isSolution ? undefined : argument, argument)) return;
    const block = blocks[blocks.length - 1]!;
    if (!isSolution && argument.trim()) shownAs.set(line, `**${argument.trim()}**`);
    for (let j = line + 1; j < lines.length && MYST_OPTION.test(lines[j]!); j++) {
      marker[j] = true;
      const label = /^\s*:(?:label|name):\s*(\S+)/.exec(lines[j]!);
      if (label) block.label = label[1];
    }
  }

  for (const block of blocks) {
    block.title ??= firstHeading(lines, block, marker);
    block.role = classify(block);
  }
  return describe(lines, blocks, marker, dedent, shownAs);
}

function describe(
  lines: string[],
  blocks: StructureBlock[],
  marker: boolean[],
  dedent: number[],
  shownAs: Map<number, string>,
): LessonStructure {
  const isVaulted = (block: StructureBlock) => block.role === "solution" || block.role === "instructor";
  const ancestorsOf = (block: StructureBlock) => {
    const found: StructureBlock[] = [];
    for (let parent = block.parent; parent !== undefined; parent = blocks[parent]!.parent) found.push(blocks[parent]!);
    return found;
  };
  /** Each block's children, in order; blocks are found in order of their first line. */
  const childrenOf = blocks.map(() => [] as number[]);
  blocks.forEach((block, index) => {
    if (block.parent !== undefined) childrenOf[block.parent]!.push(index);
  });
  const descendantsOf = (index: number): StructureBlock[] =>
    childrenOf[index]!.flatMap((child) => [blocks[child]!, ...descendantsOf(child)]);

  // Only the outermost teacher-only blocks: what is inside them is vaulted with them.
  const outermostVaulted = blocks.filter((block) => isVaulted(block) && !ancestorsOf(block).some(isVaulted));
  const teacherOnly = new Array<boolean>(lines.length).fill(false);
  for (const block of outermostVaulted) for (let i = block.start; i <= block.end; i++) teacherOnly[i] = true;
  const studentLines = lines.map((line, i) => {
    if (teacherOnly[i]) return null;
    if (marker[i]) return shownAs.get(i) ?? null;
    return dedentLine(line, dedent[i]!);
  });
  /** The text of lines start..end as a reader of `view` sees it, without the lines of the `skipped` blocks. */
  const textOf = (start: number, end: number, view: (i: number) => string | null, skipped: readonly StructureBlock[] = []) => {
    const kept: string[] = [];
    for (let i = start; i <= end; i++) {
      if (skipped.some((block) => block.start <= i && i <= block.end)) continue;
      const text = view(i);
      if (text !== null) kept.push(text);
    }
    return kept
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim();
  };
  /** A teacher's view of a line: every line but markers, dedented. */
  const teacherView = (i: number) => (marker[i] ? null : dedentLine(lines[i]!, dedent[i]!));
  const studentView = (i: number) => studentLines[i] ?? null;
  /** A solution's text without its own "Solution" heading. */
  const solutionText = (block: StructureBlock) => {
    const text = textOf(block.start, block.end, teacherView);
    return text.replace(/^#{1,6}[ \t]+.*\n+/, (heading) => (SOLUTION_WORDS.test(heading) ? "" : heading)).trim();
  };

  const vaulted: VaultedText[] = outermostVaulted.map((block) => ({
    role: block.role as VaultedText["role"],
    title: block.title ?? block.name,
    text: block.role === "solution" ? solutionText(block) : textOf(block.start, block.end, teacherView),
    start: block.start,
    end: block.end,
  }));

  const exercises: LessonExercise[] = [];
  const exerciseOf = new Map<StructureBlock, LessonExercise>();
  blocks.forEach((block, index) => {
    if (block.role !== "exercise") return;
    const nested = descendantsOf(index);
    const hints = nested
      .filter((hint) => hint.role === "hint")
      .map((hint) =>
        textOf(hint.start, hint.end, studentView)
          .replace(/^(\*\*[^*\n]+\*\*|#{1,6}[ \t]+.*)\n+/, (title) => (HINT_WORDS.test(title) ? "" : title))
          .trim(),
      );
    const exercise: LessonExercise = {
      title: block.title ?? `Exercise ${exercises.length + 1}`,
      prompt: textOf(
        block.start,
        block.end,
        studentView,
        nested.filter((inner) => inner.role === "hint" || isVaulted(inner)),
      ),
      hints: hints.filter((hint) => hint !== ""),
      start: block.start,
      end: block.end,
    };
    exercises.push(exercise);
    exerciseOf.set(block, exercise);
  });
  const blockEnds = new Set(blocks.map((block) => block.end));
  const topLevel = blocks.flatMap((block, i) => (block.parent === undefined ? [i] : []));
  const listed = new Set(exercises);
  blocks.forEach((solution, index) => {
    if (solution.role !== "solution") return;
    const siblings = solution.parent === undefined ? topLevel : childrenOf[solution.parent]!;
    const previous = siblings[siblings.indexOf(index) - 1];
    const exercise =
      findExercise(
        solution,
        previous === undefined ? undefined : blocks[previous],
        ancestorsOf(solution),
        blocks,
        exerciseOf,
        lines,
        studentLines,
      ) ?? impliedExercise(solution, studentLines, blockEnds, (start, end) => textOf(start, end, studentView));
    if (!exercise) return;
    // Some exercises give one solution per part: the model answer is all of them.
    exercise.solution = exercise.solution === undefined ? solutionText(solution) : `${exercise.solution}\n\n${solutionText(solution)}`;
    exercise.solutionStart ??= solution.start;
    exercise.solutionEnd = solution.end;
    if (!listed.has(exercise)) {
      listed.add(exercise);
      exercises.push(exercise);
    }
  });
  exercises.sort((a, b) => a.start - b.start);
  const objectivesBlock = blocks.find((block) => block.role === "overview" && block.name === "objectives");
  return {
    blocks,
    studentLines,
    vaultedRanges: outermostVaulted.map(({ start, end }) => ({ start, end })),
    exercises,
    vaulted,
    unclassified: blocks.filter((block) => block.role === "unclassified").map((block) => block.name),
    objectives: objectivesBlock && textOf(objectivesBlock.start, objectivesBlock.end, studentView),
  };
}

/**
 * The exercise a solution answers: named by its label (MyST), enclosing it, or the block just before it
 * with nothing but blank lines and markers between.
 */
function findExercise(
  solution: StructureBlock,
  previousSibling: StructureBlock | undefined,
  ancestors: readonly StructureBlock[],
  blocks: readonly StructureBlock[],
  exerciseOf: Map<StructureBlock, LessonExercise>,
  lines: string[],
  studentLines: Array<string | null>,
): LessonExercise | undefined {
  if (solution.syntax === "myst" && solution.argument) {
    const labelled = blocks.find((block) => block.role === "exercise" && block.label === solution.argument);
    if (labelled) return exerciseOf.get(labelled);
  }
  const enclosing = ancestors.find((block) => block.role === "exercise");
  if (enclosing) return exerciseOf.get(enclosing);
  if (previousSibling?.role !== "exercise") return undefined;
  for (let i = previousSibling.end + 1; i < solution.start; i++) {
    const shown = studentLines[i];
    if (shown !== null && shown !== undefined && shown.trim() !== "" && !/^\s*<\/?\w/.test(lines[i]!)) return undefined;
  }
  return exerciseOf.get(previousSibling);
}

/**
 * A solution with no exercise block answers the text just before it: back to the nearest heading or
 * structure block, titled by that heading.
 */
function impliedExercise(
  solution: StructureBlock,
  studentLines: Array<string | null>,
  blockEnds: Set<number>,
  studentTextOf: (start: number, end: number) => string,
): LessonExercise | undefined {
  let start = solution.start;
  let title: string | undefined;
  while (start > 0) {
    const previous = start - 1;
    const heading = HEADING.exec(studentLines[previous] ?? "");
    if (heading) {
      title = heading[1]!.trim();
      break;
    }
    if (blockEnds.has(previous)) break;
    start = previous;
  }
  const prompt = studentTextOf(start, solution.start - 1);
  if (prompt === "") return undefined;
  return { title: title ?? firstWords(prompt), prompt, hints: [], start, end: solution.start - 1 };
}

function firstWords(text: string): string {
  const words = text
    .replace(/[#*_`>]/g, "")
    .split(/\s+/)
    .filter(Boolean);
  return words.slice(0, 8).join(" ") + (words.length > 8 ? "…" : "");
}

/** The role a block's name gives it, corrected by its title: a "success" titled "Solution" is a solution. */
function classify(block: StructureBlock): BlockRole {
  const title = block.title ?? "";
  const byName = block.role;
  if (byName === "instructor" || byName === "overview") return byName;
  if (byName === "solution" || SOLUTION_WORDS.test(title)) return "solution";
  if (byName === "hint" || HINT_WORDS.test(title)) return "hint";
  if (byName === "exercise" || EXERCISE_WORDS.test(title) || EXERCISE_WORDS.test(block.name)) return "exercise";
  return byName;
}

/** Pandoc's `::: name`, `::: {.name title="…"}` or `::: {#id .name}`; undefined for anything else. */
function parsePandocAttributes(rest: string): { name: string; title?: string } | undefined {
  const bare = /^([\w-]+)(?:\s+(.*))?$/.exec(rest);
  if (bare) return { name: bare[1]!, title: bare[2] };
  const braced = /^\{([^}]*)\}\s*(.*)$/.exec(rest);
  if (!braced) return undefined;
  const className = /(?:^|\s)\.([\w-]+)/.exec(braced[1]!)?.[1];
  if (!className) return undefined;
  const title = /title\s*=\s*"([^"]*)"/.exec(braced[1]!)?.[1] ?? (braced[2] || undefined);
  return { name: className, title };
}

/** A block's first heading, when the heading is the first text inside it (The Carpentries' `## Solution`). */
function firstHeading(lines: string[], block: StructureBlock, marker: boolean[]): string | undefined {
  for (let i = block.start + 1; i < block.end; i++) {
    if (lines[i]!.trim() === "" || (marker[i] && MYST_OPTION.test(lines[i]!))) continue;
    if (marker[i]) return undefined;
    const heading = HEADING.exec(lines[i]!.trim());
    return heading ? heading[1]!.trim() : undefined;
  }
  return undefined;
}

function onlyBlankBetween(lines: string[], from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) if (lines[i]!.trim() !== "") return false;
  return true;
}

/** The line without `columns` of its leading indentation (a tab counts as four). */
function dedentLine(line: string, columns: number): string {
  return columns > 0 ? line.replace(/^\s*/, (space) => space.replace(/\t/g, "    ").slice(columns)) : line;
}

function stripTags(html: string): string {
  return html.replace(/<[^>]+>/g, "").trim();
}
