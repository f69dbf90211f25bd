/** Anything that looks like a Slack token, in case a library ever puts one in an error message. */
const TOKEN = /\bx(?:ox[a-z]|app)-[A-Za-z0-9-]+/g;

/** One log line for an error: its class, Slack's error code when there is one, the message; never a token. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return redactTokens(String(error));
  const data = (error as { data?: { error?: unknown } }).data;
  const slackCode = typeof data?.error === "string" ? ` [${data.error}]` : "";
  return redactTokens(`${error.name}${slackCode}: ${error.message}`);
}

export function redactTokens(text: string): string {
  return text.replace(TOKEN, "[token]");
}
