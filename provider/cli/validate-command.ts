import { statSync } from "node:fs";
import { isChatMembersError, type MemberFileIssue } from "../core/errors";
import { loadMemberFiles, memberFilesIn } from "../memberfile/directory";
import { CliError, EXIT } from "./exit-codes";
import type { CliIo } from "./io";

// `chat-members validate <files or directories…>`: the same loader the Pulumi program uses, with
// no API call and no Pulumi, so CI can lint member files on every pull request.

export type IssueFormat = "text" | "github";

export interface ValidateCommand {
  readonly paths: readonly string[];
  readonly format: IssueFormat;
}

/** A directory stands for its member files; anything else is taken as a file. */
export function expand(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    let dir = false;
    try {
      dir = statSync(p).isDirectory();
    } catch {
      // Missing files are reported by the loader, with the others.
    }
    return dir ? memberFilesIn(p) : [p];
  });
}

// GitHub workflow commands: data and property values escaped as the runner expects.
export const ghData = (s: string) =>
  s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
export const ghProp = (s: string) => ghData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

export function issueLine(i: MemberFileIssue, format: IssueFormat): string {
  return format === "github"
    ? `::error file=${ghProp(i.file)},line=${i.line},col=${i.col}::${ghData(i.message)}`
    : `${i.file}:${i.line}:${i.col}: ${i.message}`;
}

export function runValidate(cmd: ValidateCommand, io: CliIo): number {
  if (cmd.paths.length === 0) {
    throw new CliError(EXIT.USAGE, "validate: give at least one member file or directory");
  }
  const files = expand(cmd.paths);
  if (files.length === 0) {
    throw new CliError(EXIT.USAGE, `validate: no *.yaml or *.yml file in ${cmd.paths.join(", ")}`);
  }
  try {
    const entries = loadMemberFiles(files);
    for (const e of entries) {
      const space = e.args.space ?? `a new space "${e.space?.settings.displayName ?? ""}"`;
      const named = e.space && e.args.space ? " with its settings" : "";
      io.out(
        `${e.file}: ok (${space}${named}, ${e.args.mode}, ${e.args.members.length} members)\n`,
      );
    }
    return EXIT.OK;
  } catch (e) {
    if (!isChatMembersError(e) || e.code !== "MEMBER_FILE") throw e;
    printIssues(e.issues, files.length, cmd.format, (t) => io.out(t), io);
    return EXIT.INVALID_FILES;
  }
}

/** Problems as validate shows them: one line each through `print`, then the count on stderr. */
export function printIssues(
  issues: readonly MemberFileIssue[],
  fileCount: number,
  format: IssueFormat,
  print: (text: string) => void,
  io: CliIo,
): void {
  for (const i of issues) print(`${issueLine(i, format)}\n`);
  const bad = new Set(issues.map((i) => i.file)).size;
  io.err(
    `chat-members: ${issues.length} problem${issues.length === 1 ? "" : "s"} in ${bad} of ${fileCount} member file${fileCount === 1 ? "" : "s"}\n`,
  );
}
