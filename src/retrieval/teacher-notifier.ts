import type { Logger } from "../logger.js";

/**
 * Tells a course's teachers about their content: a file that stopped validating, a lesson students cannot
 * find. The library calls it; a chat adapter implements it by posting to the course's teacher channel or DMs.
 */
export interface TeacherNotifier {
  notify(courseId: string, text: string): Promise<void>;
}

/** The default until an adapter wires a channel: the operator's log. */
export function createLogNotifier(log: Logger): TeacherNotifier {
  return {
    async notify(courseId, text) {
      log.warn(`content notice for the teachers of ${courseId}:\n${text}`);
    },
  };
}
