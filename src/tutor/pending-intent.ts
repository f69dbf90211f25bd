import type { QuizItem } from "../retrieval/content/schema.js";
import { readChoice, readNumber } from "./grading.js";

/**
 * How a student's message reads while a quiz item waits for an answer, once the command registry has had
 * its say: an attempt, a question or request for the tutor, or small talk. Only an attempt is graded, so
 * where a message is in doubt it is not an attempt: a missed answer costs a retype (`/answer …`), a chat
 * misread as an answer costs mastery.
 *
 * Decisions on the hard cases:
 * - Multiple choice and numeric items take only what reads as a choice (a letter, even one out of range, or
 *   a choice's text) or a number, after the framing words ("I think it's B", "答案是五"); anything else is a
 *   question for the tutor, never "please answer with a letter".
 * - A trailing "?" (or 吗) on something that reads as an answer is a tentative attempt and is graded:
 *   "B?", "42?", "x = 5?". On a short answer, a one-word guess counts too ("mutable?"), except a lone
 *   interrogative ("why?").
 * - A short answer is an attempt unless it asks or requests something ("explain this question", "what
 *   does count mean", "我不懂"), so a one-word answer that is a question word ("is", "which") or code
 *   ("x = 5") is graded; a wh-word counts as asking when an auxiliary follows within three words ("when
 *   does it stop"), not otherwise ("when the condition is false").
 * - "yes" and "no" alone answer a short-answer item (a yes/no question); for the others they are small talk.
 */

/** The pending item as routing needs it; `giveUpOffered` when the tutor asked "see the answer?" last turn. */
export interface PendingQuestion {
  type: QuizItem["type"];
  /** A multiple-choice item's choices, so that a choice's text counts as choosing it. */
  choices?: readonly string[];
  giveUpOffered?: boolean;
}

/** What a message means while an item is pending, when it is no command. */
export type PendingReading = { kind: "attempt"; answer: string } | { kind: "ask"; question: string } | { kind: "small-talk" };

/** One language's words; matched on NFKC-folded, lower-case text with the closing punctuation removed. */
interface IntentPhrases {
  /** Framing before the value, stripped repeatedly: "i think", "it's", "the answer is", "我觉得", "答案是", "我选". */
  before: RegExp[];
  /** Framing after the value: "B is correct", "B, I think", "是B吧". */
  after: RegExp;
  /** A question or a request to the tutor, even without a question mark. */
  asking: RegExp;
  /** A question word alone ("why", "why?"): never a one-word answer. */
  interrogative: RegExp;
  /** Thanks, greetings, acknowledgements: the whole message. */
  smallTalk: RegExp;
  /** Yes or no alone. */
  yesNo: RegExp;
  /** Yes, to "do you want to see the answer?". */
  yes: RegExp;
}

const AUXILIARY = "(?:is|are|was|were|am|do|does|did|can|could|should|would|will|has|have|had|mean|means|happens?)";

/** English words are understood in every course, as the registry's English plain words are. */
const ENGLISH: IntentPhrases = {
  before: [
    /^(?:i\s+(?:think|guess|believe|reckon|suppose|would\s+say|say)|i['’]d\s+say|maybe|perhaps|probably|hmm+|um+|uh+|well|so|ok(?:ay)?|it(?:['’]s|\s+is|\s+must\s+be|\s+should\s+be|\s+would\s+be)|that(?:['’]s|\s+is|\s+would\s+be)|is\s+it|(?:option|choice|letter))(?:[\s,:]+|$)/,
    /^(?:(?:the|my)\s+)?(?:final\s+|correct\s+|right\s+)?answer(?:\s+(?:is|would\s+be|should\s+be|must\s+be))?\s*[:=-]?\s+|^answer\s*[:=-]\s*|^i(?:['’]ll|['’]d|\s+will|\s+would)?\s+(?:choose|pick|select|go\s+(?:with|for))\s+/,
  ],
  after:
    /(?:\s+is\s+(?:the\s+)?(?:correct|right)(?:\s+(?:answer|one))?|\s+is\s+the\s+answer|,?\s+(?:i\s+think|i\s+guess|maybe|probably|right))$/,
  asking: new RegExp(
    [
      "^(?:(?:please|pls|plz|ok(?:ay)?|hmm+|um+|but|and|wait|sorry|hey|so|well)[\\s,]+)*(?:",
      [
        "explain|describe|clarify|elaborate|summari[sz]e",
        "(?:tell|show|teach|give|remind|help|walk)\\s+(?:me|us)\\b",
        "help\\s+with\\b",
        "go\\s+over\\b",
        "(?:repeat|rephrase|reword|simplify)\\s+(?:the\\s+question|that|it|this|please)\\b",
        "(?:can|could|would|will|may|might|shall|should)\\s+(?:you|i|we|u)\\b",
        "(?:do|did)\\s+(?:you|u)\\b",
        `(?:what|why|how|which|who|whom|whose|where|when)(?:['’](?:s|re|d)\\b|\\s+(?:\\S+\\s+){0,2}${AUXILIARY}\\b)`,
        "(?:what|why|how)\\s+(?:about|if|come|so)\\b",
        "i\\s+(?:do\\s*n[o'’]?t|dont|can['’]?t|cannot)\\s+(?:understand|get\\s+(?:it|this|that|the\\s+question)|follow|see\\s+why)",
        "i(?:['’]m|\\s+am)\\s+(?:confused|lost|stuck)",
        "i\\s+(?:need|want|would\\s+like|['’]d\\s+like)\\s+(?:help|an?\\s+(?:example|explanation)|more|you|to\\s+(?:know|understand|see))",
        "let['’]?s\\b|let\\s+me\\b",
        "i\\s+have\\s+a\\s+question",
      ].join("|"),
      ")",
    ].join(""),
  ),
  interrogative: /^(?:what|why|how|huh|pardon|eh|really)$/,
  smallTalk:
    /^(?:(?:thanks?|thank\s+you|thx|ty|cheers)(?:\s+(?:a\s+lot|so\s+much|very\s+much|again|you))*|ok(?:ay)?|k|kk|cool|nice|great|awesome|perfect|got\s+it|i\s+see|sure|fine|alright|all\s+right|hi|hello|hey|good\s+(?:morning|afternoon|evening)|bye|lol|haha|hm+|wow|oh|ah|oops|sorry|no\s+problem|never\s*mind|nvm|no\s+thanks?|not\s+yet|later|wait|one\s+(?:sec|second|moment))$/,
  yesNo: /^(?:yes|yeah|yep|yup|no|nope|nah)$/,
  yes: /^(?:y|yes|yeah|yep|yup|sure|ok(?:ay)?|please|yes\s+please|do\s+it|go\s+ahead|show\s+(?:me|it)|confirm)$/,
};

const CHINESE: IntentPhrases = {
  before: [
    /^(?:(?:我的)?(?:正确)?答案(?:应该)?(?:是|为|就是)?[:：]?|我(?:要)?选(?:择)?|选(?:择)?)/,
    /^(?:我(?:觉得|认为|猜|想|估计)|应该|可能|大概|也许|或许|嗯|那|那么|是不是|就|是)/,
  ],
  after: /(?:吧|啊|呀|嘛|对吧|是对的|对不对|是正确的|正确)$/,
  asking:
    /^(?:请|麻烦|能不能|能否|可不可以|可以|你能|你可以|帮我|帮忙|告诉我|给我|讲讲|讲一下|说说|解释|再解释|说明|举个例子|我不懂|我不明白|我不理解|不懂|没懂|看不懂|这道题|这题|这个题|题目|为什么|怎么|怎样|如何|什么|哪)|什么意思|是什么|为什么|怎么|如何|不懂|不明白|不理解/,
  interrogative: /^(?:什么|为什么|怎么|啥|哪个|真的)$/,
  smallTalk:
    /^(?:谢谢(?:你|老师|啦)?|多谢|谢啦|谢了|感谢|好的?|好吧|嗯+|哦+|噢|明白了?|知道了|懂了|收到|行|没问题|你好|您好|嗨|再见|哈哈+|算了|等一下|稍等|不用了)$/,
  yesNo: /^(?:是|是的|对|不是|不对|不)$/,
  yes: /^(?:是|是的|好|好的|确定|对|嗯|要|行|可以|看答案)$/,
};

const PHRASES: Record<string, IntentPhrases> = { en: ENGLISH, zh: CHINESE };

/** The course language's phrases, then English (a student may write English in any course). */
function phrasesFor(language: string): IntentPhrases[] {
  const own = PHRASES[language.toLowerCase().split("-")[0] ?? "en"];
  return own && own !== ENGLISH ? [own, ENGLISH] : [ENGLISH];
}

const TENTATIVE = /(?:吗\?*|\?+)$/u;
const CLOSING = /[\s.。!！~～…、]+$/u;
const QUOTED = /^(["'`“‘「])(.+)(["'`”’」])$/u;
const CODE_LIKE = /[=()[\]{}<>+*/%]|^[\p{L}_][\p{L}\p{N}_]*\.[\p{L}_]/u;
const CHOICE_LETTER = /^\(?([a-f])\)?$/i;
const LEADING_CHOICE = /^\(?([a-f])\)?(?:[.):]|\s+(?:because|since)\b|\s*[-–—,]\s+)/i;

/** The message as matched: NFKC (full-width letters and digits, "？"), lower case, closing punctuation off. */
function fold(text: string): string {
  return text.normalize("NFKC").trim().toLowerCase().replace(CLOSING, "");
}

/**
 * The value a message gives as its answer, without its framing: "I think it's B" → "b", "答案是五。" → "五",
 * "the answer is x = 5" → "x = 5"; `tentative` when it ends in "?" or 吗 ("B?").
 */
export function answerValue(text: string, language: string): { value: string; tentative: boolean } {
  let value = fold(text);
  const tentative = TENTATIVE.test(value);
  value = value.replace(TENTATIVE, "").replace(CLOSING, "");
  const phrases = phrasesFor(language);
  for (let pass = 0; pass < 4; pass++) {
    const before = value;
    for (const { before, after } of phrases) {
      for (const framing of before) {
        const words = framing.exec(value);
        if (words && words[0].length < value.length) value = value.slice(words[0].length).trim();
      }
      const tail = after.exec(value);
      if (tail && tail.index > 0) value = value.slice(0, tail.index).trim();
      value = value.replace(CLOSING, "");
    }
    if (value === before) break;
  }
  const quoted = QUOTED.exec(value);
  return { value: quoted ? quoted[2]!.trim() : value, tentative };
}

/** Reads a message that is no command while `pending` waits for an answer. */
export function readPendingMessage(text: string, pending: PendingQuestion, language: string): PendingReading {
  const phrases = phrasesFor(language);
  const folded = fold(text);
  const bare = folded.replace(TENTATIVE, "").replace(CLOSING, "");
  const ask = { kind: "ask", question: text.trim() } as const;
  const attempt = { kind: "attempt", answer: text.trim() } as const;
  const yesOrNo = phrases.some(({ yesNo }) => yesNo.test(bare));
  if (yesOrNo) return pending.type === "short_answer" ? attempt : { kind: "small-talk" };
  if (phrases.some(({ smallTalk }) => smallTalk.test(bare.replace(/[\p{Extended_Pictographic}\s]+$/u, "")))) return { kind: "small-talk" };
  const { value, tentative } = answerValue(text, language);
  switch (pending.type) {
    case "multiple_choice": {
      const leading = LEADING_CHOICE.exec(value);
      const readable =
        CHOICE_LETTER.test(value) ||
        leading !== null ||
        (pending.choices !== undefined && readChoice(value, { choices: pending.choices }) !== undefined);
      return readable ? attempt : ask;
    }
    case "numeric":
      return readNumber(value) !== undefined ? attempt : ask;
    case "short_answer": {
      if (phrases.some(({ asking, interrogative }) => asking.test(bare) || interrogative.test(bare))) return ask;
      if (!tentative) return attempt;
      const oneWord = /^\S+$/u.test(value) && !phrases.some(({ interrogative }) => interrogative.test(value));
      return CODE_LIKE.test(value) || oneWord ? attempt : ask;
    }
  }
}

/** "yes", "sure", "是的": the student confirms they want to see the answer. */
export function isYes(text: string, language: string): boolean {
  const bare = fold(text);
  return phrasesFor(language).some(({ yes }) => yes.test(bare));
}

/**
 * What an attempt gives to grade and to keep in the attempt log: the choice or the number without its
 * framing ("I think it's B" → "B", "答案是五" → "五"); a short answer as written, framing and all, since the
 * rubric reads the whole of it.
 */
export function attemptValue(text: string, type: QuizItem["type"], language: string): string {
  if (type === "short_answer") return text.trim();
  const { value } = answerValue(text, language);
  if (type === "numeric") return value;
  const letter = CHOICE_LETTER.exec(value) ?? LEADING_CHOICE.exec(value);
  return letter ? letter[1]!.toUpperCase() : value;
}
