import type { Logger } from "../logger.js";
import type { TeacherNotifier } from "../retrieval/teacher-notifier.js";
import type { TeacherRoster } from "../tutor/teachers.js";

const PERSON = /^[a-z]+:user:/;

/** An adapter that can post a notice to a place it serves (`discord:channel:…`, `slack:channel:…`). */
export interface NoticePoster {
  /** False when the scope is not one of this adapter's. */
  postNotice(scope: string, text: string): Promise<boolean>;
}

/**
 * Sends a course's content notices to the teacher channel configured for it (`teacherChannels` in the
 * config file), through whichever adapter serves that place; the log always gets them too.
 */
export function createTeacherChannelNotifier(
  channels: Record<string, string>,
  posters: readonly NoticePoster[],
  fallback: TeacherNotifier,
  log: Logger,
  teachers: TeacherRoster,
): TeacherNotifier {
  return {
    async notify(courseId, text) {
      await fallback.notify(courseId, text);
      const scope = channels[courseId];
      if (!scope) return;
      // A notice may name teacher-only files: a person receives it only as a configured teacher of the course.
      if (PERSON.test(scope) && !teachers.teaches(courseId, { id: scope, groups: [] })) {
        log.warn(
          `teacherChannels: ${scope} is not named under teachers of ${courseId}, so it gets no notices; add it there, or name a channel`,
        );
        return;
      }
      for (const poster of posters) {
        try {
          if (await poster.postNotice(scope, text)) return;
        } catch (error) {
          log.warn(`could not post a content notice to ${scope}`, { error });
          return;
        }
      }
      log.warn(
        `teacherChannels: no running adapter serves ${scope} (course ${courseId}); check the scope's spelling, e.g. discord:channel:<id> or slack:channel:<id>`,
      );
    },
  };
}
