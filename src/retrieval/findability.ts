import { makeProbeQuestions } from "./findability-probes.js";
import { listContext, sectionKeyOf } from "./indexed-text.js";
import type { Passage, ScoredPassage } from "./passage.js";

export type SearchCourse = (query: string, k: number) => Promise<ScoredPassage[]>;

export interface ProbeResult {
  question: string;
  /** 1-based rank of the section's best passage, or null when it is not in the top k. */
  rank: number | null;
}

export interface SectionFindability {
  file: string;
  /** "Loops › The while loop" */
  section: string;
  startLine: number;
  /** "p. 3", "slide 7" for a section of a converted document. */
  locator?: string;
  probes: ProbeResult[];
  /** Every probe found the section in the top k. */
  findable: boolean;
}

export interface FindabilityReport {
  k: number;
  sections: SectionFindability[];
  findableSections: number;
  probes: number;
  probesFound: number;
}

export const FINDABILITY_K = 5;

/** A section is every passage of one file under one heading path. */
function groupSections(passages: readonly Passage[]): Passage[][] {
  const sections = new Map<string, Passage[]>();
  for (const passage of passages) {
    const key = sectionKeyOf(passage);
    const section = sections.get(key);
    if (section) section.push(passage);
    else sections.set(key, [passage]);
  }
  return [...sections.values()];
}

/**
 * Asks the course search the questions a student might ask of each section, worded in the course's
 * language, and reports the sections it does not return in the top k: their wording hides them from
 * students' questions.
 */
export async function checkFindability(
  search: SearchCourse,
  passages: readonly Passage[],
  language: string,
  k = FINDABILITY_K,
): Promise<FindabilityReport> {
  const sections: SectionFindability[] = [];
  for (const group of groupSections(passages)) {
    const first = group[0]!;
    const ids = new Set(group.map((passage) => passage.id));
    // A page or slide without a heading is not about its document's title: no question is made from it.
    const ownTitle = first.locator !== undefined && first.headingPath.length === 0 ? "" : first.lessonTitle;
    const questions = makeProbeQuestions(
      { headingPath: first.headingPath, lessonTitle: ownTitle, text: group.map((passage) => passage.text).join("\n\n") },
      language,
    );
    const probes: ProbeResult[] = [];
    for (const question of questions) {
      const hits = await search(question, k);
      const index = hits.findIndex((hit) => ids.has(hit.passage.id));
      probes.push({ question, rank: index >= 0 ? index + 1 : null });
    }
    sections.push({
      file: first.file,
      section: listContext(first).join(" › "),
      startLine: first.startLine,
      ...(first.locator ? { locator: first.locator } : {}),
      probes,
      findable: probes.every((probe) => probe.rank !== null),
    });
  }
  const all = sections.flatMap((section) => section.probes);
  return {
    k,
    sections,
    findableSections: sections.filter((section) => section.findable).length,
    probes: all.length,
    probesFound: all.filter((probe) => probe.rank !== null).length,
  };
}

/** Lines for a teacher: the figure, then each hidden section with the questions that missed it. */
export function formatFindabilityReport(report: FindabilityReport): string[] {
  const lines = [
    `Findability: ${report.findableSections}/${report.sections.length} sections found by all their probe questions (top ${report.k}); ${report.probesFound}/${report.probes} probes hit.`,
  ];
  for (const section of report.sections.filter((entry) => !entry.findable)) {
    const missed = section.probes.filter((probe) => probe.rank === null).map((probe) => `“${probe.question}”`);
    const where = section.locator ? `${section.file}, ${section.locator}` : `${section.file}:${section.startLine}`;
    lines.push(
      `- ${where} ${section.section}: not in the top ${report.k} for ${missed.join(", ")}. Fix: use the words a student would use in its heading and first sentence.`,
    );
  }
  return lines;
}
