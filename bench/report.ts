// Builds bench/results/REPORT.md and the chart from the raw JSON files of the runs.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { DEFAULT_QUOTAS } from "../emulator";
import { quotaBoundMs, quotaLine, type Operation, type Shape } from "./lib/bounds";
import { timeBoundMs } from "./lib/org-bounds";
import { renderChart } from "./lib/chart";
import type { RunMeta } from "./lib/meta";
import { fmt, summarize, type Summary } from "./lib/stats";
import type { AlternativeRun } from "./scenarios/alternatives";
import type { ColdStartRun } from "./scenarios/coldstart";
import type { EmulatorRpsRun } from "./scenarios/emulator-rps";
import type { OrgRun } from "./scenarios/org";
import type { FloorRun, ProviderRun } from "./scenarios/provider";
import { orgSection } from "./report-org";
import { memorySection } from "./report-memory";
import { membershipsSection } from "./report-memberships";
import { measuredOn } from "./lib/meta";

type WithMeta<T> = T & { meta: RunMeta };

export interface RawResults {
  floor: WithMeta<FloorRun>[];
  provider: WithMeta<ProviderRun>[];
  alternatives: WithMeta<AlternativeRun>[];
  org: WithMeta<OrgRun>[];
  coldstart?: WithMeta<ColdStartRun>;
  emulatorRps?: WithMeta<EmulatorRpsRun>;
}

export function loadResults(out: string): RawResults {
  const dir = path.join(out, "raw");
  const r: RawResults = { floor: [], provider: [], alternatives: [], org: [] };
  if (!existsSync(dir)) return r;
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith(".json")) continue;
    const data = JSON.parse(readFileSync(path.join(dir, f), "utf8"));
    switch (data.scenario) {
      case "floor":
        r.floor.push(data);
        break;
      case "provider":
        // Adoption runs are saved as provider-<shape>-adopt-n<N>-r<run>.json.
        if (f.includes("-adopt-")) data.prepopulated = true;
        r.provider.push(data);
        break;
      case "alternative":
        r.alternatives.push(data);
        break;
      case "org":
        r.org.push(data);
        break;
      case "coldstart":
        r.coldstart = data;
        break;
      case "emulatorRps":
        r.emulatorRps = data;
        break;
    }
  }
  return r;
}

const WRITE_QUOTA = DEFAULT_QUOTAS.membershipWritesPerProject;
const OPS: Operation[] = ["create", "previewNoop", "upNoop", "refresh", "updateK1", "updateK10pct"];
const OP_LABEL: Record<Operation, string> = {
  create: "create (`up`)",
  previewNoop: "no-op `preview`",
  upNoop: "no-op `up`",
  refresh: "`refresh`",
  updateK1: "update, 1 role change (`up`)",
  updateK10pct: "update, N/10 role changes (`up`)",
};
const SHAPE_LABEL: Record<Shape, string> = {
  spaceMembers: "ChatSpaceMembers (members by email)",
  spaceMembersById: "ChatSpaceMembers (members by users/{id})",
  memberships: "N × ChatMembership",
};
const TOOL_LABEL: Record<string, string> = {
  ...SHAPE_LABEL,
  "seed-no-retry": "seed-guide script, retry off",
  "seed-default-retry": "seed-guide script, client default retries",
  "seed-retry-post": "seed-guide script, gaxios retries incl. POST",
};

const s = (xs: number[]) => summarize(xs);
const sec = (x: Summary | undefined) => fmt(x && scale(x, 1 / 1000), " s");
/** For tables with a runs column: "12.3 s" or "12.3 s (11.9–12.8)". */
function compact(x: Summary | undefined, unit = "", digits = 1): string {
  if (!x) return "–";
  const f = (v: number) => v.toFixed(digits);
  return x.min === x.max
    ? `${f(x.median)}${unit}`
    : `${f(x.median)}${unit} (${f(x.min)}–${f(x.max)})`;
}
const csec = (x: Summary | undefined) => compact(x && scale(x, 1 / 1000), " s");
function scale(x: Summary, f: number): Summary {
  return { runs: x.runs, median: x.median * f, min: x.min * f, max: x.max * f };
}
/** "12" when every run agrees, else "12 (11–13)". */
function calls(xs: number[]): string {
  const v = s(xs);
  if (!v) return "–";
  return v.min === v.max ? String(v.median) : `${v.median} (${v.min}–${v.max})`;
}
const uniq = <T>(xs: T[]) => [...new Set(xs)];
const TOOL_ORDER = Object.keys(TOOL_LABEL);
/** Tools in a fixed order: the provider's shapes, then the alternatives. */
const toolsOf = (xs: { tool: string }[]) =>
  uniq(xs.map((x) => x.tool)).sort((a, b) => TOOL_ORDER.indexOf(a) - TOOL_ORDER.indexOf(b));
const sizesOf = (runs: { n: number }[]) => uniq(runs.map((r) => r.n)).sort((a, b) => a - b);
const shapesOf = (runs: ProviderRun[]) =>
  (["spaceMembers", "spaceMembersById", "memberships"] as Shape[]).filter((sh) =>
    runs.some((r) => r.shape === sh),
  );

/** "5000, all already members" for adoption runs. */
function nLabel(runs: ProviderRun[], shape: Shape | undefined, n: number): string {
  const pre = runs.some((r) => r.n === n && (!shape || r.shape === shape) && r.prepopulated);
  return pre ? `${n}, all already members` : String(n);
}

function opsOf(runs: ProviderRun[], shape: Shape, n: number, op: Operation) {
  return runs
    .filter((r) => r.shape === shape && r.n === n && !r.error)
    .flatMap((r) => r.ops.filter((o) => o.op === op));
}

/** One tool's create at size n: what the throughput table and the chart need. */
export interface AddRun {
  tool: string;
  n: number;
  run: number;
  wallMs: number;
  added: number;
  left: number;
  failed: boolean;
  throttled: number;
  requests: number;
  addsMs: number[];
  firstCreateMs?: number;
  latencyMs: number;
  /** Run through the engine (its floor is part of the whole run), and whether it lists first. */
  engine: boolean;
  lists: boolean;
}

export function addRuns(r: RawResults): AddRun[] {
  const out: AddRun[] = [];
  for (const p of r.provider) {
    if (p.prepopulated) continue;
    const c = p.ops.find((o) => o.op === "create");
    if (!c?.timeline) continue;
    out.push({
      tool: p.shape,
      n: p.n,
      run: p.run,
      wallMs: c.wallMs,
      added: c.timeline.addsMs.length,
      left: Math.max(0, p.n - c.timeline.addsMs.length),
      failed: Boolean(p.error) && p.ops.length === 0,
      throttled: c.calls.throttled,
      requests: c.calls.reads + c.calls.writes,
      addsMs: c.timeline.addsMs,
      firstCreateMs: c.timeline.firstCreateMs,
      latencyMs: p.latencyMs,
      engine: true,
      // Every shape lists the space first (ChatMembership: its creates' provenance read).
      lists: true,
    });
  }
  for (const a of r.alternatives) {
    out.push({
      tool: a.tool,
      n: a.n,
      run: a.run,
      wallMs: a.scriptWallMs,
      added: a.n - a.leftUnadded,
      left: a.leftUnadded,
      failed: false,
      throttled: a.calls.throttled,
      requests: a.calls.reads + a.calls.writes,
      addsMs: a.timeline.addsMs,
      firstCreateMs: a.timeline.firstCreateMs,
      latencyMs: a.latencyMs,
      engine: false,
      lists: false,
    });
  }
  return out;
}

function metaSection(r: RawResults, commands: string[]): string[] {
  const metas = [
    ...r.floor,
    ...r.provider,
    ...r.alternatives,
    ...r.org,
    ...(r.coldstart ? [r.coldstart] : []),
    ...(r.emulatorRps ? [r.emulatorRps] : []),
  ].map((x) => x.meta);
  if (metas.length === 0) return ["No runs recorded yet."];
  const dates = metas.map((m) => m.date).sort();
  const m0 = metas[0]!;
  const list = (xs: string[]) => uniq(xs).join(", ");
  return [
    "| | |",
    "|---|---|",
    `| runs | ${dates[0]} → ${dates[dates.length - 1]} (${metas.length} raw files in [raw/](raw/)) |`,
    `| machine | ${m0.cpus} CPUs (\`nproc\`), ${m0.cpuModel}, ${m0.memoryGiB} GiB memory; shared with other work (2 cores) |`,
    `| Node | ${list(metas.map((m) => m.node))} |`,
    `| Pulumi CLI | ${list(metas.map((m) => m.pulumi))} |`,
    `| commit | ${list(metas.map((m) => m.commit.slice(0, 12) + (m.dirty ? " + uncommitted changes" : "")))} |`,
    `| provider measured | ${list(metas.map((m) => (m.providerBuild ?? "live dist/").slice(0, 12)))} (hash of its dist/provider/**/*.js: ${list(metas.map((m) => m.distHash))}) |`,
    "",
    "Commands:",
    "",
    "```sh",
    ...commands,
    "```",
  ];
}

function callsSection(r: RawResults): string[] {
  const lines: string[] = [];
  for (const shape of shapesOf(r.provider)) {
    lines.push(`#### ${SHAPE_LABEL[shape]}`, "");
    lines.push(
      "| N | operation | Chat API reads | writes | lower bound (reads + writes) | calls / bound | 429s | runs |",
      "|---:|---|---:|---:|---:|---:|---:|---:|",
    );
    for (const n of sizesOf(r.provider.filter((p) => p.shape === shape))) {
      for (const op of OPS) {
        const os = opsOf(r.provider, shape, n, op);
        if (os.length === 0) continue;
        const b = os[0]!.bound;
        const total = os.map((o) => o.calls.reads + o.calls.writes);
        const bound = b.reads + b.writes;
        const ratio = s(total)!.median / Math.max(1, bound);
        lines.push(
          `| ${nLabel(r.provider, shape, n)} | ${OP_LABEL[op]}${op === "updateK10pct" ? ` (k=${os[0]!.k})` : ""} | ${calls(os.map((o) => o.calls.reads))} | ${calls(os.map((o) => o.calls.writes))} | ${b.reads} + ${b.writes} | ${bound === 0 ? (s(total)!.median === 0 ? "= 0" : `+${s(total)!.median}`) : ratio.toFixed(2)} | ${calls(os.map((o) => o.calls.throttled))} | ${os.length} |`,
        );
      }
    }
    lines.push("", measuredOn(r.provider.filter((p) => p.shape === shape)), "");
  }
  return lines;
}

/** The one-resource floors (a stack of N trivial resources is the N ChatMembership floor). */
const singleFloors = (r: RawResults) => r.floor.filter((f) => (f.count ?? 1) === 1);

function wallSection(r: RawResults): string[] {
  const lines: string[] = [];
  const floorOf = (op: string) =>
    s(singleFloors(r).flatMap((f) => f.ops.filter((o) => o.op === op).map((o) => o.wallMs)));
  lines.push(
    "Engine floor: the same command on a stack with one trivial dynamic resource (no API, no latency).",
    "",
    "| operation | engine floor |",
    "|---|---:|",
    ...OPS.filter((op) => floorOf(op)).map((op) => `| ${OP_LABEL[op]} | ${sec(floorOf(op))} |`),
    "",
    measuredOn(singleFloors(r)),
    "",
  );
  for (const n of sizesOf(r.provider)) {
    const shapes = shapesOf(r.provider.filter((p) => p.n === n));
    lines.push(`#### N = ${nLabel(r.provider, undefined, n)}`, "");
    lines.push(
      `| operation | ${shapes.map((sh) => SHAPE_LABEL[sh]).join(" | ")} |`,
      `|---|${shapes.map(() => "---:").join("|")}|`,
    );
    for (const op of OPS) {
      const cells = shapes.map((sh) => {
        const w = s(opsOf(r.provider, sh, n, op).map((o) => o.wallMs));
        const f = floorOf(op);
        if (!w) return "–";
        if (!f) return sec(w);
        const d = (w.median - f.median) / 1000;
        return `${sec(w)}; floor ${d < 0 ? "−" : "+"} ${Math.abs(d).toFixed(1)} s`;
      });
      lines.push(`| ${OP_LABEL[op]} | ${cells.join(" | ")} |`);
    }
    lines.push("", measuredOn(r.provider.filter((p) => p.n === n)), "");
  }
  const failed = r.provider.filter((p) => p.error);
  if (failed.length) {
    lines.push("Failed runs (left out of the tables above):", "");
    for (const f of failed) {
      lines.push(`- ${f.shape} N=${f.n} run ${f.run}: ${f.error!.split("\n")[0]!.slice(0, 300)}`);
    }
    lines.push("");
  }
  return lines;
}

/** The engine floor's create (one trivial resource): part of every `pulumi up`'s lower bound. */
function floorCreateMs(r: RawResults): number | undefined {
  return s(
    singleFloors(r).flatMap((f) => f.ops.filter((o) => o.op === "create").map((o) => o.wallMs)),
  )?.median;
}

function throughputSection(adds: AddRun[], floorMs: number | undefined): string[] {
  const lines: string[] = [];
  const big = adds.filter((a) => a.n > WRITE_QUOTA.limit);
  if (big.length === 0) return ["No run above the write quota's burst (N > 300) recorded yet.", ""];
  const floor = floorMs ?? 0;
  lines.push(
    `Quota model: ${WRITE_QUOTA.limit} membership writes per ${WRITE_QUOTA.windowMs / 1000} s rolling window per project. ` +
      "The quota's wait for N writes is the least time between the first and the last write the model admits: " +
      "floor((N−1)/300) × 60 s (1,000 writes: 180 s); the add phase is measured against it. " +
      "The whole run's lower bound adds what must come before and around it: the engine's floor for a create " +
      `(\`pulumi up\` of one trivial dynamic resource, median ${(floor / 1000).toFixed(1)} s; not for the scripts, timed from their first line of work), ` +
      "then one after the other the token call, the space's list (ChatSpaceMembers), and the first write, each at the injected latency (50 ms): " +
      `for ChatSpaceMembers at N = 1,000, ${(floor / 1000).toFixed(1)} + 3 × 0.05 + 180 s. ` +
      "*Add phase* = from the tool's first members.create to its last successful one (emulator request log); " +
      "*whole run* = the whole `pulumi up` (or the script, from its first line of work). " +
      "Fraction of bound = bound / time (1.00 = as fast as the quota allows). 429s are counted over all API requests of the run.",
    "",
    "| tool | N | added | left unadded | whole run | add phase | fraction of the quota's wait (add phase) | lower bound (whole run) | fraction of bound (whole run) | members/min (whole run) | 429s (% of requests) | runs |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  );
  for (const n of sizesOf(big)) {
    const bound = quotaBoundMs(n, WRITE_QUOTA);
    for (const tool of toolsOf(big.filter((a) => a.n === n))) {
      const rs = big.filter((a) => a.n === n && a.tool === tool);
      const phase = rs
        .filter((a) => a.addsMs.length > 0 && a.firstCreateMs !== undefined)
        .map((a) => a.addsMs[a.addsMs.length - 1]! - a.firstCreateMs!);
      const complete = rs.filter((a) => a.left === 0);
      const whole = (a: AddRun) =>
        timeBoundMs(a.engine ? floor : 0, n, a.latencyMs, WRITE_QUOTA, { list: a.lists });
      const pct = rs.map((a) => (100 * a.throttled) / Math.max(1, a.requests));
      const fracCell = (xs: number[]) =>
        complete.length === rs.length ? compact(s(xs), "", 2) : "– (members left unadded)";
      lines.push(
        `| ${TOOL_LABEL[tool] ?? tool} | ${n} | ${calls(rs.map((a) => a.added))} | ${calls(rs.map((a) => a.left))} | ${csec(s(rs.map((a) => a.wallMs)))} | ${csec(s(phase))} | ${fracCell(phase.map((x) => bound / x))} | ${csec(s(rs.map(whole)))} | ${fracCell(rs.map((a) => whole(a) / a.wallMs))} | ${compact(s(rs.map((a) => (a.added * 60_000) / a.wallMs)), "", 0)} | ${calls(rs.map((a) => a.throttled))} (${compact(s(pct), " %", 1)}) | ${rs.length} |`,
      );
    }
  }
  lines.push("");
  return lines;
}

function alternativesSection(r: RawResults, adds: AddRun[]): string[] {
  const lines: string[] = [
    "| tool | N | time | API calls (writes + reads) | 429s | members left unadded | runs |",
    "|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const n of sizesOf(adds)) {
    for (const tool of toolsOf(adds.filter((a) => a.n === n))) {
      const rs = adds.filter((a) => a.n === n && a.tool === tool);
      const alt = r.alternatives.filter((a) => a.n === n && a.tool === tool);
      const prov = r.provider.filter((p) => p.n === n && p.shape === tool);
      const callsOf = alt.length
        ? alt.map((a) => `${a.calls.writes} + ${a.calls.reads}`)
        : prov.flatMap((p) =>
            p.ops
              .filter((o) => o.op === "create")
              .map((o) => `${o.calls.writes} + ${o.calls.reads}`),
          );
      lines.push(
        `| ${TOOL_LABEL[tool] ?? tool} | ${n} | ${csec(s(rs.map((a) => a.wallMs)))} | ${uniq(callsOf).join(" / ")} | ${calls(rs.map((a) => a.throttled))} | ${calls(rs.map((a) => a.left))} | ${rs.length} |`,
      );
    }
  }
  lines.push("");
  return lines;
}

function coldSection(c: ColdStartRun | undefined): string[] {
  if (!c) return ["Not measured in this run.", ""];
  const lines = [
    `Each sample is a fresh \`node\` process (after one warm-up process per case, so the file cache is warm for all); in-process time is \`process.hrtime\` around the \`require\` (and the first call); process time is spawn to exit, Node's own start-up included. ${c.samples} samples per case.`,
    "",
    "| case | in-process (median, min–max) | whole process |",
    "|---|---:|---:|",
  ];
  for (const k of c.cases) {
    lines.push(
      `| ${k.name} | ${fmt(s(k.samplesMs), " ms", 0)} | ${fmt(s(k.processMs), " ms", 0)} |`,
    );
  }
  for (const sk of c.skipped) lines.push("", `Skipped: ${sk}`);
  lines.push("");
  return lines;
}

function rpsSection(e: EmulatorRpsRun | undefined): string[] {
  if (!e) return ["Not measured in this run.", ""];
  const lines = [
    `\`${e.command}\` (quotas off, loopback, emulator in its own process), 3 runs:`,
    "",
  ];
  lines.push("| method | req/s (median, min–max) |", "|---|---:|");
  for (const m of uniq(e.runs.map((x) => x.method))) {
    lines.push(
      `| ${m} | ${fmt(s(e.runs.filter((x) => x.method === m).map((x) => x.rps)), "", 0)} |`,
    );
  }
  lines.push("");
  return lines;
}

/** The chart: members added over time, one line per tool (median run), and the quota line. */
export function chartSpec(adds: AddRun[]): object | undefined {
  const big = adds.filter((a) => a.n > WRITE_QUOTA.limit);
  if (big.length === 0) return undefined;
  const n = Math.max(...big.map((a) => a.n));
  const values: { tool: string; t: number; added: number }[] = [];
  let tMax = 0;
  for (const tool of toolsOf(big.filter((a) => a.n === n))) {
    const rs = big.filter((a) => a.n === n && a.tool === tool).sort((a, b) => a.wallMs - b.wallMs);
    const median = rs[Math.floor((rs.length - 1) / 2)]!;
    const label = `${TOOL_LABEL[tool] ?? tool} (run ${median.run})`;
    values.push({ tool: label, t: 0, added: 0 });
    median.addsMs.forEach((ms, i) => {
      // Every 5th point is plenty for a 1,000-point staircase; keep the last one.
      if (i % 5 === 4 || i === median.addsMs.length - 1) {
        values.push({ tool: label, t: ms / 1000, added: i + 1 });
      }
    });
    values.push({ tool: label, t: median.wallMs / 1000, added: median.addsMs.length });
    tMax = Math.max(tMax, median.wallMs);
  }
  const quota: { t: number; added: number }[] = [];
  for (let t = 0; t <= tMax + WRITE_QUOTA.windowMs; t += WRITE_QUOTA.windowMs) {
    quota.push({ t: t / 1000, added: Math.min(n, quotaLine(t, WRITE_QUOTA)) });
    if (quotaLine(t, WRITE_QUOTA) >= n) break;
  }
  quota.push({ t: tMax / 1000, added: n });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `Members added over time, N = ${n}, default write quota (300 / 60 s), 50 ms latency`,
    width: 720,
    height: 400,
    layer: [
      {
        data: { values: quota },
        mark: { type: "line", interpolate: "step-after", strokeDash: [6, 4], color: "black" },
        encoding: {
          x: { field: "t", type: "quantitative" },
          y: { field: "added", type: "quantitative" },
        },
      },
      {
        data: { values },
        mark: { type: "line", interpolate: "step-after" },
        encoding: {
          x: {
            field: "t",
            type: "quantitative",
            title: "seconds since the start of the run (pulumi up / script)",
          },
          y: { field: "added", type: "quantitative", title: "members added (successful creates)" },
          color: {
            field: "tool",
            type: "nominal",
            title: null,
            sort: uniq(values.map((v) => v.tool)),
            legend: { orient: "bottom", columns: 1, labelLimit: 0 },
          },
        },
      },
    ],
    description:
      "Dashed: the most adds the quota model admits since t = 0 (300 at once, +300 per 60 s).",
  };
}

export async function writeReport(out: string, log: (l: string) => void): Promise<void> {
  const r = loadResults(out);
  const adds = addRuns(r);
  const spec = chartSpec(adds);
  let chartNote = "No chart: no run above the write quota's burst yet.";
  if (spec) {
    renderChart(out, "adds-over-time", spec);
    chartNote =
      "![members added over time](adds-over-time.svg)\n\nDashed line: the quota model's most admitted adds since t = 0. Each tool's line is its median-time run (every 5th add plotted); " +
      "lines that coincide hide each other: the two ChatSpaceMembers shapes, and the two seed-guide variants without POST retries, which stop at 300 under the POST-retry line. " +
      "the scripts' clocks start at their first line of work (Node start-up excluded), Pulumi's at the `pulumi up` call. " +
      "Spec: [adds-over-time.vl.json](adds-over-time.vl.json).";
  }
  const commands = [
    "npm run bench            # = bash scripts/bench.sh: set-up, then the full run below, then plugin.md and new-space.md",
    "node -r ts-node/register/transpile-only bench/run.ts   # full: sizes 10,100 (3 runs), 1000 and the 5,000 adoption (1 run), org 200x20 dynamic + plugin",
    "node -r ts-node/register/transpile-only bench/run.ts --report-only   # rebuild this file from raw/",
  ];
  const md = [
    "# Benchmark report",
    "",
    "Generated by `bench/report.ts` from the raw results in [raw/](raw/); every number below was measured in the runs listed there. " +
      "Emulator settings for scenarios 1–4: default quotas (300 membership writes / 60 s and 3,000 reads / 60 s per project, 15 reads / s per space, rolling windows), " +
      "50 ms injected latency per API call, a fresh emulator and stack per run, and the emulator's quota windows cleared before each command (each command starts with a fresh provider process, so its pacer starts empty too). " +
      "What each scenario does: [bench/README.md](../README.md).",
    "",
    "## Machine and versions",
    "",
    ...metaSection(r, commands),
    "",
    "The full run (`npm run bench`) regenerates, on the same build, two companion pages: [plugin.md](plugin.md) (the plugin's cold start and per-operation overhead beside the dynamic provider) and [new-space.md](new-space.md) (a new space's members: spaces.setup against create + adds).",
    "",
    ...(existsSync(path.join(out, "notes.md"))
      ? ["## Notes on this run", "", readFileSync(path.join(out, "notes.md"), "utf8").trim(), ""]
      : []),
    "## 1. API calls per operation against the lower bound",
    "",
    "Chat API calls (members.*, spaces.*) from the emulator's counters; OAuth token and tokeninfo calls are not counted. " +
      "Lower bound: ChatSpaceMembers — one members.list per 1,000 live members before writing, then one write per change; N ChatMembership of one space — one list pass of the space for every read (the creates' provenance, the refresh), one create each, one patch per role change (the provider also makes one members.get per 60 s window of reads: a space's first lookup is a get, the second lists it; section 6 counts them); a no-op preview or up — nothing.",
    "",
    ...callsSection(r),
    "## 2. Wall time of preview / up / refresh",
    "",
    "Wall time of each command through the Automation API (the CLI process included), median (min–max, runs). " +
      "`floor + x s` is the difference of the medians to the engine floor's (slightly negative = within the noise).",
    "",
    ...wallSection(r),
    "## 3. Bulk add throughput under the default write quota",
    "",
    ...throughputSection(adds, floorCreateMs(r)),
    measuredOn([...r.provider, ...r.alternatives]),
    "",
    chartNote,
    "",
    "## 4. The alternatives",
    "",
    "The seed guide's approach: a script calling `spaces.members.create` once per member, sequentially, with `@googleapis/chat` and an `authorized_user` credential (real token flow); on an error it records the status and goes on. " +
      "Retry off: `retry: false`. Client default retries: the client as it comes — googleapis-common turns gaxios retries on (3 retries for 408/429/5xx), but gaxios retries only GET, HEAD, PUT, OPTIONS and DELETE, so a create is never retried: this is the same behaviour as retry off. " +
      "gaxios retries incl. POST: the defaults plus POST in `httpMethodsToRetry`, what a user gets by configuring the client: 3 retries after 0.1, 0.5 and 1.5 s (gaxios 8's backoff; Retry-After is not read). " +
      "Time is measured inside the script; the provider rows are the whole `pulumi up`.",
    "",
    ...alternativesSection(r, adds),
    measuredOn([...r.provider, ...r.alternatives]),
    "",
    "## 5. An organisation: S spaces × M members against the engine floor",
    "",
    ...orgSection(out, r.org),
    "## 6. Many ChatMembership resources in one space",
    "",
    ...membershipsSection(r.provider, r.floor),
    "## 7. Memory",
    "",
    ...memorySection(r.provider, r.floor, r.org),
    "## 8. Cold start",
    "",
    ...coldSection(r.coldstart),
    ...(r.coldstart ? [measuredOn([r.coldstart]), ""] : []),
    "## Emulator throughput",
    "",
    ...rpsSection(r.emulatorRps),
    ...(r.emulatorRps ? [measuredOn([r.emulatorRps]), ""] : []),
  ].join("\n");
  writeFileSync(path.join(out, "REPORT.md"), md + "\n");
  log(`report: ${path.join(out, "REPORT.md")}${spec ? " + adds-over-time.svg" : ""}`);
}
