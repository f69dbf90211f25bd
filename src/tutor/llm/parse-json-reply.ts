import { LlmBadOutputError } from "../../errors.js";

/** Structured output arrives as a JSON string in the message content; callers validate its shape with zod. */
export function parseJsonReply(content: string): unknown {
  try {
    return JSON.parse(content);
  } catch (error) {
    throw new LlmBadOutputError(`not valid JSON: ${content.slice(0, 120)}`, { cause: error });
  }
}
