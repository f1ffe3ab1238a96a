import { PersistedState } from "../model";
import { StorageBackend } from "./backend";

/**
 * Group commit: every mutating request awaits commit() before it answers, so an acknowledged
 * write is on disk. Requests that mutate while a save runs share the next save.
 */
export class Persister {
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private writing = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => {};

  constructor(
    private readonly backend: StorageBackend,
    private readonly snapshot: () => PersistedState,
  ) {}

  commit(): Promise<void> {
    if (!this.backend.durable) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      void this.drain();
    });
  }

  /** Resolves once no save is running or pending. */
  flushed(): Promise<void> {
    return this.writing ? this.idle : Promise.resolve();
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    this.idle = new Promise((r) => (this.markIdle = r));
    try {
      while (this.waiters.length > 0) {
        const batch = this.waiters.splice(0);
        try {
          await this.backend.save(this.snapshot());
          for (const w of batch) w.resolve();
        } catch (e) {
          for (const w of batch) w.reject(e);
        }
      }
    } finally {
      this.writing = false;
      this.markIdle();
    }
  }
}
