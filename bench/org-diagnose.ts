// Where the org scenario's time goes, beyond the API: provider and engine floor alternately on
// S spaces whose M members are already there (the first `up` adopts them, no quota wait), then
//   - the state per resource (bytes, the largest fields), which the engine writes twice per step;
//   - a no-op `preview --refresh`, and one change per space (`up`) with the engine's defaults,
//     with PULUMI_SKIP_CHECKPOINTS=true (state saved once, at the end), and with that and
//     PULUMI_PARALLEL=64 (default: 4 × the cores).
//   node -r ts-node/register/transpile-only bench/org-diagnose.ts [--spaces 200] [--members 20]
//        [--latency 50] [--provider-ref HEAD]
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { EngineProject } from "../scripts/lib/engine-harness";
import { openBenchProject, runCommand, setProgramConfig, type EngineCommand } from "./lib/engine";
import { orgSeed } from "./lib/org-world";
import { buildSnapshot, useSnapshot } from "./lib/snapshot";
import { startWorld } from "./lib/world";
import { programConfig } from "./scenarios/org";

const { values } = parseArgs({
  options: {
    spaces: { type: "string" },
    members: { type: "string" },
    latency: { type: "string" },
    "provider-ref": { type: "string" },
  },
});
const S = Number(values.spaces ?? 200);
const M = Number(values.members ?? 20);
const viaFile = { viaFile: true };

/** Bytes of each resource of a type in the stack's state file, and its five largest fields. */
function stateSizes(p: EngineProject, type: string): string {
  const dir = path.join(p.backendDir, ".pulumi/stacks");
  const file = path.join(dir, readdirSync(dir)[0]!, "test.json");
  const text = readFileSync(file, "utf8");
  const res = JSON.parse(text).checkpoint.latest.resources.find((r: { type: string }) =>
    r.type.includes(type),
  );
  const fields = ["inputs", "outputs"].flatMap((k) =>
    Object.entries((res[k] ?? {}) as Record<string, unknown>).map(
      ([f, v]) => [`${k}.${f}`, JSON.stringify(v).length] as const,
    ),
  );
  fields.sort((a, b) => b[1] - a[1]);
  return `state ${text.length} B; one ${type}: ${JSON.stringify(res).length} B (${fields
    .slice(0, 5)
    .map(([f, n]) => `${f} ${n}`)
    .join(", ")})`;
}

async function main() {
  useSnapshot(buildSnapshot(values["provider-ref"] ?? "HEAD"));
  const world = await startWorld(0, {
    latencyMs: Number(values.latency ?? 50),
    seed: orgSeed(S, M, true),
  });
  const p = await openBenchProject("space-members", world, programConfig(S, M, 0), viaFile);
  const f = await openBenchProject("trivial", undefined, { count: S });
  await setProgramConfig(f, { label: "l0" }, viaFile);
  const pair = async (label: string, command: EngineCommand) => {
    // A fresh quota window for each command, as in the scenario: 200 patches fill two thirds of
    // the write quota, and the next command's would otherwise wait on it.
    await world.emulator.control.setQuotas({});
    const t0 = Date.now();
    await runCommand(p, command);
    const t1 = Date.now();
    await world.emulator.control.setQuotas({});
    await runCommand(f, command);
    const t2 = Date.now();
    const [a, b] = [(t1 - t0) / 1000, (t2 - t1) / 1000];
    console.log(
      `${label}: provider ${a.toFixed(1)} s, floor ${b.toFixed(1)} s, ${(a / b).toFixed(2)} ×`,
    );
  };
  try {
    await pair(`${S} × ${M} first up (adopts)`, "up");
    console.log(`provider ${stateSizes(p, "ChatSpaceMembers")}`);
    console.log(`floor    ${stateSizes(f, "Thing")}`);
    await pair("no-op preview --refresh", "previewRefresh");
    const variants: Record<string, string>[] = [
      {},
      { PULUMI_SKIP_CHECKPOINTS: "true" },
      { PULUMI_SKIP_CHECKPOINTS: "true", PULUMI_PARALLEL: "64" },
    ];
    for (const [i, vars] of variants.entries()) {
      for (const x of [p, f]) {
        const env = (x.stack.workspace as unknown as { envVars: Record<string, string> }).envVars;
        for (const k of ["PULUMI_SKIP_CHECKPOINTS", "PULUMI_PARALLEL"]) delete env[k];
        Object.assign(env, vars);
      }
      await setProgramConfig(p, programConfig(S, M, i + 1), viaFile);
      await setProgramConfig(f, { label: `l${i + 1}` }, viaFile);
      const label =
        Object.entries(vars)
          .map(([k, v]) => `${k}=${v}`)
          .join(" ") || "defaults";
      await pair(`one change per space (up), ${label}`, "up");
    }
  } finally {
    await p.cleanup();
    await f.cleanup();
    await world.emulator.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
