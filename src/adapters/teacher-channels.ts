import type { Logger } from "../logger.js";
import type { TeacherNotifier } from "../retrieval/teacher-notifier.js";

/** An adapter that can post a notice to a place it serves (`discord:channel:…`, `slack:channel:…`). */
export interface NoticePoster {
  /** False when the scope is not one of this adapter's. */
  postNotice(scope: string, text: string): Promise<boolean>;
}

/**
 * Sends a course's content notices to the teacher channel configured for it (`teacherChannels` in the
 * config file), through whichever adapter serves that place; the log always gets them too.
 */
export function createTeacherChannelNotifier(channels: Record<string, string>, posters: readonly NoticePoster[], fallback: TeacherNotifier, log: Logger): TeacherNotifier {
  return {
    async notify(courseId, text) {
      await fallback.notify(courseId, text);
      const scope = channels[courseId];
      if (!scope) return;
      for (const poster of posters) {
        try {
          if (await poster.postNotice(scope, text)) return;
        } catch (error) {
          log.warn(`could not post a content notice to ${scope}`, { error });
          return;
        }
      }
      log.warn(`teacherChannels: no running adapter serves ${scope} (course ${courseId}); check the scope's spelling, e.g. discord:channel:<id> or slack:channel:<id>`);
    },
  };
}
