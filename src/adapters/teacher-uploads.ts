import type { Messages } from "../tutor/i18n/messages.js";
import type { ReplyEvent, Turn, TurnHandler } from "../tutor/turn.js";
import { DOWNLOAD_TIMEOUT_MS, downloadFile, MAX_UPLOAD_BYTES, refuseOversized, type DownloadLimits } from "./download-file.js";

/** A file a platform says was attached to a message: its size as declared, and where to fetch it. */
export interface OfferedFile {
  name: string;
  size: number;
  url: string;
}

export interface CollectedUploads {
  attachments: Array<{ name: string; data: Uint8Array }>;
  /** One line per file not downloaded, for the teacher. */
  refusals: string[];
}

/**
 * The tutor's `/content …` text for a chat message that asks for it: `/content …`, or `content list|upload|
 * remove|check …` without the slash (Slack and Discord read a leading `/` as their own command picker).
 * Undefined for anything else, so "content of lesson 3?" stays a question.
 */
export function toContentCommand(text: string): string | undefined {
  const trimmed = text.trim();
  if (/^\/content\b/i.test(trimmed)) return trimmed;
  return /^content\s+(?:list|upload|remove|check)\b/i.test(trimmed) ? `/${trimmed}` : undefined;
}

export function isUploadCommand(command: string | undefined): boolean {
  return command !== undefined && /^\/content\s+upload\b/i.test(command);
}

/**
 * Downloads each offered file within the limits; an oversized one is refused from its declared size, unfetched.
 * Refusals are written in `messages`' language (the place's course).
 */
export async function collectUploads(
  files: OfferedFile[],
  messages: Messages,
  limits: Partial<DownloadLimits> = {},
): Promise<CollectedUploads> {
  const resolved: DownloadLimits = { maxBytes: MAX_UPLOAD_BYTES, timeoutMs: DOWNLOAD_TIMEOUT_MS, ...limits };
  const collected: CollectedUploads = { attachments: [], refusals: [] };
  for (const file of files) {
    const tooBig = refuseOversized(file.name, file.size, resolved.maxBytes, messages);
    if (tooBig !== undefined) {
      collected.refusals.push(messages.t("content.not-saved", { reason: tooBig }));
      continue;
    }
    const download = await downloadFile(file.url, file.name, resolved, messages);
    if (download.ok) collected.attachments.push({ name: file.name, data: download.data });
    else collected.refusals.push(messages.t("content.not-saved", { reason: download.reason }));
  }
  return collected;
}

/**
 * The replies to an upload: the files the adapter refused first, then the tutor's answer for the rest.
 * When nothing was downloaded the tutor is not asked (it would only say "attach the files").
 */
export async function* replyToUpload(handler: TurnHandler, turn: Turn, refusals: string[]): AsyncIterable<ReplyEvent> {
  for (const text of refusals) yield { type: "message", text, sources: [], actions: [], audience: "student" };
  if (refusals.length > 0 && (turn.attachments ?? []).length === 0) return;
  yield* handler.handle(turn);
}
