import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { CliError, EXIT } from "./exit-codes";

// --credentials FILE: read here, handed to the adapter as text (which parses and checks it and
// never echoes it). Absent: the adapter falls back to Application Default Credentials.

export function readCredentialsFile(file: string | undefined, cwd: string): string | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(resolve(cwd, file), "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "error";
    throw new CliError(
      EXIT.CONFIG,
      `--credentials: cannot read ${JSON.stringify(file)} (${code}); give the path of a service-account key, authorized_user or token.json file`,
    );
  }
}
