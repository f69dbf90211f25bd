/**
 * The fake Ollama in its own process, so its pacing timers and JSON do not share the tutor's event loop
 * (a real Ollama runs elsewhere too). Prints its URL on stdout, then serves until killed.
 *   tsx bench/load/fake-ollama-child.ts <firstTokenMs> <tokensPerSec> <replyTokens>
 */
import { startFakeOllama } from "../../test/fakes/fake-ollama.js";

const [firstTokenDelayMs, tokensPerSecond, replyTokens] = process.argv.slice(2).map(Number);
const reply = Array.from({ length: replyTokens ?? 60 }, (_, i) => (i === 0 ? "Here" : `word${i}`)).join(" ");
const ollama = await startFakeOllama({ firstTokenDelayMs, tokensPerSecond, respond: () => reply });
process.stdout.write(`${ollama.url}\n`);
