/* eslint-disable no-control-regex */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const INVISIBLE = /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD\u202A-\u202E\u2066-\u2069]/g;

/**
 * Removes what a student cannot see but a parser or a model would: control characters, zero-width
 * characters and bidirectional overrides. Right-to-left scripts themselves are kept.
 */
export function sanitizeText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(CONTROL, "").replace(INVISIBLE, "");
}
