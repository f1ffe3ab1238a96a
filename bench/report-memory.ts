// The memory section of REPORT.md: peak RSS of the provider process and of the engine (the
// `pulumi` CLI) per command, against the engine floor's measured in the same run.
import type { PeakRss, ProcessRole } from "./lib/rss";
import { measuredOn, type WithMeta } from "./lib/meta";
import { summarize } from "./lib/stats";
import type { OrgRun } from "./scenarios/org";
import type { FloorRun, ProviderRun } from "./scenarios/provider";
import { FORM_LABEL, ORG_OP_LABEL } from "./report-org";

interface Row {
  world: string;
  command: string;
  rss: PeakRss[];
  floor: PeakRss[];
}

const ROLES: readonly ProcessRole[] = ["provider", "engine", "program", "languageHost"];
const ROLE_LABEL: Record<ProcessRole, string> = {
  provider: "provider process",
  engine: "engine (`pulumi`)",
  program: "program (node)",
  languageHost: "language host",
  other: "other",
};

const med = (xs: PeakRss[], role: ProcessRole) => summarize(xs.map((x) => x[role] ?? NaN))?.median;

function cell(row: Row, role: ProcessRole): string {
  const p = med(row.rss, role);
  const f = med(row.floor, role);
  if (p === undefined) return "–";
  if (f === undefined) return `${p.toFixed(0)} MiB`;
  return `${p.toFixed(0)} MiB / ${f.toFixed(0)} = ${(p / f).toFixed(2)}`;
}

const PROVIDER_OPS: Record<string, string> = {
  create: "create (`up`)",
  previewNoop: "no-op `preview`",
  refresh: "`refresh`",
  updateK1: "one change (`up`)",
};

export function memorySection(
  provider: WithMeta<ProviderRun>[],
  floors: WithMeta<FloorRun>[],
  org: WithMeta<OrgRun>[],
): string[] {
  const rows: Row[] = [];
  const floorOps = (count: number, op: string) =>
    floors
      .filter((f) => (f.count ?? 1) === count)
      .flatMap((f) => f.ops.filter((o) => o.op === op && o.rss).map((o) => o.rss!));
  // The biggest single-space worlds: one ChatSpaceMembers of the largest N, N ChatMembership.
  const big = (pred: (p: ProviderRun) => boolean) => {
    const ok = provider.filter((p) => pred(p) && !p.error && p.ops.some((o) => o.rss));
    const n = Math.max(0, ...ok.map((p) => p.n));
    return { n, runs: ok.filter((p) => p.n === n) };
  };
  const space = big((p) => p.shape !== "memberships");
  const members = big((p) => p.shape === "memberships");
  for (const [what, { n, runs }, floorCount] of [
    ["one ChatSpaceMembers", space, 1],
    ["ChatMembership resources, one space", members, members.n],
  ] as const) {
    if (runs.length === 0) continue;
    const pre = runs.some((r) => r.prepopulated) ? ", all already members" : "";
    for (const [op, label] of Object.entries(PROVIDER_OPS)) {
      const rss = runs.flatMap((r) => r.ops.filter((o) => o.op === op && o.rss).map((o) => o.rss!));
      if (rss.length === 0) continue;
      rows.push({
        world: `${n.toLocaleString("en-US")} members: ${what}${pre}`,
        command: label,
        rss,
        floor: floorOps(floorCount, op),
      });
    }
  }
  for (const r of org.filter((o) => !o.error)) {
    for (const o of r.ops.filter((x) => x.rss)) {
      rows.push({
        world: `${r.spaces} × ${r.members}, ${FORM_LABEL[r.form ?? "dynamic"]}`,
        command: ORG_OP_LABEL[o.op],
        rss: [o.rss!],
        floor: o.floorRss ? [o.floorRss] : [],
      });
    }
  }
  if (rows.length === 0) return ["Not measured in this run.", ""];
  const roles = ROLES.filter((role) => rows.some((r) => med(r.rss, role) !== undefined));
  return [
    "Peak resident memory (VmHWM, the kernel's own high-water mark of each process, read from /proc every 100 ms while the command runs) of the processes one command starts, by role: " +
      "the provider process (the dynamic provider's node, or the googlechat plugin serving every resource), the engine (the `pulumi` CLI), the program, its language host. " +
      "Each cell: measured / the engine floor's (the same command on trivial resources: one for a single-space world, N for N ChatMembership, S for S spaces), and the ratio. " +
      "For a YAML program the program runs inside the YAML language host; the floor is always the TypeScript trivial program. A `refresh` runs no program.",
    "",
    `| world | command | ${roles.map((r) => ROLE_LABEL[r]).join(" | ")} |`,
    `|---|---|${roles.map(() => "---:").join("|")}|`,
    ...rows.map(
      (r) => `| ${r.world} | ${r.command} | ${roles.map((role) => cell(r, role)).join(" | ")} |`,
    ),
    "",
    measuredOn([...space.runs, ...members.runs, ...org]),
    "",
  ];
}
