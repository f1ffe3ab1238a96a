// "N ChatMembership in one space at the list bound": reads against one list pass per space, and
// wall time against the engine floor of N trivial resources measured in the same run.
import { DEFAULT_QUOTAS } from "../emulator";
import { listCalls, type Operation } from "./lib/bounds";
import { measuredOn, type WithMeta } from "./lib/meta";
import { timeBoundMs } from "./lib/org-bounds";
import { SHARED_LIST_MS } from "../provider/api/defaults";
import { summarize } from "./lib/stats";
import type { FloorRun, OpResult, ProviderRun } from "./scenarios/provider";

const LABEL: Partial<Record<Operation, string>> = {
  create: "create (`up`)",
  previewNoop: "no-op `preview`",
  upNoop: "no-op `up`",
  refresh: "`refresh`",
  updateK1: "1 role change (`up`)",
  updateK10pct: "N/10 role changes (`up`)",
};
/** Issue 20's target for a refresh, as a multiple of the floor of N trivial resources. */
const REFRESH_TARGET = 1.5;

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const med = (xs: number[]) => summarize(xs)?.median;
const span = (xs: number[]) => {
  const v = summarize(xs);
  if (!v) return "–";
  return v.min === v.max ? String(v.median) : `${v.median} (${v.min}–${v.max})`;
};

/** Reads as measured (gets + list pages, and the 60 s windows they span) against the bound. */
function readsCell(os: OpResult[], boundReads: number, n: number): string {
  const total = span(os.map((o) => o.calls.reads));
  if (boundReads === 0) return `${total} (0)`;
  const by = (rpc: string) => span(os.map((o) => o.calls.byRpc?.[rpc] ?? 0));
  const windows = Math.max(1, Math.ceil(med(os.map((o) => o.wallMs))! / SHARED_LIST_MS));
  const perWindow = `1 get + ${listCalls(n + 1)} list`;
  return `${total} = ${by("spaces.members.get")} get + ${by("spaces.members.list")} list (${windows === 1 ? perWindow : `${windows} windows × at most ${perWindow}`}; ⌈N/1,000⌉ = ${boundReads})`;
}

export function membershipsSection(
  provider: WithMeta<ProviderRun>[],
  floors: WithMeta<FloorRun>[],
): string[] {
  const runs = provider.filter((p) => p.shape === "memberships" && !p.error && !p.prepopulated);
  if (runs.length === 0) return ["Not measured in this run.", ""];
  const sizes = [...new Set(runs.map((r) => r.n))].sort((a, b) => a - b);
  const lines = [
    "N `ChatMembership` resources of one space. Every read of one provider process is served by one `members.list` pass of the space (at most 60 s old, writes accounted), " +
      "so a create's provenance check and a refresh cost ⌈N/1,000⌉ list calls, not N gets. The first lookup of a space in a window is a `members.get` (one member needs no list); the second lists the space. " +
      `Read bound: per ${SHARED_LIST_MS / 1000} s window the reads span (a list serves that long), 1 get + ⌈live/1,000⌉ list pages; a create of N members at the write quota runs several windows. Writes: one create per member, one patch per role change. ` +
      "Floor: the same command on a stack of N trivial dynamic resources (no API), run beside the provider's in the same run. " +
      `The create's time bound: the larger of the floor's create and token, list and first write one after the other + the write quota's wait (${DEFAULT_QUOTAS.membershipWritesPerProject.limit} per 60 s): the engine's work for N resources overlaps the quota's wait.`,
    "",
    "| N | command | Chat API reads (bound) | writes (bound) | time | floor: N trivial resources | time / floor | target |",
    "|---:|---|---:|---:|---:|---:|---:|---|",
  ];
  for (const n of sizes) {
    const floorOf = (op: string) =>
      med(
        floors
          .filter((f) => f.count === n)
          .flatMap((f) => f.ops.filter((o) => o.op === op).map((o) => o.wallMs)),
      );
    for (const op of Object.keys(LABEL) as Operation[]) {
      const os = runs.filter((r) => r.n === n).flatMap((r) => r.ops.filter((o) => o.op === op));
      if (os.length === 0) continue;
      const t = med(os.map((o) => o.wallMs))!;
      const f = floorOf(op === "updateK10pct" ? "updateK1" : op);
      const b = os[0]!.bound;
      let target = "–";
      if (op === "refresh" && f !== undefined)
        target = `≤ ${REFRESH_TARGET} × ${t / f <= REFRESH_TARGET ? "met" : "**missed**"}`;
      if (op === "create" && f !== undefined) {
        const bound = Math.max(
          f,
          timeBoundMs(0, n, runs[0]!.latencyMs, DEFAULT_QUOTAS.membershipWritesPerProject),
        );
        target = `time bound ${secs(bound)}: ${(bound / t).toFixed(2)} of it`;
      }
      lines.push(
        `| ${n} | ${LABEL[op]} | ${readsCell(os, b.reads, n)} | ${span(os.map((o) => o.calls.writes))} (${b.writes}) | ${secs(t)} | ${f === undefined ? "not run" : secs(f)} | ${f === undefined ? "–" : (t / f).toFixed(2)} | ${target} |`,
      );
    }
  }
  lines.push(
    "",
    "Each N ChatMembership floor is the median of its runs; `N/10 role changes` is compared with the floor's one-change `up` (every trivial resource's label changes there).",
    "",
    measuredOn([...runs, ...floors.filter((f) => sizes.includes(f.count ?? 1))]),
    "",
  );
  return lines;
}
