import { PersistedState } from "../model";
import { StorageBackend } from "./backend";

/** State lives only in the process (the Store is the memory); restarts start from the seed. */
export class MemoryBackend implements StorageBackend {
  readonly durable = false;
  async load(): Promise<PersistedState | undefined> {
    return undefined;
  }
  async save(): Promise<void> {}
}
