import type { OfferedFile } from "../teacher-uploads.js";
import type { MessageEvent } from "./slack-payloads.js";

/** The downloadable files of a message; files Slack hides (plan limits, external) have no download URL and are skipped. */
export function toOfferedFiles(files: MessageEvent["files"]): OfferedFile[] {
  return (files ?? []).flatMap((file) =>
    file.name && file.url_private_download && file.size !== undefined
      ? [{ name: file.name, size: file.size, url: file.url_private_download }]
      : [],
  );
}
