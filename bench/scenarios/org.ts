// The org scenario: S spaces × M members, one ChatSpaceMembers per space declaring its members
// by email. Each command runs on the provider's stack and then on the engine floor's (one
// trivial dynamic resource per space), alternately, so both are measured under the same load.
import { DEFAULT_QUOTAS } from "../../emulator";
import {
  openBenchProject,
  openYamlBenchProject,
  setProgramConfig,
  setYamlProgram,
  yamlSpacesProgram,
  type EngineCommand,
} from "../lib/engine";
import { orgCallBound, type MethodCalls, type OrgOp } from "../lib/org-bounds";
import { orgSeed, orgSpace } from "../lib/org-world";
import { addTimeline } from "../lib/timeline";
import { measureCommand, requestErrors, timedCommand, type RequestError } from "../lib/measure";
import type { PeakRss } from "../lib/rss";
import { startWorld, userEmail } from "../lib/world";

export interface OrgOpResult {
  readonly op: OrgOp;
  readonly command: EngineCommand;
  readonly providerMs: number;
  readonly floorMs: number;
  /** Peak RSS (MiB) by process role, of the provider's command and of the floor's. */
  readonly rss?: PeakRss;
  readonly floorRss?: PeakRss;
  /** Calls per emulator rpc (token and tokeninfo included), and their bound. */
  readonly calls: MethodCalls;
  readonly bound: MethodCalls;
  readonly throttled: number;
  readonly changes: Record<string, number>;
  readonly floorChanges: Record<string, number>;
  /** Create only: ms from the command's start to the first create and to the last add. */
  readonly firstCreateMs?: number;
  readonly lastAddMs?: number;
  readonly added?: number;
  readonly errors: RequestError[];
}

/**
 * How the program declares the spaces: a TypeScript program on the dynamic provider, or a
 * Pulumi YAML program on the googlechat plugin (one process serves every resource).
 */
export type OrgForm = "dynamic" | "plugin";

export interface OrgRun {
  readonly scenario: "org";
  /** Absent in older files: dynamic. */
  readonly form?: OrgForm;
  readonly spaces: number;
  readonly members: number;
  readonly run: number;
  readonly latencyMs: number;
  readonly writeQuota: { limit: number; windowMs: number };
  readonly ops: OrgOpResult[];
  readonly error?: string;
}

/**
 * Each command, and what changes before it: the first create (everyone a member); a no-op
 * `preview --refresh`; member 0 of every space made a manager (`up`); member 1 the same with
 * `up --refresh`. The floor's resources change their label where the spaces change a role.
 */
const PLAN: readonly { op: OrgOp; command: EngineCommand; managers: number; label: string }[] = [
  { op: "create", command: "up", managers: 0, label: "one" },
  { op: "previewRefreshNoop", command: "previewRefresh", managers: 0, label: "one" },
  { op: "upChange", command: "up", managers: 1, label: "two" },
  { op: "upRefreshChange", command: "upRefresh", managers: 2, label: "three" },
];

/** The program's rosters: every space declares the M people, the first `managers` as managers. */
export function programConfig(spaces: number, members: number, managers: number) {
  return { spaces: rosters(spaces, members, managers) };
}

function rosters(spaces: number, members: number, managers: number) {
  const config: Record<string, unknown> = {};
  for (let s = 0; s < spaces; s++) {
    config[`org${s}`] = {
      space: orgSpace(s),
      mode: "authoritative",
      members: Array.from({ length: members }, (_, i) => ({
        member: userEmail(i),
        role: i < managers ? "manager" : "member",
      })),
    };
  }
  return config;
}

export async function runOrg(
  spaces: number,
  members: number,
  run: number,
  opts: {
    latencyMs: number;
    log?: (line: string) => void;
    ops?: readonly OrgOp[];
    form?: OrgForm;
    /** Called after each command with the run so far (a long run keeps what it measured). */
    onOp?: (partial: OrgRun) => void;
  },
): Promise<OrgRun> {
  const world = await startWorld(0, {
    latencyMs: opts.latencyMs,
    seed: orgSeed(spaces, members),
  });
  const control = world.emulator.control;
  const form = opts.form ?? "dynamic";
  // Rosters and labels through files: a change of them changes no stack config (see viaFile).
  const viaFile = { viaFile: true };
  const project =
    form === "plugin"
      ? await openYamlBenchProject(world)
      : await openBenchProject("space-members", world, programConfig(spaces, members, 0), viaFile);
  const declare = (managers: number) =>
    form === "plugin"
      ? setYamlProgram(project, yamlSpacesProgram(rosters(spaces, members, managers)))
      : setProgramConfig(project, programConfig(spaces, members, managers), viaFile);
  const floor = await openBenchProject("trivial", undefined, { count: spaces });
  await setProgramConfig(floor, { label: "one" }, viaFile);
  const ops: OrgOpResult[] = [];
  const tag = `org ${form} ${spaces}x${members} run=${run}`;
  const result = (): OrgRun => ({
    scenario: "org",
    form,
    spaces,
    members,
    run,
    latencyMs: opts.latencyMs,
    writeQuota: DEFAULT_QUOTAS.membershipWritesPerProject,
    ops,
  });
  try {
    for (const step of PLAN.filter((p) => !opts.ops || opts.ops.includes(p.op))) {
      await declare(step.managers);
      await setProgramConfig(floor, { label: step.label }, viaFile);
      const measured = await measureCommand(control, project, step.command);
      const { startedAt, changes, requests, calls: counted, rss } = measured;
      const providerMs = measured.wallMs;
      const floorRun = await timedCommand(floor, step.command);
      const { changes: floorChanges, wallMs: floorMs, rss: floorRss } = floorRun;
      const t = step.op === "create" ? addTimeline(requests, startedAt) : undefined;
      ops.push({
        op: step.op,
        command: step.command,
        providerMs,
        floorMs,
        rss,
        floorRss,
        calls: counted.byRpc,
        bound: orgCallBound(step.op, spaces, members),
        throttled: counted.throttled,
        changes,
        floorChanges,
        ...(t
          ? { firstCreateMs: t.firstCreateMs, lastAddMs: t.addsMs.at(-1), added: t.addsMs.length }
          : {}),
        errors: requestErrors(requests, 20),
      });
      opts.log?.(
        `${tag} ${step.op}: ${(providerMs / 1000).toFixed(1)} s (floor ${(floorMs / 1000).toFixed(1)} s), ` +
          Object.entries(counted.byRpc)
            .map(([k, v]) => `${k} ${v}`)
            .join(", "),
      );
      opts.onOp?.(result());
    }
    return result();
  } catch (e) {
    const error = (e as Error).message.slice(0, 4000);
    opts.log?.(`${tag} FAILED: ${error.slice(0, 500)}`);
    return { ...result(), error };
  } finally {
    await project.cleanup();
    await floor.cleanup();
    await world.emulator.stop();
  }
}
