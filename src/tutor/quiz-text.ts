import { choiceLetter, correctChoice, type QuizItem } from "../retrieval/content/schema.js";
import type { Messages } from "./i18n/messages.js";
import type { ItemChoice } from "./item-selection.js";
import type { Action } from "./turn.js";

/** The question as a student sees it: never the answer, explanation or rubric. */
export function renderQuestion(item: QuizItem, skillName: string, messages: Messages): { text: string; actions: Action[] } {
  const lines = [messages.t("quiz.question-heading", { skill: skillName }), "", item.prompt.trim()];
  const actions: Action[] = [];
  if (item.type === "multiple_choice") {
    lines.push("");
    item.choices.forEach((choice, index) => {
      const letter = choiceLetter(index);
      lines.push(`**${letter})** ${choice}`);
      actions.push({ label: letter, command: `/answer ${letter}`, style: "primary" });
    });
    lines.push("", messages.t("quiz.pick-letter"));
  } else if (item.type === "numeric") {
    lines.push("", messages.t("quiz.type-number"));
  } else {
    lines.push("", messages.t("quiz.type-sentence"));
  }
  actions.push({ label: messages.t("button.hint"), command: "/hint", style: "secondary" });
  return { text: lines.join("\n"), actions };
}

/** The correct answer, shown only after the student got it right or gave up. */
export function renderSolution(item: QuizItem): string {
  switch (item.type) {
    case "multiple_choice":
      return `${item.answer}) ${correctChoice(item)}`;
    case "numeric":
      return item.tolerance > 0 ? `${item.answer} (± ${item.tolerance})` : String(item.answer);
    case "short_answer":
      return item.answer;
  }
}

export function masteryBar(p: number, width = 10): string {
  const filled = Math.round(Math.max(0, Math.min(1, p)) * width);
  return "█".repeat(filled) + "░".repeat(width - filled);
}

/**
 * Why this item, in one line: above a question ("Next up: Loops — you are ready for it …") or, as the
 * `next-step` of the progress report, without the "Next up" its heading already says.
 */
export function describeChoice(
  choice: ItemChoice,
  skillName: string,
  messages: Messages,
  where: "question" | "next-step" = "question",
): string {
  // Rounded to tens: the estimate is not precise enough for more.
  const chance = messages.percent(Math.round(choice.chance * 10) / 10);
  const reason = where === "next-step" && choice.reason === "ready" ? "ready-next-step" : choice.reason;
  return messages.t(`quiz.reason.${reason}`, { skill: skillName, chance });
}
