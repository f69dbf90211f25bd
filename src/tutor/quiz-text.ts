import { choiceLetter, correctChoice, type QuizItem } from "../retrieval/content/schema.js";
import type { Action } from "./turn.js";

/** The question as a student sees it: never the answer, explanation or rubric. */
export function renderQuestion(item: QuizItem, skillName: string): { text: string; actions: Action[] } {
  const lines = [`**Question** · ${skillName}`, "", item.prompt.trim()];
  const actions: Action[] = [];
  if (item.type === "multiple_choice") {
    lines.push("");
    item.choices.forEach((choice, index) => {
      const letter = choiceLetter(index);
      lines.push(`**${letter})** ${choice}`);
      actions.push({ label: letter, command: `/answer ${letter}`, style: "primary" });
    });
    lines.push("", "Pick a letter.");
  } else if (item.type === "numeric") {
    lines.push("", "Type a number.");
  } else {
    lines.push("", "Type your answer in a sentence or two.");
  }
  actions.push({ label: "Hint", command: "/hint", style: "secondary" });
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

export function percent(p: number): string {
  return `${Math.round(p * 100)}%`;
}

export function masteryBar(p: number, width = 10): string {
  const filled = Math.round(Math.max(0, Math.min(1, p)) * width);
  return "█".repeat(filled) + "░".repeat(width - filled);
}
