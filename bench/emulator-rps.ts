// Requests per second the emulator serves for spaces.members.get and spaces.members.create on
// loopback with quotas off. The emulator runs in its own process (the CLI) so client and server
// do not share an event loop. Bounded: a fixed number of requests per method.
//   node -r ts-node/register/transpile-only bench/emulator-rps.ts [--requests N] [--concurrency C]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { EmulatorControl } from "../emulator";
import type { Seed } from "../emulator";

const { values } = parseArgs({
  options: { requests: { type: "string" }, concurrency: { type: "string" } },
});
const N = Number(values.requests ?? 20000);
const C = Number(values.concurrency ?? 32);

function seed(users: number): Seed {
  return {
    domain: "bench.example",
    users: [
      { email: "owner@bench.example", id: "1" },
      ...Array.from({ length: users }, (_, i) => ({
        email: `u${i}@bench.example`,
        id: String(1000 + i),
      })),
    ],
    projects: [{ id: "bench", appName: "Bench" }],
    spaces: [
      {
        name: "spaces/BENCH",
        displayName: "Bench",
        members: [{ member: "owner@bench.example", role: "ROLE_MANAGER" as const }],
      },
    ],
  };
}

async function startCli(seedFile: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [
      "-r",
      "ts-node/register/transpile-only",
      join(__dirname, "../emulator/cli.ts"),
      "--port",
      "0",
      "--no-quotas",
      "--seed",
      seedFile,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { url, stop: () => child.kill("SIGTERM") };
}

async function run(
  label: string,
  url: string,
  token: string,
  make: (i: number) => { method: string; path: string; body?: string },
): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: C });
  const u = new URL(url);
  let next = 0;
  let failures = 0;
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const r = make(i);
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          method: r.method,
          path: r.path,
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            ...(r.body
              ? { "content-type": "application/json", "content-length": Buffer.byteLength(r.body) }
              : {}),
          },
        },
        (res) => {
          if (res.statusCode !== 200) failures++;
          res.resume();
          res.on("end", resolve);
        },
      );
      req.on("error", reject);
      req.end(r.body);
    });
  const worker = async () => {
    while (next < N) await one(next++);
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: C }, worker));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  agent.destroy();
  const rps = N / secs;
  console.log(
    `${label}: ${N} requests, concurrency ${C}, ${secs.toFixed(2)} s, ${Math.round(rps)} req/s, ${failures} non-200`,
  );
  if (failures) throw new Error(`${label}: ${failures} requests failed`);
  return rps;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "emu-bench-"));
  const seedFile = join(dir, "seed.json");
  writeFileSync(seedFile, JSON.stringify(seed(N)));
  const emu = await startCli(seedFile);
  try {
    const control = new EmulatorControl(emu.url);
    const { access_token } = await control.mintAccessToken({
      user: "owner@bench.example",
      project: "bench",
    });
    await run("spaces.members.create", emu.url, access_token, (i) => ({
      method: "POST",
      path: "/v1/spaces/BENCH/members",
      body: JSON.stringify({ member: { name: `users/${1000 + i}`, type: "HUMAN" } }),
    }));
    await run("spaces.members.get", emu.url, access_token, (i) => ({
      method: "GET",
      path: `/v1/spaces/BENCH/members/${1000 + (i % N)}`,
    }));
    const counters = await control.counters();
    console.log("counters:", JSON.stringify(counters));
  } finally {
    emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
