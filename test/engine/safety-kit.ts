// Shared steps of the safety engine tests (issue 9's failures 1–7, each as a real `pulumi up`):
// a seed with one space per scenario, the fixture program `fixtures/space-members` driven by
// stack config, and the emulator's own view of what happened (live members, writes per space).
import * as fs from "node:fs";
import * as path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { defaultSeed, type EmulatorControl, type Seed, type SeedMember } from "../../emulator";
import { pulumiRoot, type EngineProject } from "../../scripts/lib/engine-harness";

/** An emulator to assert on: in this process (startChat) or a child process. */
export interface HasControl {
  readonly emulator: { readonly control: EmulatorControl };
}

export const FIXTURE = path.join(__dirname, "fixtures/space-members");
export const REPO = path.resolve(__dirname, "../..");

export const ID = {
  alice: "users/100000000000000000001",
  bob: "users/100000000000000000002",
  carol: "users/100000000000000000003",
  dave: "users/100000000000000000004",
  erin: "users/100000000000000000005",
};

/** Users beyond the demo org's: a break-glass account and six people for bulk removals. */
export const EXTRA = ["frank", "grace", "heidi", "ivan", "judy", "ken"].map(
  (n) => `${n}@example.com`,
);
export const BREAKGLASS = "breakglass@example.com";

/** The demo org, the extra users (and `more`), and the given spaces (alice, the caller, creates them). */
export function seedWith(spaces: Record<string, SeedMember[]>, more: string[] = []): Seed {
  const s = defaultSeed();
  return {
    ...s,
    users: [...(s.users ?? []), ...[BREAKGLASS, ...EXTRA, ...more].map((email) => ({ email }))],
    spaces: [
      ...(s.spaces ?? []),
      ...Object.entries(spaces).map(([name, members]) => ({
        name,
        createdBy: "alice@example.com",
        members,
      })),
    ],
  };
}

export const owner = (member: string): SeedMember => ({ member, role: "ROLE_MANAGER" });
export const manager = (member: string): SeedMember => ({
  member,
  role: "ROLE_ASSISTANT_MANAGER",
});
export const plain = (member: string): SeedMember => ({ member, role: "ROLE_MEMBER" });

/** Sets (or clears) the fixture's three config keys. */
export async function declare(
  project: EngineProject,
  c: {
    spaces?: Record<string, unknown>;
    memberships?: Record<string, unknown>;
    membersDir?: string;
  },
): Promise<void> {
  for (const key of ["spaces", "memberships", "membersDir"] as const) {
    const v = c[key];
    if (v === undefined) await project.stack.removeConfig(key).catch(() => undefined);
    else
      await project.stack.setConfig(key, { value: typeof v === "string" ? v : JSON.stringify(v) });
  }
}

/** The live space as the Chat UI shows it: email (or member name) → API role. */
export async function live(chat: HasControl, space: string): Promise<Record<string, string>> {
  return Object.fromEntries(
    (await chat.emulator.control.listMembers(space)).map((m) => [
      m.member?.email ?? m.email ?? m.member?.name ?? m.groupMember?.name ?? m.name,
      m.role ?? "MEMBERSHIP_ROLE_UNSPECIFIED",
    ]),
  );
}

export interface Writes {
  create: number;
  patch: number;
  delete: number;
  /** Paths of the deletes and patches (spaces/X/members/{id}): who was touched. */
  touched: string[];
}

/** Write requests (every attempt, whatever its answer) to one space since the last resetLog. */
export async function writesOn(chat: HasControl, space: string): Promise<Writes> {
  const w: Writes = { create: 0, patch: 0, delete: 0, touched: [] };
  for (const r of await chat.emulator.control.requests()) {
    if (!r.path.includes(`/${space}/`)) continue;
    const kind = r.rpc?.replace(/^spaces\.members\./, "");
    if (kind !== "create" && kind !== "patch" && kind !== "delete") continue;
    w[kind] += 1;
    if (kind !== "create") w.touched.push(r.path.replace(/^\/v1\//, ""));
  }
  return w;
}

/** Runs an engine operation that must fail; returns everything the CLI said. */
export async function failure(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    const err = e as { message?: string; stdout?: string; stderr?: string };
    return [err.message, err.stdout, err.stderr].filter(Boolean).join("\n");
  }
  throw new Error("expected the run to fail, and it succeeded");
}

export interface SpaceOutputs {
  members: Record<string, string>;
  added: string[];
  invited?: string[];
  mode?: string;
}

/** A ChatSpaceMembers' outputs in the exported state (what `pulumi stack export` shows). */
export async function stateOf(
  project: EngineProject,
  name: string,
): Promise<SpaceOutputs | undefined> {
  const state = await project.exportState();
  const r = (state.resources ?? []).find(
    (x) => x.urn.endsWith(`::${name}`) && x.type.includes("ChatSpaceMembers"),
  );
  return r?.outputs as SpaceOutputs | undefined;
}

/** Every resource of the state by name (type and outputs): what the engine recorded. */
export async function resourcesOf(
  project: EngineProject,
): Promise<Record<string, { type: string; outputs: Record<string, unknown> }>> {
  const state = await project.exportState();
  return Object.fromEntries(
    (state.resources ?? [])
      .filter((r) => !r.type.startsWith("pulumi:"))
      .map((r) => [r.urn.split("::").pop()!, { type: r.type, outputs: r.outputs ?? {} }]),
  );
}

/** The member lines of a `pulumi preview --diff`: `+ x@y: "member"` → ["+", "x@y", "member"]. */
export function memberLines(stdout: string): string[] {
  const out: string[] = [];
  const re = /^\s*([-+~]) ("?[\w.@/()' -]+?"?)\s*: ("[a-z]+"(?: => "[a-z]+")?)\s*$/gm;
  for (const m of stdout.matchAll(re)) {
    const key = m[2]!.replace(/^"|"$/g, "");
    if (!/@|^users\/|^groups\//.test(key)) continue;
    out.push(`${m[1]} ${key}: ${m[3]}`);
  }
  return out.sort();
}

/** The environment the harness gives the CLI for `project`: to run it by hand (child_process). */
export function cliEnv(project: EngineProject, extra: Record<string, string>): NodeJS.ProcessEnv {
  const bin = path.join(pulumiRoot(), "bin");
  return {
    ...process.env,
    ...extra,
    PULUMI_HOME: homeOf(project),
    PULUMI_BACKEND_URL: `file://${project.backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: "",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    TS_NODE_TRANSPILE_ONLY: "true",
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
  };
}

/** The project's PULUMI_HOME (harness.ts: next to the program). */
export function homeOf(project: EngineProject): string {
  return path.join(path.dirname(project.workDir), "pulumi-home");
}

export interface CliRun {
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  output(): string;
}

/** `pulumi up` as a user types it, in its own process group. */
export function spawnUp(project: EngineProject, extraEnv: Record<string, string>): CliRun {
  const child = spawn(
    path.join(pulumiRoot(), "bin", "pulumi"),
    ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", project.stack.name],
    {
      cwd: project.workDir,
      env: cliEnv(project, extraEnv),
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => out };
}

export interface RunProcess {
  readonly pid: number;
  readonly cmdline: string;
}

/**
 * Live processes started for the run whose PULUMI_HOME is `home` (the CLI, the language host,
 * the program, the dynamic-provider plugin and its launcher script), found through /proc.
 */
export function runProcesses(home: string): RunProcess[] {
  const found: RunProcess[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = fs.readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      if (!environ.includes(`PULUMI_HOME=${home}`)) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue; // a zombie: exited
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ").trim();
      found.push({ pid: Number(entry), cmdline });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** The dynamic-provider plugin of a run: its node process and the launcher script. */
export function pluginProcesses(home: string): RunProcess[] {
  return runProcesses(home).filter((p) =>
    /dynamic-provider|pulumi-resource-pulumi-nodejs/.test(p.cmdline),
  );
}

/**
 * Ends whatever a test's runs left behind (by pid; only processes of this project's PULUMI_HOME),
 * and says what it found: a plugin left alive after its engine spins on EPIPE and grows by GBs.
 */
export function reap(home: string): RunProcess[] {
  const left = runProcesses(home);
  for (const p of left) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return left;
}
