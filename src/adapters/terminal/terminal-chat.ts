import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { messagesFor } from "../../tutor/i18n/messages.js";
import type { TurnHandler } from "../../tutor/turn.js";
import { renderTerminalEvent } from "./render-terminal.js";

export interface TerminalChatOptions {
  input: Readable;
  output: Writable;
  /** Where files the tutor sends (data exports) are saved. */
  downloadsDir: string;
  /** Shown once at the start when the input is a terminal. */
  greeting?: string;
  studentName?: string;
}

/**
 * A chat in the terminal: one line is one turn, replies stream as they are written. Works with piped
 * input too, handling lines in order and returning when the input ends.
 */
export async function runTerminalChat(handler: TurnHandler, options: TerminalChatOptions): Promise<void> {
  const { input, output } = options;
  const interactive = (input as { isTTY?: boolean }).isTTY === true;
  const lines = createInterface({ input, terminal: interactive });
  const sessionId = `terminal:${process.pid}:${Date.now()}`;
  const prompt = async () => {
    if (interactive) output.write(`${messagesFor(await handler.languageFor(["terminal"])).t("terminal.prompt")}> `);
  };
  if (interactive && options.greeting) output.write(`${options.greeting}\n\n`);
  await prompt();
  let count = 0;
  for await (const text of lines) {
    if (/^\s*(\/quit|\/exit)\s*$/i.test(text)) break;
    count += 1;
    let streamed = "";
    const turn = {
      id: `${sessionId}:${count}`,
      platform: "terminal",
      classScopes: ["terminal"],
      conversationId: sessionId,
      // Whoever runs the terminal chat is its operator: `terminal` in a course's teachers names them.
      student: { id: "terminal:user:local", displayName: options.studentName ?? "you", groups: ["terminal"] },
      visibility: "private" as const,
      text,
    };
    // Asked each turn: a teacher's `/course` may have moved the terminal to a course in another language.
    const messages = messagesFor(await handler.languageFor(turn.classScopes));
    for await (const event of handler.handle(turn)) {
      if (event.type === "file") {
        await mkdir(options.downloadsDir, { recursive: true });
        const file = path.join(options.downloadsDir, event.name);
        await writeFile(file, event.data);
        output.write(`📎 ${event.caption} ${messages.t("adapter.file-saved", { file })}\n\n`);
        continue;
      }
      output.write(renderTerminalEvent(event, streamed, messages));
      streamed = event.type === "delta" ? streamed + event.text : event.type === "message" ? "" : streamed;
    }
    await prompt();
  }
  lines.close();
}
