import type { ChangeKind, MemberChange, ResourceChange } from "./changes";
import type { Guard } from "./diagnostics";
import type { Report } from "./report";
import { urnName } from "./resources";

// A Report as GitHub-flavoured Markdown for a pull-request comment: what stops the apply first,
// then the totals, one table per resource, the warnings, and the raw diff folded in <details>.
// Pure.

export interface RenderOptions {
  /** The heading; default "Chat members: `pulumi preview` of `{project}/{stack}`". */
  readonly title?: string;
  /** The whole comment's size limit; the raw diff is cut to fit. GitHub allows 65,536. */
  readonly maxChars?: number;
  /** Table rows per resource before "… and N more". */
  readonly maxRows?: number;
}

export const DEFAULT_MAX_CHARS = 60_000;
export const DEFAULT_MAX_ROWS = 200;

/** Text made inert in Markdown and HTML, on one line (a table cell, a list item). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s*\n\s*/g, " ")
    .replace(/[\\`*_[\]<>|~#]/g, "\\$&")
    .replace(/&/g, "&amp;");
}

const code = (text: string) => `\`${text.replace(/[`\n|]/g, " ")}\``;

const CHANGE: Readonly<Record<ChangeKind, string>> = {
  joins: "joins",
  leaves: "leaves",
  role: "role change",
  declared: "declared",
  stays: "stays",
};

const GUARD: Readonly<Record<Guard["code"], string>> = {
  TOO_MANY_REMOVALS: "too many removals",
  LAST_OWNER: "last owner",
  ERROR: "error",
};

function roleCell(m: MemberChange): string {
  if (m.kind === "role") return `${m.from ?? "(none)"} → ${m.to ?? "(none)"}`;
  return m.to ?? m.from ?? "";
}

function notesCell(m: MemberChange): string {
  const parts = [m.affiliation, m.invited ? "invited" : undefined, m.note].filter(
    (p): p is string => p !== undefined,
  );
  return parts
    .map((p) =>
      p === "external" || p === "guest" || p === "invited" ? `**${p}**` : escapeMarkdown(p),
    )
    .join(", ");
}

function table(members: readonly MemberChange[], maxRows: number): string[] {
  const rows = members
    .slice(0, maxRows)
    .map(
      (m) =>
        `| ${escapeMarkdown(m.member)} | ${CHANGE[m.kind]} | ${escapeMarkdown(roleCell(m))} | ${notesCell(m)} |`,
    );
  if (members.length > maxRows) rows.push(`| … and ${members.length - maxRows} more | | | |`);
  return ["| member | change | role | notes |", "| --- | --- | --- | --- |", ...rows];
}

function showValue(v: unknown): string {
  return v === undefined ? "(unset)" : (JSON.stringify(v) ?? String(v));
}

/** A space setting's change in words; a new space's settings only say what they will be. */
function settingValue(from: string, to: string, op: string): string {
  if (op === "create" || op === "create-replacement") return `**${escapeMarkdown(to)}**`;
  return `${escapeMarkdown(from)} → **${escapeMarkdown(to)}**`;
}

/** A message as a quoted list item; its further lines (one problem each) nested below it. */
function quotedItem(lead: string, message: string): string[] {
  const [first, ...rest] = message.split("\n");
  return [
    `> - ${lead}${escapeMarkdown(first ?? "")}`,
    ...rest.map((l) => `>   - ${escapeMarkdown(l)}`),
  ];
}

function resourceSection(r: ResourceChange, report: Report, maxRows: number) {
  const warnings = report.warningsByUrn.get(r.urn) ?? [];
  const drift = report.driftByUrn.get(r.urn) ?? [];
  const stale = report.staleByUrn.get(r.urn) ?? [];
  const where = r.space ? ` · ${code(r.space)}` : r.op === "create" ? " · a new space" : "";
  const lines = [`#### ${code(r.name)}${where}`, "", `${r.kind}, ${r.op}`, ""];
  if (r.members.length > 0) lines.push(...table(r.members, maxRows), "");
  else if (r.settings.length === 0) lines.push("No member changes.", "");
  for (const s of r.settings)
    lines.push(
      s.words
        ? `- ${escapeMarkdown(s.words.label)}: ${settingValue(s.words.from, s.words.to, r.op)}`
        : `- setting ${code(s.key)}: ${code(showValue(s.from))} → ${code(showValue(s.to))}`,
    );
  for (const n of r.notes) lines.push(`- ${escapeMarkdown(n)}`);
  if (r.settings.length + r.notes.length > 0) lines.push("");
  if (drift.length > 0) {
    lines.push(
      "**Changed out of band** (when: the space's membership events; who: not in the Chat API, which names no author):",
      "",
      ...drift.map((w) => `- ${escapeMarkdown(w.message.replace(/^spaces\/[^:]+: /, ""))}`),
      "",
    );
  }
  if (stale.length > 0) {
    lines.push(
      `**Stale invitations** (older than ${report.staleDays} days, not accepted):`,
      "",
      ...stale.map((s) => `- ${escapeMarkdown(s)}`),
      "",
    );
  }
  if (warnings.length > 0) {
    lines.push("> [!WARNING]", ...warnings.flatMap((w) => quotedItem("", w.message)), "");
  }
  return lines;
}

function guardBox(guards: readonly Guard[]): string[] {
  if (guards.length === 0) return [];
  return [
    "> [!CAUTION]",
    "> **The apply would stop: nothing is applied until this is fixed.**",
    ...guards.flatMap((g) => {
      const who = g.urn ? ` (${code(urnName(g.urn))})` : "";
      return quotedItem(`**${GUARD[g.code]}**${who}: `, g.message);
    }),
    "",
  ];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function totalsLine(report: Report): string {
  const t = report.totals;
  const parts = [
    `${t.joins} joining`,
    `${t.leaves} leaving`,
    `${t.roleChanges} changing role`,
    ...(t.declared > 0 ? [`${t.declared} declared by new resources`] : []),
  ];
  const outsiders =
    t.outsidersJoining > 0 ? `, ${t.outsidersJoining} of the newcomers external or guest` : "";
  const stopped = report.guards.length > 0;
  if (t.resources === 0)
    return stopped
      ? "**No member change could be planned: the preview stopped at the error above.**"
      : "**Totals: no member changes.**";
  const incomplete = stopped ? " Incomplete: the preview stopped at the error above." : "";
  return `**Totals: ${parts.join(" · ")}** in ${plural(t.resources, "resource")}${outsiders}.${incomplete}`;
}

function fenceFor(lines: readonly string[]): string {
  const longest = Math.max(
    2,
    ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((m) => m.length))),
  );
  return "`".repeat(longest + 1);
}

function rawDiffBlock(diff: readonly string[], budget: number): string[] {
  if (diff.length === 0) return [];
  const kept: string[] = [];
  let size = 0;
  for (const l of diff) {
    if (size + l.length + 1 > budget) break;
    kept.push(l);
    size += l.length + 1;
  }
  if (kept.length < diff.length)
    kept.push(`… ${diff.length - kept.length} more lines not shown (comment size limit)`);
  const fence = fenceFor(kept);
  return [
    `<details><summary>Raw diff (${plural(diff.length, "line")})</summary>`,
    "",
    `${fence}diff`,
    ...kept,
    fence,
    "",
    "</details>",
    "",
  ];
}

export function renderMarkdown(report: Report, opts: RenderOptions = {}): string {
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  const maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
  const stack = report.stack ? ` of ${code(`${report.project}/${report.stack}`)}` : "";
  const title = opts.title ?? `Chat members: \`pulumi preview\`${stack}`;
  const body = [`### ${title}`, "", ...guardBox(report.guards), totalsLine(report), ""];
  for (const r of report.resources) body.push(...resourceSection(r, report, maxRows));
  if (report.otherWarnings.length > 0) {
    body.push(
      "> [!WARNING]",
      ...report.otherWarnings.flatMap((w) => quotedItem("", w.message)),
      "",
    );
  }
  const text = body.join("\n");
  const overhead = 200;
  const diff = rawDiffBlock(report.rawDiff, Math.max(0, maxChars - text.length - overhead));
  return [text, ...diff].join("\n").replace(/\n+$/, "\n");
}
