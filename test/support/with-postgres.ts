/**
 * `tsx test/support/with-postgres.ts <command…>`: starts a private PostgreSQL test server, runs the command with
 * its URL in TUTOR_TEST_DATABASE_URL, and stops the server afterwards, however the command ends.
 * `npm run test:postgres` (and CI) run `npm test` this way.
 */
import { spawn } from "node:child_process";
import { startPostgresServer, TEST_DATABASE_URL_VARIABLE } from "./postgres-server.js";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: tsx test/support/with-postgres.ts <command> [args…]   e.g. npm test");
  process.exit(2);
}

const server = await startPostgresServer();
console.error(`PostgreSQL test server at ${server.url}`);
let stopped = false;
const stopServer = () => {
  if (stopped) return;
  stopped = true;
  server.destroy();
};
process.on("exit", stopServer);

const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, [TEST_DATABASE_URL_VARIABLE]: server.url } });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  stopServer();
  process.exit(code ?? (signal ? 1 : 0));
});
