import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";

const REPO = path.resolve(import.meta.dirname, "../..");

export interface TutorRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node --import tsx src/main.ts` as the README runs it, with `lines` piped on stdin. */
export function runTutor(env: Record<string, string>, lines: string[]): Promise<TutorRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? "", HOME: os.tmpdir(), ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(`${lines.join("\n")}\n`);
  });
}
