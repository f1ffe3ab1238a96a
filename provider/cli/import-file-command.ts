import { statSync } from "node:fs";
import { resolve } from "node:path";
import { isChatMembersError } from "../core/errors";
import { parseSpace } from "../core/space";
import { loadMemberFiles, memberFilesIn, type MemberFileEntry } from "../memberfile/directory";
import { CliError, EXIT } from "./exit-codes";
import { importFileOf, importFileText, SPACE_MEMBERS_TYPE, type ImportSource } from "./import-file";
import type { CliIo } from "./io";
import { outputFile, writeOutputFile } from "./output-file";
import { printIssues } from "./validate-command";

// `chat-members import-file <dir|file|space>…`: the member files (read as validate reads them) and
// the spaces given directly → the file `pulumi import --file` reads, one ChatSpaceMembers per
// space. No API call; nothing is written unless every input is good.

export interface ImportFileCommand {
  readonly inputs: readonly string[];
  readonly output?: string;
  readonly force: boolean;
}

type Input =
  | { readonly kind: "files"; readonly files: readonly string[] }
  | { readonly kind: "space"; readonly space: string; readonly arg: string };

const MEMBER_FILE = /\.ya?ml$/i;

function usage(message: string): CliError {
  return new CliError(EXIT.USAGE, `import-file: ${message}`);
}

/**
 * A path that exists is read as one (a directory for its member files); a missing *.yaml/*.yml is
 * left to the loader, which reports it as validate does; anything else must be spaces/{id}.
 */
function classify(arg: string): Input {
  let dir: boolean | undefined;
  try {
    dir = statSync(arg).isDirectory();
  } catch {
    // Not a path: a member file the loader will report, or a space.
  }
  if (dir === true) {
    let files: string[];
    try {
      files = memberFilesIn(arg);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? String(e);
      throw new CliError(EXIT.CONFIG, `import-file: cannot read the directory ${arg} (${code})`);
    }
    if (files.length === 0) throw usage(`no *.yaml or *.yml member file in ${arg}`);
    return { kind: "files", files };
  }
  if (dir === false || MEMBER_FILE.test(arg)) return { kind: "files", files: [arg] };
  if (!arg.startsWith("spaces/")) {
    throw usage(
      `"${arg}" is neither a member file or directory nor a space name; give spaces/AAAA… for a space`,
    );
  }
  try {
    return { kind: "space", space: parseSpace(arg, arg), arg };
  } catch (e) {
    throw new CliError(EXIT.USAGE, (e as Error).message);
  }
}

export function runImportFile(cmd: ImportFileCommand, io: CliIo): number {
  if (cmd.inputs.length === 0) {
    throw usage("give a directory of member files, member files, or spaces (spaces/AAAA…)");
  }
  const inputs = cmd.inputs.map(classify);
  const out = outputFile(cmd.output, cmd.force, io.cwd);

  // Every file once, in the order given (a directory and one of its files name it twice).
  const seen = new Set<string>();
  const files: string[] = [];
  for (const f of inputs.flatMap((i) => (i.kind === "files" ? i.files : []))) {
    if (seen.has(resolve(f))) continue;
    seen.add(resolve(f));
    files.push(f);
  }
  let entries: MemberFileEntry[];
  try {
    entries = loadMemberFiles(files);
  } catch (e) {
    if (!isChatMembersError(e) || e.code !== "MEMBER_FILE") throw e;
    printIssues(e.issues, files.length, "text", (t) => io.err(t), io);
    io.err("chat-members: no import file written\n");
    return EXIT.INVALID_FILES;
  }

  const byFile = new Map(entries.map((e) => [e.file, e]));
  /** Files declaring a space not made yet: nothing to import, the next `pulumi up` makes it. */
  const newSpaces: string[] = [];
  const sources = inputs.flatMap((i): ImportSource[] =>
    i.kind === "space"
      ? [{ space: i.space, origin: i.arg }]
      : i.files.flatMap((f) => {
          const e = byFile.get(f);
          if (!e) return [];
          byFile.delete(f);
          if (e.args.space === undefined) {
            newSpaces.push(f);
            return [];
          }
          return [
            {
              space: e.args.space,
              origin: f,
              fileName: e.name,
              ...(e.space ? { declaresSpace: true } : {}),
            },
          ];
        }),
  );
  for (const f of newSpaces)
    io.err(
      `chat-members: left out ${f}: it declares a new space (no space.name yet), which the next pulumi up makes\n`,
    );
  const result = importFileOf(sources);
  if (!result.ok) throw usage(result.problems.join("; "));
  if (result.file.resources.length === 0)
    throw usage("nothing to import: every member file declares a space that does not exist yet");

  const text = importFileText(result.file);
  const n = result.file.resources.filter((r) => r.type === SPACE_MEMBERS_TYPE).length;
  const settings = result.file.resources.length - n;
  const what =
    `${n} space${n === 1 ? "" : "s"} (googlechat:index:ChatSpaceMembers)` +
    (settings > 0 ? `, ${settings} with its settings (googlechat:index:ChatSpace)` : "");
  if (out) {
    writeOutputFile(out, text);
    io.err(`chat-members: ${what} → ${out.given}; next: pulumi import --file ${out.given}\n`);
  } else {
    io.out(text);
    io.err(`chat-members: ${what}\n`);
  }
  return EXIT.OK;
}
