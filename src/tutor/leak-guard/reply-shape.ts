/**
 * What only the whole reply shows, read once as it grows: the first letters of its lines and of its
 * sentences (an acrostic spells the answer across the reply) and the lines that start with a choice
 * letter ("B) 14"). Fed folded text in order; `peek` adds a text that may still change (the unfinished
 * word of a stream) without keeping it.
 */

interface ShapeState {
  /** Initials of the finished lines that have a letter. */
  lineInitials: string;
  line: { inMargin: boolean; initial: string; hasLetter: boolean; head: string };
  /** Initials of the finished sentences (none for one without a letter or digit), and how many there are. */
  sentenceInitials: string;
  sentences: number;
  sentence: { initial: string; afterStop: boolean; inGap: boolean };
  /** Choice letters that start finished lines ("B) 14"). */
  choiceLines: string;
}

export interface ShapeView {
  /** First letters of the lines with a letter in them, and how many such lines there are. */
  lineInitials: string;
  lines: number;
  sentenceInitials: string;
  sentences: number;
  /** The choice letters that start lines, in order. */
  choiceLines: string;
}

/** The margin of a line that an acrostic skips: indentation, Markdown marks, list numbers. */
const LINE_MARGIN = /[\s>*_#\-\d.)`"']/;
const NON_ASCII_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const NON_ASCII_LETTER = /\p{L}/u;
const WHITESPACE = /\s/;

// Per-character tests, fast for ASCII (most of any reply): a reply is read character by character.
function isLetter(char: string, code: number): boolean {
  return code < 128 ? (code >= 65 && code <= 90) || (code >= 97 && code <= 122) : NON_ASCII_LETTER.test(char);
}
function isLetterOrDigit(char: string, code: number): boolean {
  return code < 128 ? isLetter(char, code) || (code >= 48 && code <= 57) : NON_ASCII_LETTER_OR_DIGIT.test(char);
}
function isSpace(char: string, code: number): boolean {
  return code < 128 ? code === 32 || (code >= 9 && code <= 13) : WHITESPACE.test(char);
}
const CHOICE_LINE = /^[ \t>*_([]*([A-F])\)\s/;
/** Enough of a line's start to read a choice letter from it. */
const HEAD_CHARS = 24;

function emptyLine(): ShapeState["line"] {
  return { inMargin: true, initial: "", hasLetter: false, head: "" };
}

function advance(from: ShapeState, text: string): ShapeState {
  const state: ShapeState = { ...from, line: { ...from.line }, sentence: { ...from.sentence } };
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const { line, sentence } = state;
    if (char === "\n") {
      if (line.hasLetter) state.lineInitials += line.initial;
      const choice = CHOICE_LINE.exec(`${line.head}\n`);
      if (choice) state.choiceLines += choice[1];
      state.line = emptyLine();
    } else {
      if (line.head.length < HEAD_CHARS) line.head += char;
      if (line.inMargin && !LINE_MARGIN.test(char)) line.inMargin = false;
      if (!line.inMargin && line.initial === "" && isLetterOrDigit(char, code)) line.initial = char;
      if (!line.hasLetter && isLetter(char, code)) line.hasLetter = true;
    }
    // Sentences end at whitespace after ".", "!" or "?".
    if (isSpace(char, code)) {
      if (sentence.afterStop && !sentence.inGap) {
        state.sentenceInitials += sentence.initial;
        state.sentences += 1;
        state.sentence = { initial: "", afterStop: false, inGap: true };
      }
      continue;
    }
    const current = state.sentence;
    current.inGap = false;
    current.afterStop = code === 46 || code === 33 || code === 63;
    if (current.initial === "" && isLetterOrDigit(char, code)) current.initial = char;
  }
  return state;
}

function view(state: ShapeState): ShapeView {
  const lineInitials = state.lineInitials + (state.line.hasLetter ? state.line.initial : "");
  const choice = CHOICE_LINE.exec(state.line.head);
  return {
    lineInitials,
    lines: lineInitials.length,
    sentenceInitials: state.sentenceInitials + state.sentence.initial,
    sentences: state.sentences + 1,
    choiceLines: state.choiceLines + (choice ? choice[1] : ""),
  };
}

export class ReplyShape {
  private state: ShapeState = {
    lineInitials: "",
    line: emptyLine(),
    sentenceInitials: "",
    sentences: 0,
    sentence: { initial: "", afterStop: false, inGap: false },
    choiceLines: "",
  };

  /** Reads more of the reply, for good. */
  feed(text: string): void {
    this.state = advance(this.state, text);
  }

  /** The shape of everything fed, followed by `tail`. */
  peek(tail = ""): ShapeView {
    return view(tail === "" ? this.state : advance(this.state, tail));
  }
}
