import { watch, type FSWatcher } from "node:fs";
import type { Logger } from "../logger.js";

export interface ContentWatcherOptions {
  contentDir: string;
  /** Called with a course folder's name once its files have been quiet for `debounceMs`. */
  refreshFolder: (folder: string) => Promise<unknown>;
  /** Called when the watcher cannot say which folder changed. */
  refreshAll: () => Promise<unknown>;
  log: Logger;
  /** Editors save in several steps (temp file, rename, chmod); one refresh after the last of them. */
  debounceMs?: number;
}

export interface ContentWatcher {
  close(): void;
}

/**
 * Watches the content folder (recursively; Node 20 supports it on Linux, macOS and Windows) and refreshes
 * the course folder a change happened in, after a quiet period. A new course folder is just a folder that
 * changed. Refreshes rescan the folder, so an event the OS coalesced or dropped is still picked up.
 */
export function watchContent(options: ContentWatcherOptions): ContentWatcher {
  const debounceMs = options.debounceMs ?? 250;
  const timers = new Map<string, NodeJS.Timeout>();
  const schedule = (key: string, run: () => Promise<unknown>) => {
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        run().catch((error: unknown) => options.log.error("content watcher: refresh failed", { folder: key, error }));
      }, debounceMs),
    );
  };
  let watcher: FSWatcher | undefined = watch(options.contentDir, { recursive: true }, (_event, filename) => {
    const folder = filename?.toString().split(/[\\/]/)[0];
    if (!folder) return schedule("\u0000all", options.refreshAll);
    if (folder.startsWith(".")) return;
    schedule(folder, () => options.refreshFolder(folder));
  });
  watcher.on("error", (error) => options.log.error("content watcher: stopped watching the content folder", { error }));
  options.log.info(`content watcher: watching ${options.contentDir} for changes`);
  return {
    close() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      watcher?.close();
      watcher = undefined;
    },
  };
}
