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
