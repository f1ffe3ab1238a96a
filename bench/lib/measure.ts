// One measured engine command against the emulator: quota windows and the request log cleared
// first (each command starts a new provider process, whose pacer starts empty too), then the
// wall time, the API calls it made (counters) and its requests (log).
import type { LoggedRequest, RunningEmulator } from "../../emulator";
import type { EngineProject } from "../../scripts/lib/engine-harness";
import { runCommand, type EngineCommand } from "./engine";
import { sampleRss, type PeakRss } from "./rss";
import { countCalls, type CallCount } from "./world";

export type RequestError = Pick<LoggedRequest, "time" | "method" | "path" | "rpc" | "status">;

export interface Measured {
  readonly startedAt: number;
  readonly wallMs: number;
  readonly changes: Record<string, number>;
  readonly calls: CallCount;
  readonly requests: LoggedRequest[];
  /** Peak RSS (MiB) of the command's processes by role: engine, provider, program … */
  readonly rss: PeakRss;
}

export async function measureCommand(
  control: RunningEmulator["control"],
  project: EngineProject,
  command: EngineCommand,
): Promise<Measured> {
  await control.setQuotas({});
  await control.resetLog();
  const startedAt = Date.now();
  const { changes, wallMs, rss } = await timedCommand(project, command);
  const calls = countCalls(await control.counters());
  return { startedAt, wallMs, changes, calls, requests: await control.requests(), rss };
}

/** One engine command's changes, wall time and peak memory by process role (floors use it too). */
export async function timedCommand(project: EngineProject, command: EngineCommand) {
  const sampler = sampleRss();
  const t0 = Date.now();
  try {
    const changes = await runCommand(project, command);
    return { changes, wallMs: Date.now() - t0, rss: sampler.stop() };
  } catch (e) {
    sampler.stop();
    throw e;
  }
}

/** The first `max` requests not answered 200, for diagnosis. */
export const requestErrors = (requests: readonly LoggedRequest[], max: number): RequestError[] =>
  requests
    .filter((e) => e.status !== 200)
    .slice(0, max)
    .map(({ time, method, path, rpc, status }) => ({ time, method, path, rpc, status }));
