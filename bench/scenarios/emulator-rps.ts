// The emulator's own throughput (bench/emulator-rps.ts, by the emulator's author), run 3 times.
import { spawn } from "node:child_process";
import * as path from "node:path";

export interface EmulatorRpsRun {
  readonly scenario: "emulatorRps";
  readonly runs: { method: string; requests: number; concurrency: number; rps: number }[];
  readonly command: string;
}

const SCRIPT = path.join(__dirname, "../emulator-rps.ts");

export async function runEmulatorRps(
  log?: (line: string) => void,
  opts: { runs?: number; requests?: number } = {},
): Promise<EmulatorRpsRun> {
  const runs: EmulatorRpsRun["runs"] = [];
  const args = ["--requests", String(opts.requests ?? 20000), "--concurrency", "32"];
  for (let r = 0; r < (opts.runs ?? 3); r++) {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", SCRIPT, ...args],
        { stdio: ["ignore", "pipe", "inherit"], cwd: path.join(__dirname, "..") },
      );
      let text = "";
      child.stdout.on("data", (d: Buffer) => (text += d.toString()));
      child.once("exit", (code) =>
        code === 0 ? resolve(text) : reject(new Error(`emulator-rps exited ${code}`)),
      );
    });
    for (const m of out.matchAll(
      /^(\S+): (\d+) requests, concurrency (\d+), [\d.]+ s, (\d+) req\/s/gm,
    )) {
      runs.push({
        method: m[1]!,
        requests: Number(m[2]),
        concurrency: Number(m[3]),
        rps: Number(m[4]),
      });
      log?.(`emulator-rps ${m[1]}: ${m[4]} req/s`);
    }
  }
  return {
    scenario: "emulatorRps",
    runs,
    command: `node -r ts-node/register/transpile-only bench/emulator-rps.ts ${args.join(" ")}`,
  };
}
