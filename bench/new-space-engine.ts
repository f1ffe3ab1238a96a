// The first `pulumi up` of a program declaring a new space and its 50 members (the caller and 49
// more, by email; 2 owners and 3 managers besides the caller): ChatSpace then ChatSpaceMembers,
// against the emulator at Google's quotas with 50 ms per call, next to the engine floor (two
// trivial dynamic resources, one the other's input, as the pair is) run alternately. The bound:
// the floor, then the calls that must run one after the other (token, the space's create, the
// list, the first add, each 50 ms), then the membership-write quota's wait (none for 54 writes).
//   node -r ts-node/register/transpile-only bench/new-space-engine.ts [--runs 3]
import * as path from "node:path";
import { openProject } from "../scripts/lib/engine-harness";
import { DEFAULT_QUOTAS } from "../emulator";
import { quotaBoundMs } from "./lib/bounds";
import { openBenchProject, setProgramConfig } from "./lib/engine";
import { summarize } from "./lib/stats";
import { CALLER, startWorld, userEmail } from "./lib/world";

const OTHERS = 49;
const LATENCY = 50;
const i = process.argv.indexOf("--runs");
const RUNS = i > 0 ? Number(process.argv[i + 1]) : 3;
const PROGRAM = path.join(__dirname, "../test/engine/fixtures/new-space");

const members = [
  { member: CALLER, role: "owner" },
  ...Array.from({ length: OTHERS }, (_, n) => ({
    member: userEmail(n),
    ...(n < 2 ? { role: "owner" } : n < 5 ? { role: "manager" } : {}),
  })),
];

async function once(run: number) {
  const world = await startWorld(OTHERS, { latencyMs: LATENCY });
  const project = await openProject(PROGRAM, {
    env: { CHAT_EMULATOR_HOST: world.emulator.hostPort },
    config: {
      "googlechat:credentials": { value: JSON.stringify(world.credentials), secret: true },
    },
  });
  const floor = await openBenchProject("trivial", undefined, { count: 2 });
  await setProgramConfig(floor, { label: `run${run}` });
  try {
    await project.stack.setConfig("spaces", {
      value: JSON.stringify({
        team: {
          space: { displayName: `Bench ${run}` },
          members: { mode: "authoritative", members },
        },
      }),
    });
    await world.emulator.control.resetLog();
    const t0 = Date.now();
    const up = await project.up();
    const ms = Date.now() - t0;
    const f0 = Date.now();
    await floor.up();
    const floorMs = Date.now() - f0;
    const counters = await world.emulator.control.counters();
    const calls = Object.fromEntries(
      Object.entries(counters)
        .filter(([k]) => k.startsWith("spaces") || k.startsWith("oauth"))
        .map(([k, c]) => [k, c.total]),
    );
    const writes = (calls["spaces.members.create"] ?? 0) + (calls["spaces.members.patch"] ?? 0);
    const boundMs =
      floorMs + 4 * LATENCY + quotaBoundMs(writes, DEFAULT_QUOTAS.membershipWritesPerProject);
    const roster = Object.keys(
      (up.outputs.made as Record<string, { members: Record<string, string> }>).team!.members,
    ).length;
    return { ms, floorMs, boundMs, calls, roster, changes: up.changes };
  } finally {
    await project.cleanup();
    await floor.cleanup();
    await world.emulator.stop();
  }
}

(async () => {
  const runs: Awaited<ReturnType<typeof once>>[] = [];
  for (let r = 0; r < RUNS; r++) {
    const x = await once(r);
    runs.push(x);
    console.log(
      `run ${r}: ${(x.ms / 1000).toFixed(2)} s; floor ${(x.floorMs / 1000).toFixed(2)} s; bound ${(x.boundMs / 1000).toFixed(2)} s (${(x.boundMs / x.ms).toFixed(2)} of it); ${x.roster} members; ${JSON.stringify(x.changes)}; calls ${JSON.stringify(x.calls)}`,
    );
  }
  const med = (f: (x: (typeof runs)[number]) => number) => summarize(runs.map(f))!.median;
  console.log(
    `median of ${RUNS}: ${(med((x) => x.ms) / 1000).toFixed(2)} s against a bound of ${(med((x) => x.boundMs) / 1000).toFixed(2)} s (floor ${(med((x) => x.floorMs) / 1000).toFixed(2)} s)`,
  );
  process.exit(0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
