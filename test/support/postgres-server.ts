import { execFile, execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A real PostgreSQL server of its own for the tests: Debian's binaries, a cluster initialised in a fresh temp
 * folder, a private port on 127.0.0.1 and a private socket folder, so it never meets a server the machine runs.
 * The server refuses to run as root: as root, the cluster belongs to the `postgres` user and every server
 * command runs as that user.
 */
export const POSTGRES_BIN = process.env.TUTOR_POSTGRES_BIN ?? "/usr/lib/postgresql/15/bin";

/** The environment variable that hands the test server's URL to the tests. */
export const TEST_DATABASE_URL_VARIABLE = "TUTOR_TEST_DATABASE_URL";

/** The one command that runs the suite with a test server (README, and the message of skipped tests). */
export const WITH_POSTGRES_COMMAND = "npm run test:postgres";

const SUPERUSER = "tutor";
const DATABASE = "tutor_test";

export interface PostgresServer {
  /** `postgres://tutor@127.0.0.1:<port>/tutor_test`; the superuser, trusted on 127.0.0.1 only. */
  readonly url: string;
  readonly port: number;
  /**
   * Stops the server (fast shutdown: sessions are ended) and keeps its data, for `start` again. Asynchronous, so
   * that what the test has in flight meanwhile runs on.
   */
  stop(): Promise<void>;
  /** Starts it again on the same port and data, after `stop`. */
  start(): Promise<void>;
  /** Stops it and removes its folder (synchronous: it also runs as the process exits). */
  destroy(): void;
}

const asRoot = process.getuid?.() === 0;

/** A PostgreSQL program's command line, as the `postgres` user when we are root (the server refuses root). */
function commandOf(program: string, args: string[]): [string, string[]] {
  const binary = path.join(POSTGRES_BIN, program);
  return asRoot ? ["runuser", ["-u", "postgres", "--", binary, ...args]] : [binary, args];
}

function run(program: string, args: string[]): void {
  const result = spawnSync(...commandOf(program, args), { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.status !== 0)
    throw new Error(
      `${program} ${args.join(" ")} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`,
    );
}

function runAsync(program: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(...commandOf(program, args), (error, stdout, stderr) =>
      error ? reject(new Error(`${program} ${args.join(" ")} failed (${error.message}):\n${stdout}${stderr}`)) : resolve(),
    ),
  );
}

/**
 * Installs Debian's `postgresql` package when its binaries are missing, only where installing is ours to do
 * (CI, or root on a developer's machine that asked for the server); elsewhere says what to install.
 */
export function ensurePostgresInstalled(): void {
  if (existsSync(path.join(POSTGRES_BIN, "pg_ctl"))) return;
  if (process.env.CI !== "true" && !asRoot)
    throw new Error(
      `PostgreSQL is not installed at ${POSTGRES_BIN}. Install it (Debian: sudo apt-get install postgresql) or set TUTOR_POSTGRES_BIN.`,
    );
  execFileSync("apt-get", ["update"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "postgresql"], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (!existsSync(path.join(POSTGRES_BIN, "pg_ctl")))
    throw new Error(`apt-get installed postgresql, but ${POSTGRES_BIN}/pg_ctl is not there`);
}

/** A port nothing listens on now (the kernel's choice). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Initialises a cluster in a fresh temp folder, starts it and creates the test database. */
export async function startPostgresServer(): Promise<PostgresServer> {
  ensurePostgresInstalled();
  const root = mkdtempSync(path.join(os.tmpdir(), "tutor-postgres-"));
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(root, uid, gid);
  }
  const dataDir = path.join(root, "data");
  const port = await freePort();
  run("initdb", ["-D", dataDir, "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]);
  // Test data is thrown away: no fsync. The socket sits in the cluster's own folder, never in /var/run/postgresql.
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const startArgs = ["start", "-D", dataDir, "-w", "-t", "60", "-l", path.join(root, "server.log"), "-o", options];
  const stopArgs = ["stop", "-D", dataDir, "-w", "-t", "60", "-m", "fast"];
  let running = false;
  const destroy = () => {
    try {
      if (running) run("pg_ctl", stopArgs);
      running = false;
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };
  run("pg_ctl", startArgs);
  running = true;
  try {
    run("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", SUPERUSER, DATABASE]);
  } catch (error) {
    destroy();
    throw error;
  }
  return {
    url: `postgres://${SUPERUSER}@127.0.0.1:${port}/${DATABASE}`,
    port,
    async start() {
      await runAsync("pg_ctl", startArgs);
      running = true;
    },
    async stop() {
      await runAsync("pg_ctl", stopArgs);
      running = false;
    },
    destroy,
  };
}
