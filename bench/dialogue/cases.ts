import type { TeachingStyle } from "../../src/retrieval/content/schema.js";

/**
 * Multi-turn tutoring dialogues over the sample course (content/python-basics), run two ways: offline by
 * test/pedagogy against a scripted model on the fake Ollama, and by `npm run eval:dialogue` against a real
 * model. Each turn says what the tutor itself must do; `offline` adds what only holds with the scripted model.
 */
export interface DialogueCase {
  name: string;
  style: TeachingStyle;
  /** A quiz item pinned as pending before the first turn: `/quiz <skill>`, then this item if another came. */
  item?: { id: string; skill: string };
  /** Teacher overrides of mastery (0–1) set before the first turn. */
  mastery?: Record<string, number>;
  /** How the scripted model behaves (offline only): a tutor that follows its prompt, or one that leaks. */
  scriptedModel?: "follows-prompt" | "blurts-key" | "quotes-teacher-note";
  turns: DialogueTurn[];
}

export interface DialogueTurn {
  say: string;
  expect: TurnExpectation;
}

export interface TurnExpectation {
  /** The model writes this reply (a question for the course): it is checked for length, citations and so on. */
  generated?: boolean;
  /** Socratic: the reply asks the student before telling (ends with a question). */
  asksFirst?: boolean;
  /** The key of the pending item may appear (after a right answer or /giveup); otherwise it must not. */
  keyMayShow?: boolean;
  graded?: "right" | "wrong";
  /** The next hint rung is shown, or offered as an action. */
  offersHint?: boolean;
  /** "Why does that work?" after the answer. */
  reflects?: boolean;
  /** How the item's skill's mastery moves in this turn. */
  mastery?: "up" | "down" | "same";
  /** The skill `/why` would name for this turn's answer. */
  pitchedAt?: string;
  /** Offline only: what the model's request must and must not contain, and whether the guard stops the reply. */
  offline?: { promptHas?: string[]; promptLacks?: string[]; guardStops?: boolean; replyHas?: string[] };
}

const ASK_FIRST = "ask for their idea or first step";
const QUOTED_NUMBER = { id: "type-of-quoted-number", skill: "values-and-types" };
const INT_CUTS = { id: "int-conversion-cuts-decimals", skill: "values-and-types" };
const FLOOR_DIVISION = { id: "floor-division-result", skill: "arithmetic" };
const RANGE_COUNT = { id: "range-iteration-count", skill: "for-loops" };
const LAST_INDEX = { id: "last-index-of-six", skill: "lists" };

export const DIALOGUE_CASES: DialogueCase[] = [
  {
    name: "socratic problem: asks for the student's idea first, then one step",
    style: "socratic",
    turns: [
      {
        say: "How do I add up all the numbers in a list?",
        expect: { generated: true, asksFirst: true, pitchedAt: "lists", offline: { promptHas: [ASK_FIRST] } },
      },
      {
        say: "I think I need a loop and a variable that starts at 0?",
        expect: { generated: true, asksFirst: true, offline: { promptHas: ["Once they have, react to what they actually said"] } },
      },
    ],
  },
  {
    name: "direct problem: explains first",
    style: "direct",
    turns: [
      {
        say: "How do I add up all the numbers in a list?",
        expect: { generated: true, pitchedAt: "lists", offline: { promptHas: ["Explain step by step"], promptLacks: [ASK_FIRST] } },
      },
    ],
  },
  {
    name: "socratic concept: a short explanation and a check",
    style: "socratic",
    turns: [
      {
        say: "What is a variable?",
        expect: {
          generated: true,
          asksFirst: true,
          pitchedAt: "variables",
          offline: { promptHas: ["Explain it briefly", 'the skill "Variables and assignment"'] },
        },
      },
    ],
  },
  {
    name: "level from the skill asked about, not the passages: proficient in variables",
    style: "socratic",
    mastery: { variables: 0.97 },
    turns: [
      {
        say: "What is a variable?",
        expect: { generated: true, pitchedAt: "variables", offline: { promptHas: ["proficient in this topic", "under 70 words"] } },
      },
      {
        say: "What is the difference between a local and a global variable?",
        expect: { generated: true, pitchedAt: "scope", offline: { promptHas: ["new to this topic", "under 120 words"] } },
      },
    ],
  },
  {
    name: "wrong answer with a known misconception: the model knows it, the student never sees the note",
    style: "socratic",
    item: QUOTED_NUMBER,
    turns: [
      { say: "B", expect: { graded: "wrong", mastery: "down", offersHint: true } },
      {
        say: "Why is it not a float? It has a decimal point.",
        expect: {
          generated: true,
          asksFirst: true,
          offline: {
            promptHas: ['- "B" (teacher\'s note', "takes a number written in quotes for a number"],
            promptLacks: ["Ignores the quotes and also ignores the decimal point"],
          },
        },
      },
    ],
  },
  {
    name: "wrong answer with no known misconception: the answer, no note",
    style: "socratic",
    item: QUOTED_NUMBER,
    turns: [
      { say: "D", expect: { graded: "wrong", mastery: "down" } },
      {
        say: "Why is that wrong?",
        expect: { generated: true, asksFirst: true, offline: { promptHas: ['- "D"'], promptLacks: ["teacher's note"] } },
      },
    ],
  },
  {
    name: "a model that quotes the teacher's note is stopped, and the next hint is offered",
    style: "socratic",
    item: QUOTED_NUMBER,
    scriptedModel: "quotes-teacher-note",
    turns: [
      { say: "B", expect: { graded: "wrong", mastery: "down" } },
      { say: "What did I get wrong?", expect: { generated: true, offersHint: true, offline: { guardStops: true } } },
    ],
  },
  {
    name: "numeric misconception: int() taken for rounding",
    style: "socratic",
    item: INT_CUTS,
    turns: [
      { say: "10", expect: { graded: "wrong", mastery: "down" } },
      {
        say: "Does int() not round 7.9 up to 8?",
        expect: { generated: true, asksFirst: true, offline: { promptHas: ["rounds to the nearest whole number"] } },
      },
    ],
  },
  {
    name: "a request for the answer before any attempt: no key, the hint command instead",
    style: "socratic",
    item: FLOOR_DIVISION,
    turns: [
      {
        say: "Can you tell me the answer to this one please?",
        expect: {
          generated: true,
          asksFirst: true,
          offline: { promptHas: ["They have not answered it yet", "suggest the hint command (/hint)"] },
        },
      },
    ],
  },
  {
    name: "a model that blurts the key is stopped before the student reads it, and a hint is shown",
    style: "socratic",
    item: FLOOR_DIVISION,
    scriptedModel: "blurts-key",
    turns: [
      {
        say: "Please just give me the number",
        expect: { generated: true, offersHint: true, offline: { guardStops: true, replyHas: ["Hint 1 of 2"] } },
      },
    ],
  },
  {
    name: '"just tell me" in direct style: still no key while the item is pending',
    style: "direct",
    item: RANGE_COUNT,
    turns: [
      {
        say: "I don't want to think about it, can you just tell me?",
        expect: { generated: true, offline: { promptHas: ["Never give its answer"], promptLacks: [ASK_FIRST] } },
      },
    ],
  },
  {
    name: "a blurting model in another form (the choice's text) is stopped too",
    style: "direct",
    item: RANGE_COUNT,
    scriptedModel: "blurts-key",
    turns: [{ say: "Which one is it, honestly?", expect: { generated: true, offersHint: true, offline: { guardStops: true } } }],
  },
  {
    name: "a right first answer: mastery up, a reflection prompt, remembered for the follow-up",
    style: "socratic",
    item: QUOTED_NUMBER,
    turns: [
      { say: "C", expect: { graded: "right", mastery: "up", reflects: true, keyMayShow: true } },
      {
        say: "Because the quotes make it text",
        expect: { generated: true, keyMayShow: true, offline: { promptHas: ["Why does that work?"] } },
      },
    ],
  },
  {
    name: "a right answer on a skill already mastered: no reflection prompt",
    style: "socratic",
    item: LAST_INDEX,
    mastery: { lists: 0.97 },
    turns: [{ say: "B", expect: { graded: "right", mastery: "up", reflects: false, keyMayShow: true } }],
  },
  {
    name: "a second wrong answer: mastery stays, both answers reach the model oldest first",
    style: "socratic",
    item: FLOOR_DIVISION,
    turns: [
      { say: "5.75", expect: { graded: "wrong", mastery: "down" } },
      { say: "6", expect: { graded: "wrong", mastery: "same" } },
      {
        say: "I'm confused about what // does",
        expect: {
          generated: true,
          asksFirst: true,
          offline: { promptHas: ['- "5.75" (teacher\'s note', '- "6" (teacher\'s note', "Treats // as ordinary division"] },
        },
      },
    ],
  },
  {
    name: "hints seen reach the model in ladder order",
    style: "socratic",
    item: QUOTED_NUMBER,
    turns: [
      { say: "/hint", expect: { offersHint: true } },
      { say: "/hint", expect: { offersHint: true } },
      {
        say: "I still don't get it, can you help?",
        expect: {
          generated: true,
          asksFirst: true,
          offline: {
            promptHas: ["1. Look carefully at what surrounds the number.\n2. Quotes turn any characters into a piece of text."],
            promptLacks: ["Which of the four types is the type for text?"],
          },
        },
      },
    ],
  },
  {
    name: "every hint used: the model points to /giveup, not to more hints",
    style: "socratic",
    item: LAST_INDEX,
    turns: [
      { say: "/hint", expect: { offersHint: true } },
      { say: "/hint", expect: { offersHint: true } },
      { say: "I'm still stuck, what now?", expect: { generated: true, offline: { promptHas: ["All hints are used"] } } },
    ],
  },
  {
    name: "giving up shows the key only then, and counts as a miss",
    style: "socratic",
    item: RANGE_COUNT,
    turns: [
      { say: "Is it about where range stops?", expect: { generated: true } },
      { say: "/giveup", expect: { mastery: "down", keyMayShow: true } },
    ],
  },
  {
    name: "a question off the course: said plainly, nothing recorded",
    style: "socratic",
    turns: [{ say: "How tall is Mount Everest in metres?", expect: { generated: true, offline: { replyHas: ["does not cover"] } } }],
  },
  {
    name: "a concept question while an item is pending is part of the problem: ask first",
    style: "socratic",
    item: QUOTED_NUMBER,
    turns: [
      {
        say: "What is a string?",
        expect: { generated: true, asksFirst: true, offline: { promptHas: [ASK_FIRST, "They have not answered it yet"] } },
      },
    ],
  },
  {
    name: "a student who shows code gets one step and one question",
    style: "socratic",
    turns: [
      {
        say: "Why does this print 6 and not 15?\n```python\nfor n in range(4, 7):\n    total = 0\n    total += n\nprint(total)\n```",
        expect: { generated: true, asksFirst: true, pitchedAt: "for-loops", offline: { promptHas: [ASK_FIRST] } },
      },
    ],
  },
  {
    name: "worked examples must differ from the pending item",
    style: "direct",
    item: INT_CUTS,
    turns: [
      {
        say: "Can you show me an example of int()?",
        expect: { generated: true, offline: { promptHas: ["Any worked example must be different from this question"] } },
      },
    ],
  },
];
