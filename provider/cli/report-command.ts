import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { previewReport, PreviewJsonError } from "../report/index";
import { CliError, EXIT } from "./exit-codes";
import type { CliIo } from "./io";

// `chat-members report [FILE|-]`: reads the JSON of `pulumi preview --json` from FILE or standard
// input and prints the Markdown report. No API call, no credentials.

export interface ReportCommand {
  /** A file, "-" or undefined for standard input. */
  readonly input?: string;
  readonly title?: string;
  readonly maxChars?: number;
  readonly staleDays?: number;
}

/** Standard input, whole; refuses a terminal (nothing piped in) instead of waiting on it. */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new CliError(
      EXIT.USAGE,
      "report reads the JSON of `pulumi preview --json` from a file or standard input, and standard input is a terminal; pass a file or pipe it in",
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function readInput(cmd: ReportCommand, io: CliIo, stdin: () => Promise<string>) {
  if (cmd.input === undefined || cmd.input === "-") return stdin();
  try {
    return Promise.resolve(readFileSync(resolve(io.cwd, cmd.input), "utf8"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "error";
    throw new CliError(EXIT.CONFIG, `${cmd.input}: cannot read the preview JSON (${code})`);
  }
}

export async function runReport(
  cmd: ReportCommand,
  io: CliIo,
  stdin: () => Promise<string> = readStdin,
): Promise<number> {
  const text = await readInput(cmd, io, stdin);
  const source = cmd.input === undefined || cmd.input === "-" ? "standard input" : cmd.input;
  try {
    io.out(
      previewReport(text, source, {
        ...(cmd.title !== undefined ? { title: cmd.title } : {}),
        ...(cmd.maxChars !== undefined ? { maxChars: cmd.maxChars } : {}),
        ...(cmd.staleDays !== undefined ? { staleDays: cmd.staleDays } : {}),
      }),
    );
  } catch (e) {
    if (e instanceof PreviewJsonError) throw new CliError(EXIT.CONFIG, e.message);
    throw e;
  }
  return EXIT.OK;
}
