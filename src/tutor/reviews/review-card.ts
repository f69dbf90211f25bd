import { z } from "zod";

/**
 * One skill's spaced-review schedule for one student: an FSRS memory state (stability in days,
 * difficulty 1–10) and the moment the next review is due. Stored as JSON, times in epoch milliseconds.
 */
export const ReviewCardSchema = z.object({
  skillId: z.string().min(1),
  due: z.number(),
  stability: z.number().min(0),
  difficulty: z.number().min(0),
  reps: z.number().int().min(0),
  lapses: z.number().int().min(0),
  /** ts-fsrs State: 0 new, 1 learning, 2 review, 3 relearning. */
  state: z.number().int().min(0).max(3),
  scheduledDays: z.number().min(0),
  lastReview: z.number(),
});
export type ReviewCard = z.infer<typeof ReviewCardSchema>;
