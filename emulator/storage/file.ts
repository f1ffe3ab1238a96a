import { promises as fs } from "node:fs";
import { basename, dirname, join } from "node:path";
import { PersistedState } from "../model";
import { StorageBackend } from "./backend";

/**
 * One JSON file, replaced atomically: write a temp file in the same directory, fsync it, rename
 * it over the target. A kill at any moment leaves either the old or the new complete file.
 */
export class FileBackend implements StorageBackend {
  readonly durable = true;
  private seq = 0;
  constructor(readonly path: string) {}

  async load(): Promise<PersistedState | undefined> {
    await this.removeStaleTemps();
    let text: string;
    try {
      text = await fs.readFile(this.path, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
    const state = JSON.parse(text) as PersistedState;
    if (state.version !== 1) {
      throw new Error(`state file ${this.path}: unsupported version ${String(state.version)}`);
    }
    return state;
  }

  async save(state: PersistedState): Promise<void> {
    const tmp = `${this.path}.tmp-${process.pid}-${++this.seq}`;
    const fh = await fs.open(tmp, "w");
    try {
      await fh.writeFile(JSON.stringify(state));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, this.path);
  }

  /** Temp files of a killed run are garbage: the target file is always complete. */
  private async removeStaleTemps(): Promise<void> {
    const dir = dirname(this.path);
    const prefix = `${basename(this.path)}.tmp-`;
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      return;
    }
    await Promise.all(
      names.filter((n) => n.startsWith(prefix)).map((n) => fs.rm(join(dir, n), { force: true })),
    );
  }
}
