import type { TeachingStyle } from "../../retrieval/content/schema.js";
import type { ExplanationLevel } from "../learner-state.js";

/** The tutor's own words about how it teaches: kept together for translation. */
export const PEDAGOGY_PHRASES = {
  reflect: "🤔 Why does that work? Say it in your own words if you like, or go straight on to the next question.",
  styleNames: {
    socratic: "socratic (asks for your idea first, then one step at a time)",
    direct: "direct (explains first)",
  } satisfies Record<TeachingStyle, string>,
  styleNow: (style: string, source: "class" | "course") =>
    `Teaching style here: **${style}**, set for ${source === "class" ? "this class by a teacher" : "the course"}. Change it with \`/style socratic\`, \`/style direct\`, or \`/style course\` to follow the course again.`,
  styleSet: (style: string) => `Teaching style for this class is now **${style}**.`,
  styleCleared: (style: string) => `This class follows the course's teaching style again: **${style}**.`,
  styleUnknown: (given: string) => `“${given}” is not a teaching style. Use \`/style socratic\`, \`/style direct\` or \`/style course\`.`,
  styleNoClass: "This place has no class to set a style for.",
  levelNames: {
    novice: "someone new to it",
    developing: "someone who knows the basics",
    proficient: "someone proficient in it",
  } satisfies Record<ExplanationLevel, string>,
  pitchedAt: (question: string, skill: string, mastery: string, level: string) =>
    `My last answer (to “${question}”) was about **${skill}**: your mastery there was ${mastery}, so I pitched it as for ${level}.`,
  noPitchYet: "I have not answered a question of yours here yet. Type `/why <skill>` to see how a skill's estimate came about.",
};
