import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { createTutorApp, type TutorApp } from "../../src/compose.js";
import { loadConfig } from "../../src/config.js";
import { silentLogger, type Logger } from "../../src/logger.js";
import type { ProfileStore } from "../../src/tutor/store/profile-store.js";
import type { TurnHandler } from "../../src/tutor/turn.js";
import { Tutor, type TutorOptions } from "../../src/tutor/tutor.js";

export const SAMPLE_CONTENT_DIR = path.resolve(import.meta.dirname, "../../content");

export interface TutorFixture {
  handler: TurnHandler;
  app: TutorApp;
  store: ProfileStore;
  dataDir: string;
  contentDir: string;
  close(): Promise<void>;
}

/**
 * The real tutor on the bundled sample course (or `contentDir`), with its data in a fresh temp dir and
 * its model at `ollamaUrl` (a fake Ollama; by default an address where nothing listens).
 */
export async function createTutorFixture(
  options: {
    ollamaUrl?: string;
    contentDir?: string;
    env?: Record<string, string>;
    log?: Logger;
    copyContent?: boolean;
    teachers?: Record<string, string[]>;
  } = {},
): Promise<TutorFixture> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "tutor-data-"));
  let contentDir = options.contentDir ?? SAMPLE_CONTENT_DIR;
  if (options.copyContent) {
    const copy = path.join(dataDir, "content");
    await cp(contentDir, copy, { recursive: true });
    contentDir = copy;
  }
  // A config file of its own (only the teachers, if any), so a tutor.config.yaml in the working tree cannot leak into tests.
  const configFile = path.join(dataDir, "tutor.config.yaml");
  await writeFile(configFile, options.teachers ? stringify({ teachers: options.teachers }) : "");
  const config = loadConfig(
    {
      OLLAMA_HOST: options.ollamaUrl ?? "http://127.0.0.1:9",
      OLLAMA_TIMEOUT_MS: "5000",
      OLLAMA_IDLE_TIMEOUT_MS: "5000",
      TUTOR_DATA_DIR: dataDir,
      TUTOR_CONTENT_DIR: contentDir,
      TUTOR_CONFIG: configFile,
      ...options.env,
    },
    dataDir,
  );
  const app = await createTutorApp(config, options.log ?? silentLogger);
  return {
    handler: app.tutor,
    app,
    store: app.store,
    dataDir,
    contentDir,
    async close() {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A tutor of the fixture's real parts with options its config does not set, such as a clock the test moves. */
export function tutorOf(fixture: TutorFixture, options: Partial<TutorOptions>): Tutor {
  return new Tutor({ catalog: fixture.app.library, store: fixture.store, model: fixture.app.model, log: silentLogger, ...options });
}
