// Scenario 5: cold start. Each sample is a fresh Node process that times, with hrtime, the
// `require` of a module (and, for the provider, its first API call against a local emulator).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { activeSnapshot } from "../lib/snapshot";
import { SPACE, startWorld } from "../lib/world";

const REPO = path.join(__dirname, "../..");
/** Where `npm install googleapis` was run (outside the repo: 200+ MB). */
export const GOOGLEAPIS_DIR = process.env.BENCH_GOOGLEAPIS_DIR ?? "/tmp/bench-googleapis";

export interface ColdStartCase {
  readonly name: string;
  readonly module: string;
  /** ms inside the process: require (and first call), one per sample. */
  readonly samplesMs: number[];
  /** ms from spawn to exit, one per sample (Node's own start-up included). */
  readonly processMs: number[];
}

export interface ColdStartRun {
  readonly scenario: "coldstart";
  readonly samples: number;
  readonly cases: ColdStartCase[];
  readonly skipped: string[];
}

const requireProbe = (mod: string) => `
const t0 = process.hrtime.bigint();
require(${JSON.stringify(mod)});
console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - t0) / 1e6 }));`;

// Load the provider module as the dynamic-provider plugin does, configure it like the engine,
// then refresh (read) one membership: the whole path to the first answered API call.
const firstCallProbe = (runtime: string) => `
const t0 = process.hrtime.bigint();
const rt = require(${JSON.stringify(runtime)});
const loaded = Number(process.hrtime.bigint() - t0) / 1e6;
const cfg = { "googlechat:credentials": process.env.BENCH_CREDENTIALS };
rt.configure({ config: { get: (k) => cfg[k] } });
rt.membership.read(${JSON.stringify(`${SPACE}/members/1`)}, {
  space: ${JSON.stringify(SPACE)}, member: "users/1", role: "ROLE_MANAGER",
  useAdminAccess: false, adopt: true, onDestroy: "keep", name: ${JSON.stringify(`${SPACE}/members/1`)},
}).then((r) => {
  if (!r.id) throw new Error("read found nothing");
  console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - t0) / 1e6, loaded }));
}, (e) => { console.error(e); process.exit(1); });`;

function probe(code: string, cwd: string, env: Record<string, string> = {}) {
  return new Promise<{ ms: number; processMs: number }>((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, ["-e", code], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (c) => {
      const processMs = Number(process.hrtime.bigint() - t0) / 1e6;
      if (c !== 0) return reject(new Error(`probe exited ${c}`));
      resolve({ ms: (JSON.parse(out.trim().split("\n").pop()!) as { ms: number }).ms, processMs });
    });
  });
}

export async function runColdStart(
  log?: (line: string) => void,
  samples = 7,
  opts: { googleapis?: boolean } = {},
): Promise<ColdStartRun> {
  const runtime = path.join(
    activeSnapshot()?.packageDir ?? REPO,
    "dist/provider/pulumi/runtime.js",
  );
  const world = await startWorld(0, { quotas: false });
  const env = {
    CHAT_EMULATOR_HOST: world.emulator.hostPort,
    BENCH_CREDENTIALS: JSON.stringify(world.credentials),
  };
  const cases: { name: string; module: string; code: string; cwd: string }[] = [
    {
      name: "baseline: require('node:os') (built in)",
      module: "node:os",
      code: requireProbe("node:os"),
      cwd: REPO,
    },
    { name: "provider runtime: require", module: runtime, code: requireProbe(runtime), cwd: REPO },
    {
      name: "provider runtime: require + configure + first API call (members.get)",
      module: runtime,
      code: firstCallProbe(runtime),
      cwd: REPO,
    },
    {
      name: "@googleapis/chat: require",
      module: "@googleapis/chat",
      code: requireProbe("@googleapis/chat"),
      cwd: REPO,
    },
  ];
  const skipped: string[] = [];
  if (opts.googleapis === false) {
    skipped.push("googleapis: not asked for");
  } else if (existsSync(path.join(GOOGLEAPIS_DIR, "node_modules/googleapis"))) {
    cases.push({
      name: "googleapis (full package): require",
      module: "googleapis",
      code: requireProbe("googleapis"),
      cwd: GOOGLEAPIS_DIR,
    });
  } else {
    skipped.push(`googleapis: not installed in ${GOOGLEAPIS_DIR} (npm install googleapis there)`);
  }
  const out: ColdStartCase[] = [];
  try {
    for (const c of cases) {
      // One warm-up process first, so the OS file cache is warm for every case alike.
      await probe(c.code, c.cwd, env);
      const samplesMs: number[] = [];
      const processMs: number[] = [];
      for (let i = 0; i < samples; i++) {
        const r = await probe(c.code, c.cwd, env);
        samplesMs.push(r.ms);
        processMs.push(r.processMs);
      }
      out.push({ name: c.name, module: c.module, samplesMs, processMs });
      log?.(`coldstart ${c.name}: ${samplesMs.map((x) => x.toFixed(0)).join(", ")} ms`);
    }
  } finally {
    await world.emulator.stop();
  }
  return { scenario: "coldstart", samples, cases: out, skipped };
}
