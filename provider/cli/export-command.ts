import { existsSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { isApiError, type ChatApi } from "../api/index";
import type { LiveMembership, SpaceMembersMode } from "../core/types";
import { parseSpace } from "../core/space";
import { describeExport, exportDocument, exportedSettings } from "../memberfile/export";
import { apiFromFlags } from "./api-flags";
import { CliError, EXIT } from "./exit-codes";
import type { CliIo } from "./io";
import { outputFile, writeOutputFile } from "./output-file";

// `chat-members export <space>`: one list pass (showInvited, showGroups, pageSize 1000, every
// page), the calling app looked up only when the space has an app member, one spaces.get for the
// space's settings (unless --no-settings), then the pure exportDocument and one write.

export interface ExportCommand {
  readonly space: string;
  readonly output?: string;
  readonly force: boolean;
  readonly mode: SpaceMembersMode;
  readonly admin: boolean;
  readonly credentials?: string;
  readonly impersonate?: string;
  readonly emulatorHost?: string;
  readonly schema?: string;
  /** false (--no-settings): members only, `space:` as the space's name. */
  readonly settings: boolean;
}

/** With admin access Chat requires a filter on member.type; apps cannot be managed that way. */
const ADMIN_FILTER = 'member.type != "BOT"';

/** The JSON Schema shipped with the package, from dist/provider/cli or provider/cli. */
function schemaFile(): string | undefined {
  const candidates = [
    resolve(__dirname, "../../../schema/member-file.schema.json"),
    resolve(__dirname, "../../schema/member-file.schema.json"),
  ];
  return candidates.find((c) => existsSync(c));
}

function schemaPathFor(cmd: ExportCommand, outFile: string | undefined, cwd: string) {
  if (cmd.schema !== undefined) return cmd.schema || undefined;
  const file = schemaFile();
  if (!file) return undefined;
  const rel = relative(outFile ? dirname(outFile) : cwd, file)
    .split(sep)
    .join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
}

/** users/{id} of the calling app in this space, or undefined when it is not a member. */
async function callingApp(
  api: ChatApi,
  space: string,
  live: readonly LiveMembership[],
  io: CliIo,
): Promise<string | undefined> {
  if (!live.some((l) => l.memberType === "BOT")) return undefined;
  try {
    return (await api.getMembership(`${space}/members/app`)).memberName;
  } catch (e) {
    if (isApiError(e, "NOT_FOUND")) return undefined;
    if (!isApiError(e)) throw e;
    io.err(
      `chat-members: warning: could not tell whether the calling app is a member (${e.code}); every Chat app goes on the ignore list\n`,
    );
    return undefined;
  }
}

export async function runExport(cmd: ExportCommand, io: CliIo): Promise<number> {
  let space: string;
  try {
    space = parseSpace(cmd.space, "<space>");
  } catch (e) {
    throw new CliError(EXIT.USAGE, (e as Error).message);
  }
  const out = outputFile(cmd.output, cmd.force, io.cwd);
  const { api, endpoints } = apiFromFlags(cmd, io);

  let lastProgress = 0;
  const live = await api.listMemberships(space, {
    showInvited: true,
    showGroups: true,
    useAdminAccess: cmd.admin,
    ...(cmd.admin ? { filter: ADMIN_FILTER } : {}),
    onPage: (n) => {
      if (n - lastProgress >= 5_000) {
        lastProgress = n;
        io.err(`chat-members: listed ${n} members…\n`);
      }
    },
  });
  const appMemberName = cmd.admin ? undefined : await callingApp(api, space, live, io);
  // Only a named space has settings a ChatSpace declares.
  const info = cmd.settings ? await api.getSpace(space, { useAdminAccess: cmd.admin }) : undefined;
  const settings = info?.spaceType === "SPACE" ? exportedSettings(info.settings) : undefined;
  const doc = exportDocument(space, live, {
    mode: cmd.mode,
    useAdminAccess: cmd.admin,
    ...(appMemberName ? { appMemberName } : {}),
    exportedAt: new Date(),
    source: endpoints.emulated ? `the emulator at ${endpoints.rootUrl}` : endpoints.rootUrl,
    schemaPath: schemaPathFor(cmd, out?.path, io.cwd),
    ...(settings ? { settings } : {}),
  });

  if (out) {
    writeOutputFile(out, doc.text);
    io.err(`chat-members: exported ${describeExport(space, doc.summary)} → ${out.given}\n`);
  } else {
    io.out(doc.text);
    io.err(`chat-members: exported ${describeExport(space, doc.summary)}\n`);
  }
  return EXIT.OK;
}
