import { z } from "zod";

export const LeakKindSchema = z.enum(["answer", "encoded-answer", "fragment", "confirmation", "elimination", "protected-text"]);
/** What a reply gave away: the pending answer (plainly, encoded, in pieces, by confirming or ruling out), or protected text. */
export type LeakKind = z.infer<typeof LeakKindSchema>;

export interface Leak {
  kind: LeakKind;
  /** For the teacher: which form or which source, never the leaked text itself. */
  detail: string;
}
