// Engine harness, shared by the engine tests and the bench: drives a real program directory
// through the real Pulumi CLI (Automation API), with an isolated PULUMI_HOME and file backend per
// project (or a given backend URL, e.g. an S3 bucket).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import {
  LocalWorkspace,
  PulumiCommand,
  type ConfigMap,
  type Deployment,
  type OpMap,
  type Stack,
} from "@pulumi/pulumi/automation";

const repoRoot = path.resolve(__dirname, "../..");

/** A program with one trivial dynamic resource and no I/O: the engine's floor. */
export const TRIVIAL_PROGRAM = path.join(__dirname, "trivial-program");
const execFileAsync = promisify(execFile);

/** The state as exported: `resources` is what tests look at. */
export type State = Deployment & {
  resources?: {
    urn: string;
    type: string;
    id?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
  }[];
};

/**
 * The folder whose bin/ holds pulumi, pulumi-language-nodejs and the dynamic-provider
 * plugin. `npm test` exports it; a direct `jest` run resolves it the same way. A missing
 * CLI fails the test with the set-up message, never a silent skip.
 */
let cachedRoot: string | undefined;
export function pulumiRoot(): string {
  cachedRoot ??= process.env.CHAT_MEMBERS_PULUMI_ROOT || findPulumiRoot();
  return cachedRoot;
}

function findPulumiRoot(): string {
  return setUpWith(
    "scripts/pulumi-cli.sh",
    [],
    "No Pulumi CLI for engine tests: scripts/pulumi-cli.sh failed (see its message above). " +
      "Install Go >= 1.26 or a Pulumi CLI, or run `npm test`, which sets it up.",
  );
}

/**
 * Runs one of the set-up scripts (its progress on stderr) and returns the path it prints; a
 * failure is `failure`, never a silent skip.
 */
export function setUpWith(script: string, args: string[], failure: string): string {
  try {
    return execFileSync("bash", [path.join(repoRoot, script), ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }).trim();
  } catch {
    throw new Error(failure);
  }
}

/** Runs the CLI directly (what a user types), returning stdout. */
export async function runPulumi(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<string> {
  const bin = path.join(pulumiRoot(), "bin");
  const { stdout } = await execFileAsync(path.join(bin, "pulumi"), args, {
    cwd,
    env: { ...process.env, ...env, PATH: `${bin}${path.delimiter}${process.env.PATH}` },
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout;
}

let cachedCommand: Promise<PulumiCommand> | undefined;
export function pulumiCommand(): Promise<PulumiCommand> {
  cachedCommand ??= PulumiCommand.get({ root: pulumiRoot() });
  return cachedCommand;
}

export interface OpenOptions {
  stackName?: string;
  config?: ConfigMap;
  env?: Record<string, string>;
  /**
   * A DIY backend URL (e.g. `s3://bucket?endpoint=…`) to `pulumi login` to instead of the file
   * backend in the project's temp dir; what it needs (credentials) goes in `env`.
   */
  backendUrl?: string;
}

export interface EngineProject {
  readonly stack: Stack;
  readonly workDir: string;
  /** The file backend's folder; with `backendUrl` it stays empty (nothing may write state there). */
  readonly backendDir: string;
  /** The backend in use: `file://<backendDir>` or the given `backendUrl`. */
  readonly backendUrl: string;
  /** The project's temp dir (program, PULUMI_HOME, backendDir): all it keeps on local disk. */
  readonly baseDir: string;
  /** The environment every CLI run gets (isolated PULUMI_HOME, backend, passphrase, `env`). */
  readonly envVars: Record<string, string>;
  /** Everything the CLI printed, across operations: for assertions on warnings and messages. */
  readonly log: string[];
  preview(opts?: {
    diff?: boolean;
    refresh?: boolean;
  }): Promise<{ changes: OpMap; stdout: string }>;
  up(opts?: {
    refresh?: boolean;
  }): Promise<{ changes: OpMap; outputs: Record<string, unknown>; stdout: string }>;
  refresh(): Promise<{ changes: OpMap; stdout: string }>;
  destroy(): Promise<{ changes: OpMap; stdout: string }>;
  /** `pulumi stack export` as a user runs it: secrets stay encrypted. */
  exportState(): Promise<State>;
  /** The raw text of every file the file backend wrote (state, history, backups). */
  backendFilesText(): string;
  cleanup(): Promise<void>;
}

/** Ops other than "same": what the engine says it changed. */
export function changed(ops: OpMap | undefined): OpMap {
  return Object.fromEntries(
    Object.entries(ops ?? {}).filter(([op, n]) => op !== "same" && (n ?? 0) > 0),
  );
}

/**
 * Copies a program directory into a temp dir (Pulumi writes Pulumi.<stack>.yaml next to
 * the program) with node_modules linked to the repo's, so the program, the language host
 * and the dynamic-provider plugin resolve one @pulumi/pulumi and this package by name.
 */
export async function openProject(
  programDir: string,
  opts: OpenOptions = {},
): Promise<EngineProject> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "chat-engine-"));
  const workDir = path.join(base, "program");
  const backendDir = path.join(base, "backend");
  const home = path.join(base, "pulumi-home");
  fs.cpSync(programDir, workDir, { recursive: true });
  fs.mkdirSync(backendDir);
  fs.mkdirSync(home);
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(workDir, "node_modules"));

  const backendUrl = opts.backendUrl ?? `file://${backendDir}`;
  const envVars: Record<string, string> = {
    PULUMI_HOME: home,
    // Set even after the `pulumi login` below: an inherited PULUMI_BACKEND_URL would win over it.
    PULUMI_BACKEND_URL: backendUrl,
    PULUMI_CONFIG_PASSPHRASE: "",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "false",
    // The repo's own `tsc --noEmit` type-checks programs; the engine run only transpiles.
    TS_NODE_TRANSPILE_ONLY: "true",
    ...opts.env,
  };
  // What a user types for a bucket backend; it also fails early, with the CLI's message, on a URL
  // or credentials the backend refuses.
  if (opts.backendUrl) await runPulumi(["login", backendUrl], workDir, envVars);
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: opts.stackName ?? "test", workDir },
    { envVars, pulumiCommand: await pulumiCommand(), pulumiHome: home },
  );
  if (opts.config) await stack.setAllConfig(opts.config);

  const log: string[] = [];
  const onOutput = (out: string) => {
    log.push(out);
  };
  return {
    stack,
    workDir,
    backendDir,
    backendUrl,
    baseDir: base,
    envVars,
    log,
    async preview(p = {}) {
      const r = await stack.preview({ diff: p.diff, refresh: p.refresh, onOutput });
      return { changes: changed(r.changeSummary), stdout: r.stdout };
    },
    async up(p = {}) {
      const r = await stack.up({ refresh: p.refresh, onOutput });
      const outputs = Object.fromEntries(Object.entries(r.outputs).map(([k, v]) => [k, v.value]));
      return { changes: changed(r.summary.resourceChanges), outputs, stdout: r.stdout };
    },
    async refresh() {
      const r = await stack.refresh({ onOutput });
      return { changes: changed(r.summary.resourceChanges), stdout: r.stdout };
    },
    async destroy() {
      const r = await stack.destroy({ onOutput });
      return { changes: changed(r.summary.resourceChanges), stdout: r.stdout };
    },
    async exportState() {
      // The Automation API's exportStack() adds --show-secrets; assertions about what the
      // state reveals need the export a user or a CI log would see.
      const out = await runPulumi(["stack", "export", "--stack", stack.name], workDir, envVars);
      return JSON.parse(out).deployment as State;
    },
    backendFilesText() {
      const texts: string[] = [];
      const walk = (dir: string) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, e.name);
          if (e.isDirectory()) walk(p);
          else texts.push(fs.readFileSync(p, "utf8"));
        }
      };
      walk(backendDir);
      return texts.join("\n");
    },
    async cleanup() {
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}
