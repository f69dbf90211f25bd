import { DEFAULT_BKT_PARAMS } from "../../src/tutor/mastery/bkt.js";
import { correctChoice, type Course, type QuizItem } from "../../src/retrieval/content/schema.js";
import type { LeakLog } from "../../src/tutor/leak-guard/leak-log.js";
import { REPLY_WORD_BUDGET } from "../../src/tutor/prompt.js";
import type { AnswerPitch, ProfileStore } from "../../src/tutor/store/profile-store.js";
import type { ReplyEvent, TurnHandler } from "../../src/tutor/turn.js";
import type { DialogueCase, DialogueTurn } from "./cases.js";

/** The real tutor, as both the offline suite and the model evaluation drive it. */
export interface DialogueTutor {
  handler: TurnHandler;
  store: ProfileStore;
  leakLog: LeakLog;
  course: Course;
}

/** What one turn did, observed from outside the tutor: its events, the store and the leak log. */
export interface TurnRecord {
  turn: DialogueTurn;
  events: ReplyEvent[];
  /** Every message and notice of the turn, as the student reads them. */
  text: string;
  /** The main message's text (the model's answer, once guarded). */
  reply: string;
  actions: string[];
  guardStops: number;
  /** p(known) of the pending item's skill before and after the turn. */
  masteryBefore?: number;
  masteryAfter?: number;
  /** The skill and level the turn's generated answer was pitched at, as `/why` reports them. */
  pitch?: AnswerPitch;
  /** The item pending at the turn's start, whose key must not show before an attempt or /giveup. */
  pendingItem?: QuizItem;
}

/** Automatic checks a school can read for any model: never the key, a question at the end, the length, a citation. */
export interface ReplyChecks {
  keyRevealed: boolean;
  stoppedByGuard: boolean;
  endsWithQuestion: boolean;
  words: number;
  wordBudget: number;
  cited: boolean;
}

const CLASS_PREFIX = "dialogue:class:";

/** Turn ids are unique across runs: the tutor ignores a turn id it has seen (a platform's retry). */
let turnCount = 0;

/** The teacher who sets each case's style: name it under `teachers:` for the course. */
export const DIALOGUE_TEACHER = "test:user:dialogue-teacher";

export const caseStudent = (index: number) => `dialogue:student:${index}`;

/** Sets the case up (style, mastery, pending item), then plays its turns one by one. */
export async function runDialogueCase(
  tutor: DialogueTutor,
  dialogue: DialogueCase,
  index: number,
  onTurn?: (record: TurnRecord) => void,
): Promise<TurnRecord[]> {
  const courseId = tutor.course.manifest.id;
  const studentId = caseStudent(index);
  const conversationId = `dialogue:conversation:${index}`;
  const send = async (text: string, isTeacher = false): Promise<ReplyEvent[]> => {
    turnCount += 1;
    const events: ReplyEvent[] = [];
    const turn = {
      id: `dialogue-turn-${turnCount}`,
      platform: "test",
      classScopes: [`${CLASS_PREFIX}${index}`],
      conversationId: isTeacher ? `${conversationId}:teacher` : conversationId,
      student: { id: isTeacher ? DIALOGUE_TEACHER : studentId },
      visibility: "private" as const,
      text,
    };
    for await (const event of tutor.handler.handle(turn)) events.push(event);
    return events;
  };
  await send(`/style ${dialogue.style}`, true);
  for (const [skillId, value] of Object.entries(dialogue.mastery ?? {}))
    await tutor.store.setOverride(courseId, studentId, skillId, value, "dialogue case", "dialogue");
  if (dialogue.item) {
    await send(`/quiz ${dialogue.item.skill}`);
    if ((await tutor.store.getPendingItem(courseId, studentId, conversationId))?.itemId !== dialogue.item.id) {
      await tutor.store.setPendingItem(courseId, studentId, conversationId, {
        itemId: dialogue.item.id,
        hints: [],
        wrongAttempts: 0,
        wrongAnswers: [],
        askedAt: Date.now(),
      });
    }
  }
  const pKnown = async (skillId: string) => {
    const record = (await tutor.store.getMastery(courseId, studentId)).find((mastery) => mastery.skillId === skillId);
    return (
      record?.override?.value ?? record?.pKnown ?? ((await tutor.store.getSkillParams(courseId)).get(skillId) ?? DEFAULT_BKT_PARAMS).prior
    );
  };
  const records: TurnRecord[] = [];
  let item: QuizItem | undefined = dialogue.item && tutor.course.items.find((doc) => doc.item.id === dialogue.item!.id)?.item;
  for (const turn of dialogue.turns) {
    const pending = await tutor.store.getPendingItem(courseId, studentId, conversationId);
    if (pending) item = tutor.course.items.find((doc) => doc.item.id === pending.itemId)?.item;
    const stopsBefore = tutor.leakLog.list({ studentId }).length;
    const masteryBefore = item && (await pKnown(item.skill));
    const events = await send(turn.say);
    const pitch = await tutor.store.getAnswerPitch(courseId, studentId, conversationId);
    const shown = events.flatMap((event) => (event.type === "message" || event.type === "notice" ? [event.text] : []));
    const messages = events.filter((event) => event.type === "message");
    const record: TurnRecord = {
      turn,
      events,
      text: shown.join("\n\n"),
      reply: messages.at(-1)?.text ?? shown.at(-1) ?? "",
      actions: messages.flatMap((message) => message.actions.map((action) => action.command)),
      guardStops: tutor.leakLog.list({ studentId }).length - stopsBefore,
      masteryBefore,
      masteryAfter: item && (await pKnown(item.skill)),
      // A case never asks the same thing twice, so a pitch for this text is this turn's.
      pitch: pitch?.question === turn.say ? pitch : undefined,
      pendingItem: pending ? item : undefined,
    };
    records.push(record);
    onTurn?.(record);
  }
  return records;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Whether a text gives an item's key: the model answer, the right choice by letter or by its text, or the
 * number as a number of its own (not a digit of 5.75, a percentage, a hint's "1 of 2" or a citation).
 */
export function statesKey(text: string, item: QuizItem): boolean {
  const plain = text
    .replace(/Hint \d+ of \d+/g, "")
    .replace(/\[\d{1,2}\]/g, "")
    .replace(/\d+% → \d+%|\d+%/g, "");
  const asNumber = (value: string) => new RegExp(`(?<![\\d.,])${escape(value)}(?![\\d%]|[.,]\\d)`).test(plain);
  switch (item.type) {
    case "multiple_choice": {
      const choice = correctChoice(item);
      return (
        new RegExp(`\\b${item.answer}\\)|[Aa]nswer\\W+(?:is\\W+)?${item.answer}\\b|\\b${item.answer}\\W+is\\W+(?:right|correct)`).test(
          plain,
        ) || (/^\d/.test(choice) ? asNumber(choice) : new RegExp(`(?<![\\w"'])${escape(choice)}(?![\\w"'])`).test(plain))
      );
    }
    case "numeric":
      return asNumber(String(item.answer));
    case "short_answer":
      return plain.includes(item.answer.trim());
  }
}

/** The checks on one generated reply, against the budget of the level it was pitched at. */
export function checkReply(record: TurnRecord): ReplyChecks {
  const body = record.reply.replace(/\s*\[\d{1,2}\]/g, "").trim();
  const level = record.pitch?.level ?? "novice";
  return {
    keyRevealed: record.pendingItem !== undefined && statesKey(record.text, record.pendingItem),
    stoppedByGuard: record.guardStops > 0,
    endsWithQuestion: /\?\W*$/.test(body.replace(/```[\s\S]*?```/g, "").trim()),
    words: body.split(/\s+/).filter(Boolean).length,
    wordBudget: REPLY_WORD_BUDGET[level],
    cited: /\[\d{1,2}\]/.test(record.reply),
  };
}
