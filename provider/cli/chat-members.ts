#!/usr/bin/env node
// chat-members: export a Chat space's live member list as a member file, validate member files
// without Pulumi, write the file `pulumi import --file` reads, and turn a `pulumi preview --json`
// into a pull-request report. Argument parsing and printing live here; the commands do the work.

import { parseArgs, type ParseArgsConfig } from "node:util";
import { SPACE_MEMBERS_MODES } from "../core/validate/space-members";
import type { SpaceMembersMode } from "../core/types";
import { CliError, errorLine, EXIT, EXIT_CODE_HELP, exitCodeOf } from "./exit-codes";
import { runExport } from "./export-command";
import { runDrift, type DriftFormat } from "./drift-command";
import { DEFAULT_STALE_INVITE_DAYS } from "../core/defaults";
import { runImportFile } from "./import-file-command";
import { processIo, type CliIo } from "./io";
import { runReport } from "./report-command";
import { runValidate, type IssueFormat } from "./validate-command";

const HELP = [
  "Usage: chat-members <command> [options]",
  "",
  "Commands:",
  "  export <space> [-o FILE] [--mode authoritative|additive] [--admin] [--no-settings]",
  "      Write the live member list of <space> (spaces/AAAA… or the bare id) as a member file:",
  "      users by the email the API gives (a numeric id, with a comment saying why, when it",
  "      gives none), external and guest accounts marked, roles by their UI names, groups, the",
  "      calling app as `app: true`, other apps on the ignore list; and the space's settings",
  "      (spaces.get) as its `space:` block, name first. Applying it changes nothing.",
  "      -o, --output FILE     write to FILE (default: standard output); refuses to overwrite",
  "      --force               overwrite FILE",
  "      --mode MODE           authoritative (default) or additive",
  "      --admin               list with Workspace admin access (chat.admin.memberships);",
  "                            the file then applies with useAdminAccess: true",
  '      --schema PATH|URL     schema for the yaml-language-server line ("" to leave it out)',
  "      --no-settings         members only: `space:` is the space's name (no spaces.get)",
  "  validate <file|dir>...",
  "      Load member files as the Pulumi program does and print every problem as",
  "      file:line:col: message. No API call. Directories stand for their *.yaml/*.yml files.",
  "      --format text|github  github: print GitHub Actions annotations instead (default text)",
  "  import-file <dir|file|space>... [-o FILE] [--force]",
  "      Write the file `pulumi import --file FILE` reads: one googlechat:index:ChatSpaceMembers",
  "      per member file (read as validate reads them; a directory stands for its *.yaml/*.yml",
  "      files), with a googlechat:index:ChatSpace beside it for a file declaring its space",
  "      (space: { name: … }; one declaring a space not made yet is left out, saying so), and",
  "      per space given as spaces/AAAA…, its import id the space. Named after the",
  "      file (team.yaml → team) or the space id; a file name that is not plain (letters,",
  "      digits, _ - .) stays the logicalName, with a plain name for the generated code",
  '      ("Team Chat.yaml" → Team-Chat; -2, -3… if taken). No API call; a bad file, or a space',
  "      given twice, writes nothing.",
  "      -o, --output FILE     write to FILE (default: standard output); refuses to overwrite",
  "      --force               overwrite FILE",
  "  report [FILE|-] [--title TEXT] [--max-chars N] [--stale-days N]",
  "      Turn the JSON of `pulumi preview --json` (FILE, or standard input) into Markdown for a",
  "      pull request: per resource, who joins, leaves or changes role (member, manager, owner;",
  "      external, guest and invited marked), the totals, any error that stops the apply, and",
  "      the raw diff folded in <details>; the members changed out of band since the last",
  "      refresh (when, and what the next up does) and invitations older than --stale-days",
  "      (default 14) that nobody accepted. No API call, no credentials.",
  "      --title TEXT          the heading (default: Chat members: `pulumi preview` of project/stack)",
  "      --max-chars N         cut the raw diff to keep the report under N characters (default",
  "                            60000; a GitHub comment holds 65536)",
  "  drift <file|dir>... [--stale-days N] [--format text|github|markdown] [--json]",
  "      Compare every space a member file declares with the live one (one list per space,",
  "      paced) and print, per space, the members added, removed or re-roled out of band, when",
  "      (from the space's membership events, 28 days back; the author is never given: Chat's",
  "      events name none) and what the next `pulumi up` does; invitations older than",
  "      --stale-days (default 14) that nobody accepted. Exit 5 when any space drifted.",
  "      --format FORMAT       text (default), github (annotations) or markdown (an issue body)",
  "      --json                the result as JSON instead",
  "",
  "Credentials (export, drift):",
  "  --credentials FILE      service-account key, authorized_user JSON or OAuth token.json;",
  "                          default: Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS)",
  "  --impersonate EMAIL     with a service-account key: act as this user (domain-wide delegation)",
  "  --emulator-host H:P     use a local emulator (default: $CHAT_EMULATOR_HOST)",
  "  Scopes: chat.memberships (or chat.memberships.readonly) for users; chat.bot for an app;",
  "  chat.admin.memberships(.readonly) with --admin; chat.spaces.readonly for the settings.",
  "",
  "  -h, --help              this help",
  "",
  ...EXIT_CODE_HELP,
  "",
].join("\n");

const CREDENTIAL_OPTIONS = {
  credentials: { type: "string" },
  impersonate: { type: "string" },
  "emulator-host": { type: "string" },
} as const satisfies ParseArgsConfig["options"];

const EXPORT_OPTIONS = {
  ...CREDENTIAL_OPTIONS,
  output: { type: "string", short: "o" },
  force: { type: "boolean" },
  mode: { type: "string" },
  admin: { type: "boolean" },
  schema: { type: "string" },
  "no-settings": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

const IMPORT_FILE_OPTIONS = {
  output: { type: "string", short: "o" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

const REPORT_OPTIONS = {
  title: { type: "string" },
  "max-chars": { type: "string" },
  "stale-days": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

const DRIFT_OPTIONS = {
  ...CREDENTIAL_OPTIONS,
  format: { type: "string" },
  json: { type: "boolean" },
  "stale-days": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

const VALIDATE_OPTIONS = {
  format: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

function usage(message: string): CliError {
  return new CliError(EXIT.USAGE, `${message} (see chat-members --help)`);
}

/** node:util's parse errors, made one usage line. */
function parse<O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw usage((e as Error).message.split("\n")[0]!);
  }
}

const DRIFT_FORMATS: readonly DriftFormat[] = ["text", "github", "markdown"];

/** --stale-days N: a whole number of days, 1 or more; the core's default when absent. */
function staleDays(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_STALE_INVITE_DAYS;
  if (!/^[1-9][0-9]{0,4}$/.test(raw))
    throw usage(`--stale-days: "${raw}" is not a whole number of days, 1 or more, e.g. 14`);
  return Number(raw);
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    io.out(HELP);
    return command === undefined ? EXIT.USAGE : EXIT.OK;
  }
  switch (command) {
    case "export": {
      const { values, positionals } = parse(rest, EXPORT_OPTIONS);
      if (values.help) {
        io.out(HELP);
        return EXIT.OK;
      }
      if (positionals.length !== 1) {
        throw usage(
          `export takes one space (spaces/AAAA…), got ${positionals.length === 0 ? "none" : positionals.join(" ")}`,
        );
      }
      const mode = values.mode ?? "authoritative";
      if (!(SPACE_MEMBERS_MODES as readonly string[]).includes(mode)) {
        throw usage(`--mode: "${mode}" is not a mode; use authoritative or additive`);
      }
      return runExport(
        {
          space: positionals[0]!,
          output: values.output,
          force: values.force ?? false,
          mode: mode as SpaceMembersMode,
          admin: values.admin ?? false,
          credentials: values.credentials,
          impersonate: values.impersonate,
          emulatorHost: values["emulator-host"],
          schema: values.schema,
          settings: !(values["no-settings"] ?? false),
        },
        io,
      );
    }
    case "validate": {
      const { values, positionals } = parse(rest, VALIDATE_OPTIONS);
      if (values.help) {
        io.out(HELP);
        return EXIT.OK;
      }
      const format = values.format ?? "text";
      if (format !== "text" && format !== "github") {
        throw usage(`--format: "${format}" is not a format; use text or github`);
      }
      return runValidate({ paths: positionals, format: format as IssueFormat }, io);
    }
    case "import-file": {
      const { values, positionals } = parse(rest, IMPORT_FILE_OPTIONS);
      if (values.help) {
        io.out(HELP);
        return EXIT.OK;
      }
      return runImportFile(
        { inputs: positionals, output: values.output, force: values.force ?? false },
        io,
      );
    }
    case "report": {
      const { values, positionals } = parse(rest, REPORT_OPTIONS);
      if (values.help) {
        io.out(HELP);
        return EXIT.OK;
      }
      if (positionals.length > 1) {
        throw usage(
          `report takes one preview JSON file (or - for standard input), got ${positionals.join(" ")}`,
        );
      }
      const maxChars = values["max-chars"];
      if (maxChars !== undefined && !/^[1-9][0-9]{0,8}$/.test(maxChars)) {
        throw usage(
          `--max-chars: "${maxChars}" is not a positive whole number of characters, e.g. 60000`,
        );
      }
      return runReport(
        {
          input: positionals[0],
          title: values.title,
          ...(maxChars !== undefined ? { maxChars: Number(maxChars) } : {}),
          staleDays: staleDays(values["stale-days"]),
        },
        io,
      );
    }
    case "drift": {
      const { values, positionals } = parse(rest, DRIFT_OPTIONS);
      if (values.help) {
        io.out(HELP);
        return EXIT.OK;
      }
      const format = values.format ?? "text";
      if (!DRIFT_FORMATS.includes(format as DriftFormat))
        throw usage(`--format: "${format}" is not a format; use text, github or markdown`);
      return runDrift(
        {
          paths: positionals,
          format: format as DriftFormat,
          json: values.json ?? false,
          staleDays: staleDays(values["stale-days"]),
          credentials: values.credentials,
          impersonate: values.impersonate,
          emulatorHost: values["emulator-host"],
        },
        io,
      );
    }
    default:
      throw usage(
        `unknown command "${command}"; commands: export, validate, import-file, report, drift`,
      );
  }
}

/** Runs one command line; resolves to the exit code. Errors print as one line on stderr. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (e) {
    io.err(`chat-members: ${errorLine(e)}\n`);
    if (io.env.CHAT_MEMBERS_DEBUG && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
    return exitCodeOf(e);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
