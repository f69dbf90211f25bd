/* eslint-disable no-control-regex */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** Every format character (Unicode category Cf): zero-width spaces and joiners, bidi controls, tag characters. */
const INVISIBLE = /\p{Cf}/gu;

/**
 * Removes what a student cannot see but a parser or a model would: control characters, zero-width
 * characters and bidirectional overrides. Right-to-left scripts themselves are kept.
 */
export function sanitizeText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(CONTROL, "").replace(INVISIBLE, "");
}
