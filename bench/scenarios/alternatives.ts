// Scenario 4: the alternatives against the same emulator and settings as the provider runs.
// The script runs in its own process (as a user runs it); the emulator's log counts its calls.
import { spawn } from "node:child_process";
import * as path from "node:path";
import { addTimeline, type AddTimeline } from "../lib/timeline";
import { countCalls, SPACE, startWorld, userEmail, type CallCount } from "../lib/world";

export const ALTERNATIVES = ["seed-no-retry", "seed-default-retry", "seed-retry-post"] as const;
export type AlternativeName = (typeof ALTERNATIVES)[number];

const RETRY_MODE: Record<AlternativeName, "off" | "default" | "post"> = {
  "seed-no-retry": "off",
  "seed-default-retry": "default",
  "seed-retry-post": "post",
};

export interface AlternativeRun {
  readonly scenario: "alternative";
  readonly tool: AlternativeName;
  readonly n: number;
  readonly run: number;
  readonly latencyMs: number;
  /** Process spawn to exit (includes Node and ts-node start-up). */
  readonly processWallMs: number;
  /** From before the client is built to the last call's answer, as the script measures it. */
  readonly scriptWallMs: number;
  readonly added: number;
  /** Members still missing from the space at the end. */
  readonly leftUnadded: number;
  readonly scriptByStatus: Record<string, number>;
  readonly calls: CallCount;
  readonly timeline: AddTimeline;
}

const SCRIPT = path.join(__dirname, "../alternatives/seed-guide.ts");

export async function runAlternative(
  tool: AlternativeName,
  n: number,
  run: number,
  opts: { latencyMs: number; log?: (line: string) => void },
): Promise<AlternativeRun> {
  const world = await startWorld(n, { latencyMs: opts.latencyMs });
  const control = world.emulator.control;
  try {
    const members = Array.from({ length: n }, (_, i) => userEmail(i));
    const job = {
      url: world.emulator.url,
      credentials: world.credentials,
      space: SPACE,
      members,
      retry: RETRY_MODE[tool],
    };
    await control.resetLog();
    const startedAt = Date.now();
    const stdout = await runScript(JSON.stringify(job));
    const processWallMs = Date.now() - startedAt;
    const result = JSON.parse(stdout) as {
      startedAt: number;
      wallMs: number;
      added: number;
      byStatus: Record<string, number>;
    };
    const calls = countCalls(await control.counters());
    // The timeline starts when the script starts its work (after Node/ts-node start-up).
    const timeline = addTimeline(await control.requests(), result.startedAt);
    const live = new Set((await control.listMembers(SPACE)).map((m) => m.email));
    const leftUnadded = members.filter((m) => !live.has(m)).length;
    opts.log?.(
      `${tool} n=${n} run=${run}: ${(result.wallMs / 1000).toFixed(1)} s, added ${result.added}, ` +
        `left ${leftUnadded}, ${calls.writes} writes (${calls.throttled} × 429)`,
    );
    return {
      scenario: "alternative",
      tool,
      n,
      run,
      latencyMs: opts.latencyMs,
      processWallMs,
      scriptWallMs: result.wallMs,
      added: result.added,
      leftUnadded,
      scriptByStatus: result.byStatus,
      calls,
      timeline,
    };
  } finally {
    await world.emulator.stop();
  }
}

function runScript(input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", SCRIPT], {
      stdio: ["pipe", "pipe", "inherit"],
      cwd: path.join(__dirname, "../.."),
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0
        ? resolve(out.trim().split("\n").pop() ?? "")
        : reject(new Error(`seed-guide exited ${code}`)),
    );
    child.stdin.end(input);
  });
}
