import { TeachingStyleSchema } from "../../retrieval/content/schema.js";
import type { FlowContext } from "../flow-context.js";
import { PEDAGOGY_PHRASES } from "../pedagogy/phrases.js";
import type { ReplyEvent } from "../turn.js";
import { classScopeOf, isTeacher, refuseNonTeacher } from "./teacher-only.js";

/**
 * `/style [socratic|direct|course]`, for the course's teachers: shows how this class is taught, sets it for
 * the class (the widest place of the turn, as `/class` reads it), or hands it back to the course's choice.
 */
export async function* chooseTeachingStyle(context: FlowContext, wanted?: string): AsyncIterable<ReplyEvent> {
  if (!isTeacher(context)) return yield* refuseNonTeacher(context);
  const { store, log } = context.services;
  const names = PEDAGOGY_PHRASES.styleNames;
  const scope = classScopeOf(context);
  if (wanted === undefined) {
    const fromClass = context.turn.classScopes.some((classScope) => store.getTeachingStyle(classScope) !== undefined);
    yield {
      type: "notice",
      text: PEDAGOGY_PHRASES.styleNow(names[context.teachingStyle()], fromClass ? "class" : "course"),
      audience: "student",
    };
    return;
  }
  if (!scope) {
    yield { type: "notice", text: PEDAGOGY_PHRASES.styleNoClass, audience: "student" };
    return;
  }
  const word = wanted.trim().toLowerCase();
  if (word === "course") {
    store.setTeachingStyle(scope, undefined);
    log.info("tutor: class teaching style cleared", { scope });
    yield { type: "notice", text: PEDAGOGY_PHRASES.styleCleared(names[context.teachingStyle()]), audience: "student" };
    return;
  }
  const style = TeachingStyleSchema.safeParse(word);
  if (!style.success) {
    yield { type: "notice", text: PEDAGOGY_PHRASES.styleUnknown(wanted.trim()), audience: "student" };
    return;
  }
  store.setTeachingStyle(scope, style.data);
  log.info("tutor: class teaching style set", { scope, style: style.data });
  yield { type: "notice", text: PEDAGOGY_PHRASES.styleSet(names[style.data]), audience: "student" };
}
