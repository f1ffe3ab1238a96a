import { PersistedState } from "../model";

/** Where the emulator's state lives between runs. */
export interface StorageBackend {
  /** False for the memory backend: nothing to write, commits resolve at once. */
  readonly durable: boolean;
  /** The saved state, or undefined when there is none yet. */
  load(): Promise<PersistedState | undefined>;
  /** Replace the saved state; must never leave a partially written state behind. */
  save(state: PersistedState): Promise<void>;
}
