// The benchmark runner: runs the selected scenarios, writes one raw JSON file per run into
// <out>/raw/, then the report and the chart. Bounded: a fixed list of (scenario, size, run).
//   node -r ts-node/register/transpile-only bench/run.ts [--scenarios a,b] [--sizes 10,100,1000]
//        [--runs 3] [--shapes spaceMembers,memberships] [--latency 50] [--out bench/results]
//        [--report-only]
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { Shape } from "./lib/bounds";
import { runAlternative, ALTERNATIVES, type AlternativeName } from "./scenarios/alternatives";
import { runColdStart } from "./scenarios/coldstart";
import { runEmulatorRps } from "./scenarios/emulator-rps";
import { runFloor, runProvider } from "./scenarios/provider";
import { writeReport } from "./report";
import { runMeta } from "./lib/meta";

export const SCENARIOS = ["floor", "provider", "alternatives", "coldstart", "emulatorRps"] as const;
type Scenario = (typeof SCENARIOS)[number];

const { values } = parseArgs({
  options: {
    scenarios: { type: "string" },
    sizes: { type: "string" },
    runs: { type: "string" },
    shapes: { type: "string" },
    alternatives: { type: "string" },
    latency: { type: "string" },
    out: { type: "string" },
    "report-only": { type: "boolean" },
  },
});

const list = (s: string | undefined, d: string) => (s ?? d).split(",").filter(Boolean);
const scenarios = list(values.scenarios, SCENARIOS.join(",")) as Scenario[];
const sizes = list(values.sizes, "10,100,1000").map(Number);
const runs = Number(values.runs ?? 3);
const shapes = list(values.shapes, "spaceMembers,spaceMembersById,memberships") as Shape[];
const alternatives = list(values.alternatives, ALTERNATIVES.join(",")) as AlternativeName[];
const latencyMs = Number(values.latency ?? 50);
const out = path.resolve(values.out ?? path.join(__dirname, "results"));
const rawDir = path.join(out, "raw");

const log = (line: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const save = (name: string, data: unknown) => {
  const record = { meta: runMeta(), ...(data as object) };
  writeFileSync(path.join(rawDir, `${name}.json`), JSON.stringify(record, null, 1) + "\n");
};

async function main() {
  mkdirSync(rawDir, { recursive: true });
  if (!values["report-only"]) {
    for (const s of scenarios) {
      if (!SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s}: one of ${SCENARIOS}`);
    }
    if (scenarios.includes("emulatorRps")) save("emulator-rps", await runEmulatorRps(log));
    if (scenarios.includes("coldstart")) save("coldstart", await runColdStart(log));
    if (scenarios.includes("floor")) {
      for (let r = 1; r <= runs; r++) save(`floor-r${r}`, await runFloor(r, log));
    }
    // Smaller sizes first: the 1,000-member runs are the long ones.
    for (const n of sizes) {
      for (let r = 1; r <= runs; r++) {
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
  await writeReport(out, log);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
