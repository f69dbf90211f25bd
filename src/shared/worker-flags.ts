import { Worker, type WorkerOptions } from "node:worker_threads";

const LOADER_FLAGS = new Set(["--import", "--require", "-r", "--loader", "--experimental-loader"]);

/**
 * The process's flags for a worker thread, less tsx's loader (`npm start` runs under tsx): inherited, it would
 * transform everything the thread loads (for the document parser, PDF.js's megabytes of bundles, some 100 MB of
 * its memory). A thread that needs TypeScript registers the loader itself; a plain-JS one never needs it.
 */
export function withoutTsxLoader(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const flag = execArgv[i]!;
    const [name, inline] = flag.split(/=(.*)/s);
    if (!LOADER_FLAGS.has(name!)) {
      kept.push(flag);
      continue;
    }
    const module = inline ?? execArgv[++i] ?? "";
    if (module === "tsx" || module.startsWith("tsx/") || /[\\/]node_modules[\\/]tsx[\\/]/.test(module)) continue;
    kept.push(...(inline === undefined ? [flag, module] : [flag]));
  }
  return kept;
}

/**
 * A worker thread given the process's flags less tsx's loader (withoutTsxLoader) and less those Node refuses for a
 * thread: V8's own, such as `--max-old-space-size` given on the command line, which would otherwise make every thread
 * fail to start (the chart, the document parser, the WAL checkpoint). V8's flags are the process's: its threads run
 * with them anyway.
 */
export function startWorkerThread(file: string | URL, options: Omit<WorkerOptions, "execArgv">): Worker {
  const execArgv = withoutTsxLoader(process.execArgv);
  try {
    return new Worker(file, { ...options, execArgv });
  } catch (error) {
    if ((error as { code?: unknown }).code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw error;
    // Node names them in its message: "Initiated Worker with invalid execArgv flags: --a, --b".
    const refused = new Set((error as Error).message.split("flags: ")[1]?.split(", ") ?? []);
    return new Worker(file, { ...options, execArgv: refused.size > 0 ? execArgv.filter((flag) => !refused.has(flag)) : [] });
  }
}
