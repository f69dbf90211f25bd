import http from "node:http";
import type { AddressInfo } from "node:net";

export interface CountingProxy {
  readonly url: string;
  /** Most /api/chat requests open at the same time so far. */
  readonly maxChatsInFlight: number;
  /** Last user message of each /api/chat request, in the order they reached the server. */
  readonly chatOrder: string[];
  close(): Promise<void>;
}

/**
 * A pass-through HTTP proxy in front of the fake Ollama that counts chat requests open at once, at the wire:
 * what Ollama itself would see, whatever the tutor believes it sends.
 */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  let open = 0;
  let max = 0;
  const chatOrder: string[] = [];
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      const body = Buffer.concat(parts);
      const isChat = req.url === "/api/chat";
      if (isChat) {
        open += 1;
        max = Math.max(max, open);
        const messages = (JSON.parse(body.toString("utf8")) as { messages?: Array<{ role: string; content: string }> }).messages ?? [];
        chatOrder.push(messages.filter((m) => m.role === "user").at(-1)?.content ?? "");
      }
      let counted = isChat;
      const done = () => {
        if (counted) open -= 1;
        counted = false;
      };
      res.on("close", done);
      const upstream = http.request(new URL(req.url ?? "/", target), { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on("error", () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get maxChatsInFlight() {
      return max;
    },
    chatOrder,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
