import { TeachingStyleSchema, type TeachingStyle } from "../../retrieval/content/schema.js";
import type { FlowContext } from "../flow-context.js";
import type { MessageKey } from "../i18n/messages.js";
import type { ReplyEvent } from "../turn.js";
import { classScopeOf, isTeacher, refuseNonTeacher } from "./teacher-only.js";

const STYLE_NAMES: Record<TeachingStyle, MessageKey> = { socratic: "style.name.socratic", direct: "style.name.direct" };

/**
 * `/style [socratic|direct|course]`, for the course's teachers: shows how this class is taught, sets it for
 * the class (the widest place of the turn, as `/class` reads it), or hands it back to the course's choice.
 */
export async function* chooseTeachingStyle(context: FlowContext, wanted?: string): AsyncIterable<ReplyEvent> {
  if (!isTeacher(context)) return yield* refuseNonTeacher(context);
  const { store, log } = context.services;
  const { t } = context.messages;
  const nameOf = (style: TeachingStyle) => t(STYLE_NAMES[style]);
  const notice = (text: string): ReplyEvent => ({ type: "notice", text, audience: "student" });
  const scope = classScopeOf(context);
  if (wanted === undefined) {
    const classStyles = await Promise.all(context.turn.classScopes.map((classScope) => store.getTeachingStyle(classScope)));
    const fromClass = classStyles.some((style) => style !== undefined);
    yield notice(t(fromClass ? "style.now-class" : "style.now-course", { style: nameOf(await context.teachingStyle()) }));
    return;
  }
  if (!scope) {
    yield notice(t("style.no-class"));
    return;
  }
  const word = wanted.trim().toLowerCase();
  if (word === "course") {
    await store.setTeachingStyle(scope, undefined);
    log.info("tutor: class teaching style cleared", { scope });
    yield notice(t("style.cleared", { style: nameOf(await context.teachingStyle()) }));
    return;
  }
  const style = TeachingStyleSchema.safeParse(word);
  if (!style.success) {
    yield notice(t("style.unknown", { given: wanted.trim() }));
    return;
  }
  await store.setTeachingStyle(scope, style.data);
  log.info("tutor: class teaching style set", { scope, style: style.data });
  yield notice(t("style.set", { style: nameOf(style.data) }));
}
