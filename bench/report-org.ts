// The org section of REPORT.md (S spaces × M members against the engine floor) and its chart:
// wall time against the number of spaces, provider and floor.
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { renderChart } from "./lib/chart";
import { quotaBoundMs } from "./lib/bounds";
import { GET, orgCallBound, timeBoundMs, type OrgOp } from "./lib/org-bounds";
import { summarize, type Summary } from "./lib/stats";
import { measuredOn, type RunMeta } from "./lib/meta";
import type { OrgForm, OrgOpResult, OrgRun } from "./scenarios/org";

const OPS: OrgOp[] = ["create", "previewRefreshNoop", "upChange", "upRefreshChange"];
export const ORG_OP_LABEL: Record<OrgOp, string> = {
  create: "first create, members by email (`up`)",
  previewRefreshNoop: "no-op `preview --refresh`",
  upChange: "one member changed in every space (`up`)",
  upRefreshChange: "the same with `up --refresh`",
};
/** The targets of issue 12, as a multiple of the engine floor. */
const TARGET: Record<OrgOp, number> = {
  create: 1.5,
  previewRefreshNoop: 1.3,
  upChange: 1.3,
  upRefreshChange: 1.3,
};
const SHORT: Record<string, string> = {
  "oauth.token": "token",
  "oauth.tokeninfo": "tokeninfo",
  "spaces.members.list": "list",
  "spaces.members.get": "get",
  "spaces.members.create": "create",
  "spaces.members.patch": "patch",
  "spaces.members.delete": "delete",
};

const grid = (r: { spaces: number; members: number }) => `${r.spaces} × ${r.members}`;
type Raw = OrgRun & { meta?: RunMeta };
const build = (r: Raw) => (r.meta?.providerBuild ?? "live dist/").slice(0, 8);
const formOf = (r: { form?: OrgForm }): OrgForm => r.form ?? "dynamic";
export const FORM_LABEL: Record<OrgForm, string> = {
  dynamic: "dynamic provider (TypeScript)",
  plugin: "plugin (YAML)",
};
/** A run's row label: grid and form, and the provider build when the runs measured more than one. */
function keyer(runs: Raw[]): (r: Raw) => string {
  const multi = new Set(runs.map(build)).size > 1;
  return (r) => `${grid(r)}, ${FORM_LABEL[formOf(r)]}${multi ? `, ${build(r)}` : ""}`;
}
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
function spread(x: Summary | undefined, f: (v: number) => string): string {
  if (!x) return "–";
  return x.min === x.max ? f(x.median) : `${f(x.median)} (${f(x.min)}–${f(x.max)})`;
}
/** "token 1 · tokeninfo 1 · list 200 · patch 200", in a fixed order. */
function callsText(c: Record<string, number>): string {
  const keys = Object.keys(SHORT).filter((k) => (c[k] ?? 0) > 0);
  const other = Object.keys(c).filter((k) => !(k in SHORT) && c[k]! > 0);
  return [...keys, ...other].map((k) => `${SHORT[k] ?? k} ${c[k]}`).join(" · ") || "none";
}
const sameCalls = (a: Record<string, number>, b: Record<string, number>) =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].every((k) => (a[k] ?? 0) === (b[k] ?? 0));

interface Cell {
  grid: string;
  form: OrgForm;
  spaces: number;
  members: number;
  op: OrgOp;
  ops: OrgOpResult[];
}

function cells(runs: Raw[]): Cell[] {
  const key = keyer(runs);
  const ok = runs.filter((r) => !r.error);
  const grids = [...new Map(ok.map((r) => [key(r), r])).values()].sort(
    (a, b) => a.spaces - b.spaces || a.members - b.members || key(a).localeCompare(key(b)),
  );
  return grids.flatMap((g) =>
    OPS.map((op) => ({
      grid: key(g),
      form: formOf(g),
      spaces: g.spaces,
      members: g.members,
      op,
      ops: ok.filter((r) => key(r) === key(g)).flatMap((r) => r.ops.filter((o) => o.op === op)),
    })).filter((c) => c.ops.length > 0),
  );
}

/** Provider / floor per run (measured alternately, so each pair shares its load), summarized. */
const ratios = (c: Cell) => summarize(c.ops.map((o) => o.providerMs / o.floorMs));

function timeTable(runs: Raw[]): string[] {
  const lines = [
    "| S × M | command | provider | engine floor | provider / floor | target | API calls (measured) | lower bound | at bound | runs |",
    "|---|---|---:|---:|---:|---:|---|---|---|---:|",
  ];
  for (const c of cells(runs)) {
    const r = ratios(c)!;
    const calls = c.ops.map((o) => o.calls);
    const bound = c.ops[0]!.bound;
    const atBound = calls.every((k) => sameCalls(k, bound));
    const target = c.op === "create" ? "– (quota: below)" : `≤ ${TARGET[c.op]} ×`;
    lines.push(
      `| ${c.grid} | ${ORG_OP_LABEL[c.op]} | ${spread(summarize(c.ops.map((o) => o.providerMs)), secs)} | ${spread(summarize(c.ops.map((o) => o.floorMs)), secs)} | ${spread(r, (v) => v.toFixed(2))} | ${target}${c.op !== "create" ? (r.median <= TARGET[c.op] ? " met" : " **missed**") : ""} | ${[...new Set(calls.map(callsText))].join(" / ")} | ${callsText(bound)} | ${atBound ? "yes" : "**no**"} | ${c.ops.length} |`,
    );
  }
  return lines;
}

/**
 * Which form an organisation should choose: per grid and command, each form's provider / floor
 * (each against the floor measured beside it, in the same run) and the plugin's time against the
 * dynamic provider's.
 */
function formTable(runs: Raw[]): string[] {
  const all = cells(runs);
  const pairs = all.filter((c) => c.form === "plugin");
  if (pairs.length === 0) return [];
  const lines = [
    "**Plugin or dynamic provider.** The same grid and commands from a Pulumi YAML program on the `googlechat` plugin (one long-lived process serves every resource) " +
      "and from the TypeScript program on the dynamic provider, each against the engine floor measured beside it:",
    "",
    "| S × M | command | dynamic: time, / floor | plugin: time, / floor | plugin / dynamic | API calls equal |",
    "|---|---|---:|---:|---:|---|",
  ];
  for (const p of pairs) {
    const d = all.find(
      (c) =>
        c.form === "dynamic" && c.op === p.op && c.spaces === p.spaces && c.members === p.members,
    );
    if (!d) continue;
    const med = (c: Cell) => summarize(c.ops.map((o) => o.providerMs))!.median;
    const r = (c: Cell) => ratios(c)!.median.toFixed(2);
    const same = d.ops.every((o) => p.ops.every((q) => sameCalls(o.calls, q.calls)));
    lines.push(
      `| ${grid(p)} | ${ORG_OP_LABEL[p.op]} | ${secs(med(d))}, ${r(d)} × | ${secs(med(p))}, ${r(p)} × | ${(med(p) / med(d)).toFixed(2)} | ${same ? "yes" : "no: " + callsText(p.ops[0]!.calls)} |`,
    );
  }
  lines.push("", measuredOn(runs), "");
  return lines;
}

/** The first create against its true lower bound: floor + serial latencies + the quota's wait. */
function createTable(runs: Raw[]): string[] {
  const lines = [
    "| S × M | members added | members.get | 429s (retried) | whole `up` | lower bound: max(floor, 3 × latency + quota wait) | bound / time | add phase (first create → last add) | quota wait / add phase |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const c of cells(runs).filter((x) => x.op === "create")) {
    const run = runs.find((r) => keyer(runs)(r) === c.grid)!;
    // The engine's work for S resources overlaps the quota's wait: either one alone is a bound.
    const bounds = c.ops.map((o) =>
      Math.max(o.floorMs, timeBoundMs(0, c.spaces * c.members, run.latencyMs, run.writeQuota)),
    );
    const phase = c.ops
      .filter((o) => o.firstCreateMs !== undefined && o.lastAddMs !== undefined)
      .map((o) => o.lastAddMs! - o.firstCreateMs!);
    lines.push(
      `| ${c.grid} | ${c.ops.map((o) => o.added).join(", ")} | ${c.ops.map((o) => o.calls[GET] ?? 0).join(", ")} | ${c.ops.map((o) => o.throttled).join(", ")} | ${spread(summarize(c.ops.map((o) => o.providerMs)), secs)} | ${spread(summarize(bounds), secs)} | ${spread(
        summarize(c.ops.map((o, i) => bounds[i]! / o.providerMs)),
        (v) => v.toFixed(2),
      )} | ${spread(summarize(phase), secs)} | ${spread(
        summarize(phase.map((p) => quotaBoundMs(c.spaces * c.members, run.writeQuota) / p)),
        (v) => v.toFixed(2),
      )} |`,
    );
  }
  return lines;
}

/** Wall time against the number of spaces: one line per command, provider solid, floor dashed. */
export function orgChartSpec(runs: Raw[]): object | undefined {
  const values = cells(runs).flatMap((c) => {
    const p = summarize(c.ops.map((o) => o.providerMs))!;
    const f = summarize(c.ops.map((o) => o.floorMs))!;
    const of = c.grid.slice(grid(c).length).replace(/^, /, ": ");
    return [
      {
        spaces: c.spaces,
        grid: c.grid,
        command: ORG_OP_LABEL[c.op],
        who: `provider${of}`,
        s: p.median / 1000,
      },
      {
        spaces: c.spaces,
        grid: c.grid,
        command: ORG_OP_LABEL[c.op],
        who: `engine floor (beside ${FORM_LABEL[c.form]})`,
        s: f.median / 1000,
      },
    ];
  });
  if (values.length === 0) return undefined;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Wall time against the number of spaces (S × M grids), 50 ms latency, default quotas",
    width: 640,
    height: 380,
    data: { values },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "spaces", type: "quantitative", scale: { type: "log" }, title: "spaces (S)" },
      y: {
        field: "s",
        type: "quantitative",
        scale: { type: "log" },
        title: "seconds (median), log scale",
      },
      color: {
        field: "command",
        type: "nominal",
        title: null,
        sort: OPS.map((o) => ORG_OP_LABEL[o]),
        legend: { orient: "bottom", columns: 1, labelLimit: 0 },
      },
      strokeDash: {
        field: "who",
        type: "nominal",
        title: null,
      },
      detail: { field: "who" },
      tooltip: [{ field: "grid" }, { field: "command" }, { field: "who" }, { field: "s" }],
    },
  };
}

/** The section's lines; renders `org-time-vs-spaces.svg` into `out` when there are runs. */
export function orgSection(out: string, runs: Raw[]): string[] {
  if (runs.length === 0) return ["Not measured in this run.", ""];
  const spec = orgChartSpec(runs);
  if (spec) renderChart(out, "org-time-vs-spaces", spec);
  const failed = runs.filter((r) => r.error);
  const example = runs[0]!;
  return [
    "S spaces × M members: one `ChatSpaceMembers` per space (authoritative, members declared by email, the rosters in a file as member files are), " +
      "every space starting with only the caller, the same M people declared in each. Commands in order: the first create (adds S × M members), " +
      "a no-op `preview --refresh`, one member made a manager in every space (`up`), another one with `up --refresh`. " +
      "The engine floor is the same command on a stack of S trivial dynamic resources (`scripts/lib/trivial-program`, `count` = S; where the spaces change a role, every resource changes its label), " +
      "run right after the provider's command in the same run, so each pair is measured under the same load; provider / floor is taken per pair, then the median. " +
      `API calls per method from the emulator's counters, token and tokeninfo included; lower bound per command (\`bench/lib/org-bounds.ts\`): 1 token and 1 tokeninfo (the caller's id, so an authoritative plan never removes the caller), ` +
      "one list per space (ceil(live/1,000)), then one write per change — e.g. " +
      `${grid(example)}: first create ${callsText(orgCallBound("create", example.spaces, example.members))}.`,
    "",
    ...timeTable(runs),
    "",
    measuredOn(runs),
    "",
    ...formTable(runs),
    "The first create waits on the write quota (300 per 60 s per project), so its bound is not a multiple of the floor: " +
      "it is at least the token, the first list and the first write one after the other (3 × 50 ms) plus floor((S × M − 1)/300) × 60 s between the first and the last admitted write, " +
      "and at least the engine floor of the same command; the engine's work for S resources overlaps the quota's wait, so the larger of the two is the bound. " +
      "It makes no `members.get`: the list gives every present member's email, and a create takes an email.",
    "",
    ...createTable(runs),
    "",
    measuredOn(runs),
    "",
    ...(spec
      ? [
          "![wall time against the number of spaces](org-time-vs-spaces.svg)",
          "",
          "Line style: the provider (of each measured build) or the engine floor measured alongside it (S trivial resources); medians. Spec: [org-time-vs-spaces.vl.json](org-time-vs-spaces.vl.json).",
          "",
        ]
      : []),
    ...(existsSync(path.join(out, "org-notes.md"))
      ? [readFileSync(path.join(out, "org-notes.md"), "utf8").trim(), ""]
      : []),
    ...(failed.length
      ? [
          "Failed runs (left out above):",
          "",
          ...failed.map(
            (f) => `- ${grid(f)} run ${f.run}: ${f.error!.split("\n")[0]!.slice(0, 300)}`,
          ),
          "",
        ]
      : []),
  ];
}
