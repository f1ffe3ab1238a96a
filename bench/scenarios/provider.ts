// Scenarios 1-3 for the provider: one fresh emulator and stack per run; each operation's API
// calls (emulator counters), wall time and, for create, the add timeline.
import { callBound, kFor, type CallBound, type Operation, type Shape } from "../lib/bounds";
import { openBenchProject, setProgramConfig, type EngineCommand } from "../lib/engine";
import { addTimeline, type AddTimeline } from "../lib/timeline";
import { measureCommand, requestErrors, timedCommand, type RequestError } from "../lib/measure";
import type { PeakRss } from "../lib/rss";
import { SPACE, startWorld, userEmail, userId, type CallCount } from "../lib/world";

export interface OpResult {
  readonly op: Operation;
  readonly command: EngineCommand;
  readonly k?: number;
  readonly wallMs: number;
  /** Peak RSS (MiB) by process role. */
  readonly rss?: PeakRss;
  readonly calls: CallCount;
  readonly bound: CallBound;
  readonly changes: Record<string, number>;
  readonly timeline?: AddTimeline;
  /** API requests not answered 200 (first 50), for diagnosis. */
  readonly errors: RequestError[];
}

export interface ProviderRun {
  readonly scenario: "provider";
  readonly shape: Shape;
  readonly n: number;
  readonly run: number;
  readonly latencyMs: number;
  /** The N members were already in the space: create adopts them (no write needed). */
  readonly prepopulated?: boolean;
  readonly ops: OpResult[];
  /** Memberships in the space after create (caller included). */
  readonly membersAfterCreate?: number;
  readonly error?: string;
}

type Role = "member" | "manager";

/** The program's config for N members, the first `managers` of them managers. */
function programConfig(shape: Shape, n: number, managers: number): Record<string, unknown> {
  const role = (i: number): Role => (i < managers ? "manager" : "member");
  if (shape !== "memberships") {
    const ref = (i: number) => (shape === "spaceMembers" ? userEmail(i) : userId(i));
    return {
      spaces: {
        bench: {
          space: SPACE,
          mode: "authoritative",
          members: Array.from({ length: n }, (_, i) => ({ member: ref(i), role: role(i) })),
        },
      },
    };
  }
  const members: Record<string, unknown> = {};
  for (let i = 0; i < n; i++)
    members[`m${i}`] = { space: SPACE, member: userEmail(i), role: role(i) };
  return { members };
}

const PLAN: readonly { op: Operation; command: EngineCommand }[] = [
  { op: "create", command: "up" },
  { op: "previewNoop", command: "preview" },
  { op: "upNoop", command: "up" },
  { op: "refresh", command: "refresh" },
  { op: "updateK1", command: "up" },
  { op: "updateK10pct", command: "up" },
];

export async function runProvider(
  shape: Shape,
  n: number,
  run: number,
  opts: {
    latencyMs: number;
    log?: (line: string) => void;
    ops?: readonly Operation[];
    prepopulated?: boolean;
  },
): Promise<ProviderRun> {
  const pre = opts.prepopulated === true;
  const world = await startWorld(n, { latencyMs: opts.latencyMs, present: pre ? n : 0 });
  const control = world.emulator.control;
  const fixture = shape === "memberships" ? "memberships" : "space-members";
  const project = await openBenchProject(fixture, world, programConfig(shape, n, 0));
  const ops: OpResult[] = [];
  let membersAfterCreate: number | undefined;
  let managers = 0;
  const result = (): ProviderRun => ({
    scenario: "provider",
    shape,
    n,
    run,
    latencyMs: opts.latencyMs,
    ...(pre ? { prepopulated: true } : {}),
    ops,
    membersAfterCreate,
  });
  try {
    for (const step of PLAN.filter((p) => !opts.ops || opts.ops.includes(p.op))) {
      let k: number | undefined;
      if (step.op === "updateK1" || step.op === "updateK10pct") {
        k = kFor(step.op, n);
        managers += k;
        await setProgramConfig(project, programConfig(shape, n, managers));
      }
      const live = (await control.listMembers(SPACE)).length;
      const { startedAt, wallMs, changes, calls, requests, rss } = await measureCommand(
        control,
        project,
        step.command,
      );
      const timeline = step.op === "create" ? addTimeline(requests, startedAt) : undefined;
      const errors = requestErrors(requests, 50);
      if (step.op === "create") membersAfterCreate = (await control.listMembers(SPACE)).length;
      ops.push({
        op: step.op,
        command: step.command,
        ...(k !== undefined ? { k } : {}),
        wallMs,
        rss,
        calls,
        bound:
          pre && step.op === "create"
            ? { reads: callBound(shape, "refresh", n, live).reads, writes: 0 }
            : callBound(shape, step.op, n, live, k),
        changes,
        ...(timeline ? { timeline } : {}),
        errors,
      });
      opts.log?.(
        `${shape} n=${n} run=${run} ${step.op}: ${(wallMs / 1000).toFixed(1)} s, ` +
          `${calls.reads} reads + ${calls.writes} writes (${calls.throttled} × 429)`,
      );
    }
    return result();
  } catch (e) {
    const error = (e as Error).message.slice(0, 4000);
    opts.log?.(`${shape} n=${n} run=${run} FAILED: ${error.slice(0, 500)}`);
    return { ...result(), error };
  } finally {
    await project.cleanup();
    await world.emulator.stop();
  }
}

export interface FloorRun {
  readonly scenario: "floor";
  readonly run: number;
  /** Trivial resources in the stack (absent in older files: 1). */
  readonly count?: number;
  readonly ops: {
    op: string;
    command: EngineCommand;
    wallMs: number;
    rss?: PeakRss;
    changes: Record<string, number>;
  }[];
}

/**
 * The engine's own floor: the same commands on a stack of `count` trivial resources, no API
 * (one for a ChatSpaceMembers, N for N ChatMembership resources).
 */
export async function runFloor(
  run: number,
  log?: (line: string) => void,
  only?: readonly string[],
  count = 1,
): Promise<FloorRun> {
  const project = await openBenchProject("trivial", undefined, { label: "one", count });
  const ops: FloorRun["ops"] = [];
  const steps: { op: string; command: EngineCommand; label?: string }[] = [
    { op: "create", command: "up" },
    { op: "previewNoop", command: "preview" },
    { op: "upNoop", command: "up" },
    { op: "refresh", command: "refresh" },
    { op: "updateK1", command: "up", label: "two" },
  ];
  try {
    for (const s of steps.filter((x) => !only || only.includes(x.op))) {
      if (s.label) await setProgramConfig(project, { label: s.label });
      const { changes, wallMs, rss } = await timedCommand(project, s.command);
      ops.push({ op: s.op, command: s.command, wallMs, rss, changes });
      log?.(`floor (${count}) run=${run} ${s.op}: ${(wallMs / 1000).toFixed(1)} s`);
    }
  } finally {
    await project.cleanup();
  }
  return { scenario: "floor", run, count, ops };
}
