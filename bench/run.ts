// The benchmark runner: runs the selected scenarios, writes one raw JSON file per run into
// <out>/raw/, then the report and the chart. Bounded: a fixed list of (scenario, size, run).
//   node -r ts-node/register/transpile-only bench/run.ts [--scenarios a,b] [--sizes 10,100,1000]
//        [--runs 3] [--large-runs 1] [--shapes spaceMembers,memberships] [--latency 50]
//        [--out bench/results] [--report-only] [--grids 200x20] [--org-forms dynamic,plugin]
//        [--org-runs 1]
// Without --scenarios, --sizes, --grids or --report-only it is the full run: it first drops the
// previous run's raw files, logs and notes, so the report describes this one build only.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { Shape } from "./lib/bounds";
import { runAlternative, ALTERNATIVES, type AlternativeName } from "./scenarios/alternatives";
import { runColdStart } from "./scenarios/coldstart";
import { runEmulatorRps } from "./scenarios/emulator-rps";
import { runOrg, type OrgForm } from "./scenarios/org";
import { runFloor, runProvider } from "./scenarios/provider";
import { writeReport } from "./report";
import { runMeta } from "./lib/meta";
import { buildSnapshot, useSnapshot } from "./lib/snapshot";

export const SCENARIOS = [
  "floor",
  "provider",
  "alternatives",
  "coldstart",
  "emulatorRps",
  "org",
] as const;
type Scenario = (typeof SCENARIOS)[number];

const { values } = parseArgs({
  options: {
    scenarios: { type: "string" },
    sizes: { type: "string" },
    runs: { type: "string" },
    /** Runs per size for N >= 1,000 (each waits minutes on the write quota). */
    "large-runs": { type: "string" },
    shapes: { type: "string" },
    alternatives: { type: "string" },
    latency: { type: "string" },
    out: { type: "string" },
    "report-only": { type: "boolean" },
    /** Measure the repo's dist/ as it is (default: a frozen build of HEAD, or --provider-ref). */
    "live-dist": { type: "boolean" },
    "provider-ref": { type: "string" },
    /** Sizes run with the members already in the space (create = adoption), e.g. 5000. */
    "adopt-sizes": { type: "string" },
    /** Org scenario: spaces x members grids, and runs per grid (each floor-paired). */
    grids: { type: "string" },
    "org-forms": { type: "string" },
    "org-runs": { type: "string" },
  },
});

const list = (s: string | undefined, d: string) => (s ?? d).split(",").filter(Boolean);
const scenarios = list(values.scenarios, SCENARIOS.join(",")) as Scenario[];
const sizes = list(values.sizes, "10,100,1000").map(Number);
const runs = Number(values.runs ?? 3);
const largeRuns = Number(values["large-runs"] ?? Math.min(runs, 1));
const runsFor = (n: number) => (n >= 1000 ? largeRuns : runs);
const fullRun = !values["report-only"] && !values.scenarios && !values.sizes && !values.grids;
const shapes = list(values.shapes, "spaceMembers,spaceMembersById,memberships") as Shape[];
const alternatives = list(values.alternatives, ALTERNATIVES.join(",")) as AlternativeName[];
const latencyMs = Number(values.latency ?? 50);
// Like --adopt-sizes: the long org grid runs by default only in a full run (no --sizes). One grid
// at 200 spaces, both forms: each first create waits 13 minutes on the write quota.
const grids = list(values.grids, values.sizes === undefined ? "200x20" : "").map((g) => {
  const [spaces, members] = g.split("x").map(Number);
  if (!spaces || !members) throw new Error(`--grids: ${g} is not SPACESxMEMBERS`);
  return { spaces, members };
});
const orgRuns = Number(values["org-runs"] ?? 1);
const orgForms = list(values["org-forms"], "dynamic,plugin") as OrgForm[];
const out = path.resolve(values.out ?? path.join(__dirname, "results"));
const rawDir = path.join(out, "raw");

const log = (line: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const save = (name: string, data: unknown) => {
  const record = { meta: runMeta(), ...(data as object) };
  writeFileSync(path.join(rawDir, `${name}.json`), JSON.stringify(record, null, 1) + "\n");
};

async function main() {
  if (fullRun) {
    log(`full run: dropping the previous run's raw/, logs/ and notes in ${out}`);
    for (const stale of ["raw", "logs", "notes.md", "org-notes.md"])
      rmSync(path.join(out, stale), { recursive: true, force: true });
  }
  mkdirSync(rawDir, { recursive: true });
  if (!values["report-only"]) {
    if (!values["live-dist"]) useSnapshot(buildSnapshot(values["provider-ref"] ?? "HEAD", log));
    for (const s of scenarios) {
      if (!SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s}: one of ${SCENARIOS}`);
    }
    if (scenarios.includes("emulatorRps")) save("emulator-rps", await runEmulatorRps(log));
    if (scenarios.includes("coldstart")) save("coldstart", await runColdStart(log));
    if (scenarios.includes("org")) {
      // Each grid's first create waits on the write quota (4,000 adds: 13 min).
      for (const { spaces, members } of grids) {
        for (let r = 1; r <= orgRuns; r++) {
          for (const form of orgForms) {
            const name = `org-${form}-s${spaces}-m${members}-r${r}`;
            const onOp = (partial: unknown) => save(name, partial);
            save(name, await runOrg(spaces, members, r, { latencyMs, log, onOp, form }));
          }
        }
      }
    }
    // The engine floor runs between the provider's runs, under the same load, one per (size, run).
    const interleaveFloor =
      scenarios.includes("floor") && scenarios.includes("provider") && sizes.length > 0;
    if (scenarios.includes("floor") && !interleaveFloor) {
      for (let r = 1; r <= runs; r++) save(`floor-r${r}`, await runFloor(r, log));
    }
    // Smaller sizes first: the 1,000-member runs are the long ones.
    for (const n of sizes) {
      for (let r = 1; r <= runsFor(n); r++) {
        if (interleaveFloor) save(`floor-n${n}-r${r}`, await runFloor(r, log));
        // N ChatMembership are N resources: their floor is N trivial ones.
        if (interleaveFloor && shapes.includes("memberships"))
          save(`floor-c${n}-n${n}-r${r}`, await runFloor(r, log, undefined, n));
        if (scenarios.includes("alternatives")) {
          for (const a of alternatives)
            save(`alt-${a}-n${n}-r${r}`, await runAlternative(a, n, r, { latencyMs, log }));
        }
        if (scenarios.includes("provider")) {
          for (const shape of shapes) {
            save(
              `provider-${shape}-n${n}-r${r}`,
              await runProvider(shape, n, r, { latencyMs, log }),
            );
          }
        }
      }
    }
  }
  // Adoption runs: only the by-id roster (by email, every declared member must be looked up;
  // N ChatMembership adopt with a create + get each, 16+ minutes of write quota at 5,000).
  const adoptSizes = list(values["adopt-sizes"], values.sizes === undefined ? "5000" : "");
  for (const n of adoptSizes.map(Number)) {
    if (values["report-only"] || !scenarios.includes("provider")) break;
    for (let r = 1; r <= runsFor(n); r++) {
      for (const shape of shapes.filter((sh) => sh === "spaceMembersById")) {
        const run = await runProvider(shape, n, r, { latencyMs, log, prepopulated: true });
        save(`provider-${shape}-adopt-n${n}-r${r}`, run);
      }
    }
  }
  await writeReport(out, log);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
