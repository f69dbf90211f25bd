import { redactSecrets } from "../../logger.js";

/** One log line for an error: its class, Slack's error code when there is one, the message; never a token. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return redactSecrets(String(error));
  const data = (error as { data?: { error?: unknown } }).data;
  const slackCode = typeof data?.error === "string" ? ` [${data.error}]` : "";
  return redactSecrets(`${error.name}${slackCode}: ${error.message}`);
}
