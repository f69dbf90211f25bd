import path from "node:path";
import { loadCourse } from "../../src/retrieval/content/load-course.js";
import type { Course, QuizItem } from "../../src/retrieval/content/schema.js";
import { SAMPLE_CONTENT_DIR } from "../support/tutor-fixture.js";

/** A bundled sample course (by default the English one), loaded as the tutor loads it. */
export async function loadSampleCourse(id = "python-basics"): Promise<Course> {
  const load = await loadCourse(path.join(SAMPLE_CONTENT_DIR, id), SAMPLE_CONTENT_DIR);
  if (!load.course) throw new Error("the sample course did not load");
  return load.course;
}

export function itemOf(course: Course, id: string): QuizItem {
  const doc = course.items.find(({ item }) => item.id === id);
  if (!doc) throw new Error(`no item ${id} in the sample course`);
  return doc.item;
}
