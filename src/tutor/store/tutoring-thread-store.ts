/**
 * The threads the tutor answers in (`discord:thread:<id>`, `slack:thread:<channel>:<ts>`), kept with the
 * profiles so a follow-up without a mention still reaches the tutor after a restart. SqliteProfileStore is
 * the real one.
 */
export interface TutoringThreadStore {
  /** Records (or refreshes) a thread as one the tutor answers in. */
  rememberThread(threadKey: string, at: number): Promise<void>;
  isTutoringThread(threadKey: string): Promise<boolean>;
}
