import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { CliError, EXIT } from "./exit-codes";

// `-o FILE` of the commands that write a file: an existing file is refused before any work unless
// --force, and the write itself still refuses one that appeared meanwhile.

export interface OutputFile {
  /** As given on the command line, for messages. */
  readonly given: string;
  readonly path: string;
  readonly force: boolean;
}

/** `-o` resolved against `cwd`; undefined for standard output. Throws when FILE exists. */
export function outputFile(
  given: string | undefined,
  force: boolean,
  cwd: string,
): OutputFile | undefined {
  if (given === undefined) return undefined;
  const path = resolve(cwd, given);
  if (existsSync(path) && !force) {
    throw new CliError(
      EXIT.CONFIG,
      `-o: ${given} already exists; pass --force to overwrite it, or choose another file`,
    );
  }
  return { given, path, force };
}

export function writeOutputFile(out: OutputFile, text: string): void {
  try {
    writeFileSync(out.path, text, { flag: out.force ? "w" : "wx" });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "error";
    throw new CliError(EXIT.CONFIG, `-o: cannot write ${out.given} (${code})`);
  }
}
