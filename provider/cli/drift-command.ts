import { isChatMembersError } from "../core/errors";
import {
  consequence,
  driftOfPlan,
  driftRecords,
  type DriftRecord,
  type EventsRead,
} from "../core/drift";
import { planSpace } from "../core/plan";
import { staleInvites, staleLine } from "../core/stale";
import { loadMemberFiles } from "../memberfile/directory";
import { readEvents } from "../reconcile/drift";
import { readSpace } from "../reconcile/space";
import { apiFromFlags, type CredentialFlags } from "./api-flags";
import { CliError, EXIT } from "./exit-codes";
import type { CliIo } from "./io";
import { expand, ghData, ghProp, printIssues } from "./validate-command";

// `chat-members drift <member files or dirs>`: every declared space against the live one, one
// space at a time (one list pass each, paced by the adapter), and the membership events of only
// the spaces that drifted (one spaceEvents.list pass each), for when each change happened. The
// author is never known (core/drift.ts). Exits EXIT.DRIFT when any space drifted.

export type DriftFormat = "text" | "github" | "markdown";

export interface DriftCommand extends CredentialFlags {
  readonly paths: readonly string[];
  readonly format: DriftFormat;
  readonly json: boolean;
  readonly staleDays: number;
}

export interface SpaceDrift {
  readonly file: string;
  readonly space: string;
  /** Each change with what the next `up` does about it. */
  readonly changes: readonly (DriftRecord & { readonly next: string })[];
  readonly stale: readonly string[];
  /** Why the events (the times) could not be read, when they could not. */
  readonly eventsProblem?: string;
}

export interface DriftResult {
  readonly spaces: readonly SpaceDrift[];
  readonly drifted: number;
}

const SIGN = { added: "+", removed: "-", role: "~" } as const;

function changeText(c: SpaceDrift["changes"][number]): string {
  return `${c.line}; ${c.next}`;
}

/** The result as text, GitHub annotations, or the Markdown body of the drift issue. Pure. */
export function renderDrift(r: DriftResult, format: DriftFormat, now: Date): string {
  const lines: string[] = [];
  if (format === "markdown") {
    lines.push(
      `# Chat members: drift`,
      "",
      `Checked ${r.spaces.length} space${r.spaces.length === 1 ? "" : "s"} on ${now.toISOString().slice(0, 16).replace("T", " ")} UTC: ${r.drifted} drifted.`,
      "Undo a change with `pulumi up` (the declaration wins), or adopt it with `chat-members export <space> -o <file>` and a pull request.",
      "Who made a change is not given by the Chat API (its membership events name no author): see the Admin console's audit log.",
      "",
    );
  }
  for (const s of r.spaces) {
    const where = `${s.space} (${s.file})`;
    if (format === "github") {
      for (const c of s.changes)
        lines.push(
          `::warning file=${ghProp(s.file)},title=${ghProp(`Drift in ${s.space}`)}::${ghData(changeText(c))}`,
        );
      for (const t of s.stale)
        lines.push(
          `::notice file=${ghProp(s.file)},title=${ghProp(`Stale invitation in ${s.space}`)}::${ghData(t)}`,
        );
      continue;
    }
    if (format === "markdown") {
      if (s.changes.length === 0 && s.stale.length === 0) continue;
      lines.push(`## \`${s.space}\` — \`${s.file}\``, "");
      for (const c of s.changes) lines.push(`- ${SIGN[c.kind]} ${changeText(c)}`);
      for (const t of s.stale) lines.push(`- ! ${t}`);
      lines.push("");
      continue;
    }
    const n = s.changes.length;
    lines.push(`${where}: ${n === 0 ? "no drift" : `${n} changed out of band`}`);
    for (const c of s.changes) lines.push(`  ${SIGN[c.kind]} ${changeText(c)}`);
    for (const t of s.stale) lines.push(`  ! ${t}`);
  }
  if (format === "markdown" && r.drifted === 0) lines.push("No drift.", "");
  return lines.join("\n") + "\n";
}

/** Compares every declared space with the live one. */
export async function driftOf(
  cmd: DriftCommand,
  io: CliIo,
  now = Date.now(),
): Promise<DriftResult> {
  const files = expand(cmd.paths);
  if (files.length === 0)
    throw new CliError(EXIT.USAGE, `drift: no *.yaml or *.yml file in ${cmd.paths.join(", ")}`);
  const entries = loadMemberFiles(files);
  const { api } = apiFromFlags(cmd, io);
  const spaces: SpaceDrift[] = [];
  // One space at a time: the adapter paces each list to the space's and the project's quotas.
  for (const e of entries) {
    const space = e.args.space;
    if (space === undefined) {
      // A file declaring a space not made yet: nothing live to drift from.
      io.err(`drift: ${e.file} declares a space not created yet (no name); skipped\n`);
      continue;
    }
    const args = { ...e.args, space };
    const view = await readSpace(api, args);
    if (!view)
      throw new CliError(
        EXIT.API,
        `drift: ${space} (${e.file}) was not found, or the caller cannot see it`,
      );
    const plan = planSpace(view, args, now);
    const changes = driftOfPlan(plan);
    const read: EventsRead =
      changes.length > 0 ? await readEvents(api, space) : { ok: true, events: [] };
    const records = driftRecords(changes, read);
    const stale =
      e.args.staleInvites === "keep"
        ? []
        : staleInvites(view.members, cmd.staleDays, now).map((s) => {
            const revoked = plan.removes.some((r) => r.person.id === s.person.id);
            return `stale invitation: ${staleLine(s)}${revoked ? "; the next up removes it" : ""}`;
          });
    spaces.push({
      file: e.file,
      space,
      changes: records.map((r) => ({ ...r, next: consequence(r, plan) })),
      stale,
      ...(read.ok ? {} : { eventsProblem: read.why }),
    });
  }
  return { spaces, drifted: spaces.filter((s) => s.changes.length > 0).length };
}

export async function runDrift(cmd: DriftCommand, io: CliIo): Promise<number> {
  if (cmd.paths.length === 0)
    throw new CliError(EXIT.USAGE, "drift: give at least one member file or directory");
  let result: DriftResult;
  try {
    result = await driftOf(cmd, io);
  } catch (e) {
    if (!isChatMembersError(e) || e.code !== "MEMBER_FILE") throw e;
    printIssues(
      e.issues,
      expand(cmd.paths).length,
      cmd.format === "github" ? "github" : "text",
      (t) => io.out(t),
      io,
    );
    return EXIT.INVALID_FILES;
  }
  io.out(
    cmd.json ? JSON.stringify(result, null, 2) + "\n" : renderDrift(result, cmd.format, new Date()),
  );
  io.err(
    `chat-members: ${result.drifted} of ${result.spaces.length} space${result.spaces.length === 1 ? "" : "s"} drifted\n`,
  );
  return result.drifted > 0 ? EXIT.DRIFT : EXIT.OK;
}
