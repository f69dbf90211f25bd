import type { Messages } from "../tutor/i18n/messages.js";

/** The course library refuses bigger files anyway (its `maxFileBytes`): no point fetching them. */
export const MAX_UPLOAD_BYTES = 1_000_000;
export const DOWNLOAD_TIMEOUT_MS = 15_000;

export interface DownloadLimits {
  maxBytes: number;
  timeoutMs: number;
  /** e.g. Slack's `Authorization: Bearer xoxb-…` for `url_private_download`. */
  headers?: Record<string, string>;
}

export type Download = { ok: true; data: Uint8Array } | { ok: false; reason: string };

/** The size a platform declares for a file, checked before anything is downloaded. */
export function refuseOversized(name: string, declaredBytes: number, maxBytes: number, messages: Messages): string | undefined {
  if (declaredBytes <= maxBytes) return undefined;
  return messages.t("adapter.file-too-big", { name, size: formatBytes(declaredBytes), limit: formatBytes(maxBytes) });
}

/**
 * Downloads a chat attachment within a size limit and a timeout. The body is read chunk by chunk and
 * abandoned as soon as it passes the limit, so a platform that under-declared a size cannot make us
 * buffer a huge file. Failures are values: the reply to the teacher names them, in `messages`' language.
 */
export async function downloadFile(url: string, name: string, limits: DownloadLimits, messages: Messages): Promise<Download> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, limits.timeoutMs);
  const tooBig: Download = {
    ok: false,
    reason: messages.t("adapter.download-too-big", { name, limit: formatBytes(limits.maxBytes) }),
  };
  try {
    const response = await fetch(url, { headers: limits.headers, signal: controller.signal, redirect: "follow" });
    if (!response.ok || response.body === null)
      return { ok: false, reason: messages.t("adapter.download-http-error", { name, status: response.status }) };
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > limits.maxBytes) {
        controller.abort();
        return tooBig;
      }
      chunks.push(chunk);
    }
    return { ok: true, data: Buffer.concat(chunks) };
  } catch (error) {
    if (!timedOut && controller.signal.aborted) return tooBig;
    if (timedOut)
      return { ok: false, reason: messages.t("adapter.download-timed-out", { name, seconds: Math.ceil(limits.timeoutMs / 1000) }) };
    return {
      ok: false,
      reason: messages.t("adapter.download-failed", { name, error: error instanceof Error ? error.message : String(error) }),
    };
  } finally {
    clearTimeout(timer);
  }
}

function formatBytes(bytes: number): string {
  return `${Math.ceil(bytes / 1000)} kB`;
}
