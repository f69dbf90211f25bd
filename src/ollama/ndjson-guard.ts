/**
 * ollama-js skips a line it cannot parse (it only logs a warning), which would silently drop part of an
 * answer. This guard sits in the fetch layer and fails the stream instead.
 */
export class MalformedNdjsonError extends Error {
  constructor(readonly line: string) {
    super(`malformed line in the response stream: ${line.slice(0, 80)}`);
    this.name = "MalformedNdjsonError";
  }
}

export function guardNdjson(): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let pending = "";
  const checkLine = (line: string, controller: TransformStreamDefaultController<Uint8Array>) => {
    if (line.trim() === "") return;
    try {
      JSON.parse(line);
    } catch {
      throw new MalformedNdjsonError(line);
    }
    controller.enqueue(encoder.encode(`${line}\n`));
  };
  return new TransformStream({
    transform(chunk, controller) {
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) checkLine(line, controller);
    },
    flush(controller) {
      checkLine(pending + decoder.decode(), controller);
    },
  });
}
