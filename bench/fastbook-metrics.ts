import { z } from "zod";
import { foldPunctuation } from "../src/retrieval/text-terms.js";

/** The fastbook-benchmark file (vishalbakshi/fastbook-benchmark), only the fields the metrics read. */
export const FastbookBenchmarkSchema = z.object({
  questions: z.array(
    z.object({
      chapter: z.number(),
      question_number: z.number(),
      question_text: z.string(),
      answer_context: z.array(z.object({ answer_component: z.unknown(), context: z.array(z.string()) })),
    }),
  ),
});
export type FastbookBenchmark = z.infer<typeof FastbookBenchmarkSchema>;
export type FastbookQuestion = FastbookBenchmark["questions"][number];

/** The data set's comparison form: NFKC, straight quotes and dashes, collapsed whitespace. */
export function normalizeForMatch(text: string): string {
  return foldPunctuation(text).replace(/\s+/g, " ").trim();
}

export interface QuestionScore {
  recallAt5: number;
  recallAt10: number;
  mrrAt10: number;
}

/**
 * Scores one question against ranked passage texts (already normalized). A component is found at the first
 * rank whose passage contains one of its contexts; components without context are never found.
 */
export function scoreQuestion(question: FastbookQuestion, rankedNormalized: readonly string[]): QuestionScore {
  const foundAt = question.answer_context.map((component) => {
    const contexts = component.context.map(normalizeForMatch).filter((context) => context.length > 0);
    if (contexts.length === 0) return Infinity;
    const rank = rankedNormalized.findIndex((passage) => contexts.some((context) => passage.includes(context)));
    return rank === -1 ? Infinity : rank + 1;
  });
  const components = foundAt.length;
  const recallAt = (k: number) => (components === 0 ? 0 : foundAt.filter((rank) => rank <= k).length / components);
  const allFoundBy = Math.max(...foundAt);
  return {
    recallAt5: recallAt(5),
    recallAt10: recallAt(10),
    mrrAt10: components > 0 && allFoundBy <= 10 ? 1 / allFoundBy : 0,
  };
}

export function averageScores(scores: readonly QuestionScore[]): QuestionScore {
  const mean = (pick: (score: QuestionScore) => number) =>
    scores.length === 0 ? 0 : scores.reduce((sum, score) => sum + pick(score), 0) / scores.length;
  return {
    recallAt5: mean((s) => s.recallAt5),
    recallAt10: mean((s) => s.recallAt10),
    mrrAt10: mean((s) => s.mrrAt10),
  };
}
