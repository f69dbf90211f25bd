/**
 * Context that marks a value as *the answer*: a number in a lesson is teaching, the same number after
 * "the answer is" is a leak. Cues are matched on folded lower-case text.
 */

/** Words that name a value as the answer, whatever the reply is about. */
const STRONG_CUE =
  /\b(?:answers?|solutions?|correct|confirm(?:ed)?|respuesta|reponse|resultado|resultat|antwort|ergebnis|risposta|resposta|losung|solucion)\b/;
/**
 * Chinese writes no spaces, so its cues are read right before the value: "答案是五", "正确答案为 5", "答案：B".
 * A cue further back ("答案不是唯一的。第五行") says nothing about this value.
 */
const CHINESE_STRONG_CUE = /(?:答案|解答|正确的?(?:选项|结果)?)(?:应该|应当|就|其实)?(?:是|为|選|选)?\s*:?\s*[*_`"'“「(]{0,4}$/;
/** "结果是五", "输出 5", "等于五": the answer only in a reply about the quiz, like CODE_CUE. */
const CHINESE_NEAR_CUE = /(?:是|为|等于|得到|得|结果|输出|打印出?|返回|选)\s*:?\s*[*_`"'“「(]{0,4}$/;
/** Words that explain code ("prints 3") in any lesson: they mark the answer only in a reply about the quiz. */
const CODE_CUE = /\b(?:results?|outputs?|prints?|printed|displays?|evaluates?|equals?|final|shows?)\b/;
const NEAR_CUE = /(?:\bis|\bit'?s|=|==|:|->|→|\bgives?|\breturns?|\bget|\bgot|\bes|\best|\bist|\bbe|\byes|\bright|\bwith)[\s*_`"'(]{0,4}$/;
const QUIZ_WORDS =
  /\b(?:quiz|question|answers?|solution|solved?|exercise|problem|hint|test|choices?|correct|respuesta|reponse|antwort|pending)\b|这道题|这题|题目|答案|选项|测验|练习题/;
/** Asking for a value rather than an explanation; in a reply the same words are ordinary prose. */
const REQUEST_WORDS = /\b(?:tell me|give me|just the|which one|the (?:value|number|letter|result)|what did you get)\b/;
export const FRAGMENT_CUE =
  /\b(?:digits?|letters?|characters?|chars?|first|second|third|fourth|last|next|begins?|starts?|ends?|one at a time|part)\b/;
export const NEGATION = /\b(?:wrong|not|incorrect|isn'?t|aren'?t|eliminat\w*|rule[sd]? out|false|never)\b/;

/** The words before `index` in the same sentence, at most 60 characters. */
export function windowBefore(lower: string, index: number): string {
  const before = lower.slice(Math.max(0, index - 60), index);
  const breaks = [...before.matchAll(/[.!?](?:\s|$)|[。！？；]/g)];
  const last = breaks.at(-1);
  return last ? before.slice((last.index ?? 0) + last[0].length) : before;
}

export function hasStrongCue(window: string): boolean {
  return STRONG_CUE.test(window) || CHINESE_STRONG_CUE.test(window);
}

export function hasNearCue(window: string): boolean {
  return NEAR_CUE.test(window) || CODE_CUE.test(window) || CHINESE_NEAR_CUE.test(window);
}

/** Whether a reply, or the student's message (`asked`), is about the quiz item: weak evidence counts then. */
export function mentionsQuiz(lower: string, asked = false): boolean {
  return QUIZ_WORDS.test(lower) || (asked && REQUEST_WORDS.test(lower));
}

/** The line around `index`, without Markdown and punctuation: "**5**" and "| 5 |" are the bare value. */
export function bareLineAt(lower: string, index: number): string {
  const start = lower.lastIndexOf("\n", index - 1) + 1;
  const end = lower.indexOf("\n", index);
  return lower
    .slice(start, end === -1 ? undefined : end)
    .replace(/[^\p{L}\p{N}.-]+/gu, " ")
    .trim();
}
