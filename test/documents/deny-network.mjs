// Preloaded (`node --import`) into a child process and, through inherited execArgv, into its worker threads:
// records every outbound (TCP, UDP) connection or DNS lookup attempted, refuses it, and records that this thread is armed.
import { appendFileSync } from "node:fs";
import dgram from "node:dgram";
import dns from "node:dns";
import net from "node:net";
import { isMainThread, threadId, workerData } from "node:worker_threads";

const log = process.env.NETWORK_LOG;
const record = (entry) => appendFileSync(log, `${JSON.stringify({ threadId, ...entry })}\n`);
record({ armed: true, isMainThread, entry: typeof workerData?.entry === "string" ? workerData.entry : undefined });

const refuse = (kind, target) => {
  record({ attempt: kind, target: String(target) });
  return new Error(`network use refused in this test: ${kind} ${target}`);
};
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const options = typeof args[0] === "object" && args[0] !== null ? (Array.isArray(args[0]) ? args[0][0] : args[0]) : typeof args[0] === "string" ? { path: args[0] } : { port: args[0], host: args[1] };
  // A Unix socket is a local pipe (tsx's loader looks for its CLI's), not the network.
  if (options.path) return connect.apply(this, args);
  const error = refuse("connect", options.path ?? `${options.host ?? "localhost"}:${options.port}`);
  process.nextTick(() => this.destroy(error));
  return this;
};
dns.lookup = (host, ...rest) => {
  const callback = rest.at(-1);
  const error = refuse("dns", host);
  if (typeof callback === "function") process.nextTick(() => callback(error));
};
dns.promises.lookup = async (host) => {
  throw refuse("dns", host);
};
const createSocket = dgram.createSocket;
dgram.createSocket = (...args) => {
  throw refuse("udp", JSON.stringify(args[0]));
};
void createSocket;
