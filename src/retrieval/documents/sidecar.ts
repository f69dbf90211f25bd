import { z } from "zod";
import { SkillIdSchema } from "../content/schema.js";

/** Pages or slides of a document (1-based, inclusive) that teach other skills, or are for teachers only. */
export const SidecarRangeSchema = z.strictObject({
  from: z.number().int().positive(),
  to: z.number().int().positive().optional(),
  skills: z.array(SkillIdSchema).optional(),
  teacher: z.boolean().optional(),
});

/**
 * `<file>.yaml` beside a teacher's document (`lessons/handout.pdf.yaml`), all optional: its title, the skills
 * it teaches, whether it is teacher-only, and per page/slide ranges. Documented in content/README.md.
 */
export const DocumentSidecarSchema = z.strictObject({
  title: z.string().min(1).optional(),
  skills: z.array(SkillIdSchema).optional(),
  teacher: z.boolean().default(false),
  ranges: z.array(SidecarRangeSchema).default([]),
});
export type DocumentSidecar = z.infer<typeof DocumentSidecarSchema>;
