import type { Course } from "../../retrieval/content/schema.js";
import type { ScoredPassage } from "../../retrieval/passage.js";
import { tokenizerFor } from "../../retrieval/text-terms.js";

/**
 * A problem wants working out (code to fix or predict, a task, "how do I"), so a socratic tutor asks for the
 * student's idea first; a concept question ("what is X") gets a short explanation and a check.
 */
export type QuestionKind = "problem" | "concept";

const CODE = /```|`[^`]*[()=[\]{}+\-*/%<>][^`]*`|\b\w+\([^)]*\)|^\s*(?:def|for|while|if|print|import|return)\b/m;
const PROBLEM_WORDS =
  /\b(?:how (?:do|can|would|should) i|how to|help me|i(?:'m| am) stuck|stuck on|doesn'?t work|does not work|not working|what(?:'s| is) wrong|why (?:does|doesn'?t|do|don'?t|is|isn'?t|am i)|fix|solve|write|error|bug|traceback|what (?:will|would|does) (?:this|it|my)|output|print)\b/i;
const CONCEPT_WORDS =
  /^(?:what(?:'s| is| are| does .+ mean)|define|definition|explain|tell me about|what do you mean|difference between|when (?:do|should) (?:i|we|you) use)\b/i;

/**
 * With a quiz item pending, whatever the student asks is part of working on it; a reply that is neither a
 * "what is" nor a problem of its own ("I think it needs a loop?") continues the student's previous question.
 */
export function classifyQuestion(question: string, context: { itemPending: boolean; previousQuestion?: string }): QuestionKind {
  if (context.itemPending || CODE.test(question)) return "problem";
  const trimmed = question.trim();
  if (CONCEPT_WORDS.test(trimmed)) return "concept";
  if (PROBLEM_WORDS.test(trimmed)) return "problem";
  return context.previousQuestion !== undefined && classifyQuestion(context.previousQuestion, { itemPending: false }) === "problem"
    ? "problem"
    : "concept";
}

/** A term of a skill's name counts this many times one of its description. */
const NAME_WEIGHT = 2;
/** The retrieved passages' vote, split by rank; the pending item's skill gets one such vote too. */
const PASSAGE_WEIGHT = 0.3;
const PENDING_WEIGHT = 0.3;

interface SkillTerms {
  id: string;
  name: ReadonlySet<string>;
  /** Description terms that are not in the name. */
  description: ReadonlySet<string>;
}

const termsOfCourse = new WeakMap<Course, { skills: SkillTerms[]; weight: Map<string, number> }>();

/** Each skill's terms, and each term's weight: rarer among the skills, more telling (an idf). */
function skillTerms(course: Course): { skills: SkillTerms[]; weight: Map<string, number> } {
  const cached = termsOfCourse.get(course);
  if (cached) return cached;
  const tokenizer = tokenizerFor(course.manifest.language);
  const terms = (text: string) => new Set(tokenizer.terms(text));
  const skills = course.manifest.skills.map((skill) => {
    const name = terms(`${skill.name} ${skill.id.replace(/-/g, " ")}`);
    return { id: skill.id, name, description: new Set([...terms(skill.description)].filter((term) => !name.has(term))) };
  });
  const frequency = new Map<string, number>();
  for (const skill of skills)
    for (const term of new Set([...skill.name, ...skill.description])) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  const weight = new Map([...frequency].map(([term, count]) => [term, Math.log(1 + skills.length / count)]));
  const built = { skills, weight };
  termsOfCourse.set(course, built);
  return built;
}

/**
 * The skill a question is about: the one whose name (most) and description share the most telling terms
 * with it, with the retrieved passages' skills as a smaller vote (a passage tagged with several skills
 * splits its vote) and the pending quiz item's skill as one more. Undefined when nothing points anywhere.
 */
export function findQuestionSkill(
  course: Course,
  question: string,
  found: readonly ScoredPassage[],
  pendingSkillId?: string,
): string | undefined {
  const asked = new Set(tokenizerFor(course.manifest.language).terms(question));
  const { skills, weight } = skillTerms(course);
  const scores = new Map<string, number>();
  const add = (skillId: string, amount: number) => scores.set(skillId, (scores.get(skillId) ?? 0) + amount);
  const total = (terms: Iterable<string>) => [...terms].reduce((sum, term) => sum + (weight.get(term) ?? 0), 0);
  const matched = (terms: ReadonlySet<string>) => total([...terms].filter((term) => asked.has(term)));
  for (const skill of skills) {
    // A name matched in full says more than one matched in part: "list" is Lists rather than List comprehensions.
    const name = matched(skill.name);
    const nameShare = name > 0 ? name / total(skill.name) : 0;
    add(skill.id, NAME_WEIGHT * name * Math.sqrt(nameShare) + matched(skill.description));
  }
  found.forEach(({ passage }, rank) => {
    for (const skillId of passage.skills) add(skillId, PASSAGE_WEIGHT / (rank + 1) / passage.skills.length);
  });
  if (pendingSkillId) add(pendingSkillId, PENDING_WEIGHT);
  let best: string | undefined;
  let bestScore = 0;
  // Course order breaks ties: the more basic skill comes first.
  for (const skill of skills) {
    const score = scores.get(skill.id) ?? 0;
    if (score > bestScore) [best, bestScore] = [skill.id, score];
  }
  return best;
}
