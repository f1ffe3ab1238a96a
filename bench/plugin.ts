// The `googlechat` resource plugin next to the dynamic provider: cold start and per-operation
// overhead (issue 13's closing note). Both serve the same methods (provider/pulumi/runtime.ts);
// what differs is the process the engine starts and the protocol layer around those methods.
//
//   node -r ts-node/register/transpile-only bench/plugin.ts [--smoke] [--runs N] [--out DIR]
//
// (a) Cold start: each provider process spawned as the engine spawns it (its launcher, with an
//     engine address), timed to the port line, to an answered GetPluginInfo, and to an answered
//     Configure + first Check (the runtime loaded); plus node started directly on the entry module,
//     and the `require` of the modules involved, each in a fresh process.
// (b) Per-operation overhead through the real engine (scripts/lib/engine-harness.ts) against the
//     emulator (no latency, no quotas): one ChatSpaceMembers of 10 members and 5 ChatMembership,
//     declared by a Pulumi YAML program (plugin) and by the TypeScript fixture (dynamic provider);
//     `up` (create), `preview` (no-op), `up` (one change per resource), `refresh`. Each against
//     its language host's floor: the same commands on an empty YAML program and on the same
//     TypeScript program declaring nothing. (world − floor) / resources = ms per resource operation.
//
// Runs alternate (plugin, dynamic, and the floors, in an order rotated every repetition), so all
// see the same machine load. Writes DIR/plugin.md and DIR/plugin.json (default bench/results;
// with --smoke a temp dir) and prints the Markdown.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync, spawn } from "node:child_process";
import * as pulumi from "@pulumi/pulumi";
import YAML from "yaml";
import { defaultSeed, startEmulator, type RunningEmulator, type Seed } from "../emulator";
import {
  openProject,
  pulumiCommand,
  pulumiRoot,
  type EngineProject,
} from "../scripts/lib/engine-harness";
import { yamlHostDir } from "../scripts/lib/yaml-host";
import { TYPES } from "../provider/plugin/schema";
import { buildLabel, runMeta } from "./lib/meta";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import type { CheckResponse } from "@pulumi/pulumi/proto/provider_pb";

const REPO = path.resolve(__dirname, "..");
const FIXTURE = path.join(REPO, "test/engine/fixtures/space-members");
const PLUGIN_DIR = path.join(REPO, "plugin");
const PLUGIN_LAUNCHER = path.join(PLUGIN_DIR, "pulumi-resource-googlechat");
const PLUGIN_SERVER = path.join(REPO, "dist/provider/plugin/server.js");
const RUNTIME = path.join(REPO, "dist/provider/pulumi/runtime.js");
const NODE_BIN = path.join(REPO, "node_modules/.bin");
const SPACE_TYPE = TYPES.spaceMembers;
const MEMBER_TYPE = TYPES.membership;
const DYNAMIC_TYPE = "pulumi-nodejs:dynamic:Resource";
const TEAM = "spaces/AAAAbench01";
const SOLO = "spaces/AAAAbench02";
const CALLER = "alice@example.com";

// The engine puts the CLI's bin/ first and inherits the rest: node 24 of this tree for the
// dynamic provider's launcher (`node` on PATH), as the plugin's launcher picks it too.
process.env.PATH = `${NODE_BIN}${path.delimiter}${process.env.PATH ?? ""}`;

// ---------- statistics ----------

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

export function summarize(xs: number[]): Summary {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const median = n === 0 ? NaN : n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
  return { median, min: s[0] ?? NaN, max: s[n - 1] ?? NaN, n };
}

const fmt = (ms: number) =>
  !Number.isFinite(ms) ? "–" : Math.abs(ms) >= 100 ? ms.toFixed(0) : ms.toFixed(1);
const cell = (s: Summary) =>
  s.n > 1 ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : fmt(s.median);
const now = () => performance.now();

// ---------- (a) cold start ----------

const grpcJs = require(
  require.resolve("@grpc/grpc-js", { paths: [require.resolve("@pulumi/pulumi")] }),
) as typeof import("@grpc/grpc-js");
const provrpc =
  require("@pulumi/pulumi/proto/provider_grpc_pb") as typeof import("@pulumi/pulumi/proto/provider_grpc_pb");
const provpb =
  require("@pulumi/pulumi/proto/provider_pb") as typeof import("@pulumi/pulumi/proto/provider_pb");
const { Empty } =
  require("google-protobuf/google/protobuf/empty_pb") as typeof import("google-protobuf/google/protobuf/empty_pb");
const { Struct } =
  require("google-protobuf/google/protobuf/struct_pb") as typeof import("google-protobuf/google/protobuf/struct_pb");

type ProviderKind = "plugin" | "dynamic";

interface StartCase {
  readonly name: string;
  readonly kind: ProviderKind;
  readonly command: string;
  readonly args: string[];
}

export interface StartSample {
  /** spawn → the port line on stdout. */
  readonly portMs: number;
  /** spawn → GetPluginInfo answered. */
  readonly infoMs: number;
  /** spawn → Configure and a first Check (a ChatMembership) answered: the runtime loaded. */
  readonly checkMs: number;
}

function startCases(): StartCase[] {
  const dynamicLauncher = path.join(pulumiRoot(), "bin/pulumi-resource-pulumi-nodejs");
  const dynamicEntry = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
  const node = path.join(NODE_BIN, "node");
  const engine = "127.0.0.1:1"; // no engine listens: neither provider calls it before a resource op
  return [
    {
      name: "plugin: launcher (plugin/pulumi-resource-googlechat)",
      kind: "plugin",
      command: PLUGIN_LAUNCHER,
      args: [engine],
    },
    {
      name: "dynamic: launcher (pulumi-resource-pulumi-nodejs)",
      kind: "dynamic",
      command: dynamicLauncher,
      args: [engine],
    },
    {
      name: "plugin: node dist/provider/plugin/server.js",
      kind: "plugin",
      command: node,
      args: [PLUGIN_SERVER, engine],
    },
    {
      name: "dynamic: node @pulumi/pulumi/cmd/dynamic-provider",
      kind: "dynamic",
      command: node,
      args: [dynamicEntry, engine],
    },
  ];
}

/** The text the dynamic provider receives as `__provider` for a ChatMembership. */
async function membershipProviderText(): Promise<string> {
  const providers = require(
    path.join(REPO, "dist/provider/pulumi/providers.js"),
  ) as typeof import("../provider/pulumi/providers");
  const provider = providers.membershipProvider;
  return (await pulumi.runtime.serializeFunction(() => provider)).text;
}

type Client = InstanceType<typeof provrpc.ResourceProviderClient>;
type Callback = (e: unknown, r: unknown) => void;
/** One unary call; the generated client's overloads defeat inference, so the result is named. */
function unary<Res>(client: Client, method: "getPluginInfo" | "configure" | "check", req: unknown) {
  const fn = client[method] as unknown as (this: Client, req: unknown, cb: Callback) => unknown;
  return new Promise<Res>((resolve, reject) =>
    fn.call(client, req, (e, r) => (e ? reject(e) : resolve(r as Res))),
  );
}

async function startSample(
  c: StartCase,
  credentials: string,
  providerText: string,
): Promise<StartSample> {
  const t0 = now();
  // Its own process group: the dynamic provider's launcher (sh) does not exec node, so the
  // group is what is stopped at the end.
  const child = spawn(c.command, c.args, {
    cwd: REPO,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  let client: Client | undefined;
  try {
    const port = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const nl = out.indexOf("\n");
        if (nl >= 0) resolve(out.slice(0, nl).trim());
      });
      child.once("exit", (code) => reject(new Error(`${c.name} exited ${code}: ${stderr}`)));
    });
    const portMs = now() - t0;
    if (!/^\d+$/.test(port)) throw new Error(`${c.name}: first line is not a port: ${port}`);
    client = new provrpc.ResourceProviderClient(
      `127.0.0.1:${port}`,
      grpcJs.credentials.createInsecure(),
    );
    const info = await unary<PluginInfo>(client, "getPluginInfo", new Empty());
    const infoMs = now() - t0;
    if (!info.getVersion()) throw new Error(`${c.name}: GetPluginInfo without a version`);

    const configure = new provpb.ConfigureRequest();
    if (c.kind === "plugin") {
      configure.getVariablesMap().set("googlechat:config:credentials", credentials);
      configure.setArgs(Struct.fromJavaScript({}));
    } else {
      configure.setArgs(Struct.fromJavaScript({ "googlechat:credentials": credentials }));
    }
    await unary(client, "configure", configure);
    const check = new provpb.CheckRequest();
    const type = c.kind === "plugin" ? MEMBER_TYPE : DYNAMIC_TYPE;
    check.setUrn(`urn:pulumi:bench::bench::${type}::m1`);
    check.setOlds(Struct.fromJavaScript({}));
    const news: Record<string, string> = { space: SOLO, member: "users/p01@example.com" };
    if (c.kind === "dynamic") news.__provider = providerText;
    check.setNews(Struct.fromJavaScript(news));
    const checked = await unary<CheckResponse>(client, "check", check);
    const checkMs = now() - t0;
    const inputs = checked.getInputs()?.toJavaScript() ?? {};
    if (checked.getFailuresList().length > 0 || inputs.space !== SOLO)
      throw new Error(`${c.name}: Check did not pass: ${JSON.stringify(inputs)}`);
    return { portMs, infoMs, checkMs };
  } finally {
    client?.close();
    const exited = new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      /* already gone */
    }
    await exited;
  }
}

interface LoadCase {
  readonly name: string;
  readonly code: string;
}

function loadCases(): LoadCase[] {
  const timed = (body: string) =>
    `const t0 = process.hrtime.bigint(); ${body}; ` +
    `console.log(Number(process.hrtime.bigint() - t0) / 1e6); process.exit(0);`;
  const req = (m: string) => `require(${JSON.stringify(m)})`;
  return [
    { name: "node -e 0 (node's own start, spawn → exit)", code: "" },
    { name: "require(dist/provider/pulumi/runtime.js) (both)", code: timed(req(RUNTIME)) },
    {
      name: "require('@pulumi/pulumi/provider') + server.js (plugin's SDK side)",
      code: timed(`${req("@pulumi/pulumi/provider")}; ${req(PLUGIN_SERVER)}`),
    },
    {
      name: "require('@pulumi/pulumi') (the SDK the dynamic provider loads)",
      code: timed(req("@pulumi/pulumi")),
    },
  ];
}

/** ms inside a fresh node (or, for an empty program, spawn → exit). */
function loadSample(c: LoadCase): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(path.join(NODE_BIN, "node"), ["-e", c.code || "0"], {
      cwd: REPO,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code) => {
      const spawnToExit = now() - t0;
      if (code !== 0) return reject(new Error(`${c.name}: exited ${code}`));
      resolve(c.code ? Number(out.trim().split("\n").pop()) : spawnToExit);
    });
  });
}

// ---------- (b) through the engine ----------

interface Sizes {
  /** Members of the one ChatSpaceMembers, the caller (its owner) included. */
  readonly members: number;
  readonly memberships: number;
}

const person = (i: number) => `p${String(i).padStart(2, "0")}@example.com`;

function seed(sizes: Sizes): Seed {
  const s = defaultSeed();
  const people = Array.from({ length: sizes.members + sizes.memberships }, (_, i) => person(i + 1));
  return {
    ...s,
    users: [...(s.users ?? []), ...people.map((email) => ({ email }))],
    spaces: [
      ...(s.spaces ?? []),
      ...[TEAM, SOLO].map((name) => ({
        name,
        createdBy: CALLER,
        members: [{ member: CALLER, role: "ROLE_MANAGER" as const }],
      })),
    ],
  };
}

/** The declaration; `changed` gives every resource one change (a role). */
function declaration(sizes: Sizes, changed: boolean) {
  const members = [
    { member: `users/${CALLER}`, role: "owner" },
    ...Array.from({ length: sizes.members - 1 }, (_, i) => ({
      member: `users/${person(i + 1)}`,
      role: changed && i === 0 ? "manager" : "member",
    })),
  ];
  const spaces = { team: { space: TEAM, mode: "authoritative", members } };
  const memberships = Object.fromEntries(
    Array.from({ length: sizes.memberships }, (_, i) => [
      `m${i + 1}`,
      { space: SOLO, member: person(sizes.members + i), role: changed ? "manager" : "member" },
    ]),
  );
  return { spaces, memberships };
}

function yamlText(resources: Record<string, { type: string; properties: unknown }> | null) {
  return YAML.stringify({
    name: "chat-plugin-bench",
    runtime: "yaml",
    // The floor is an empty program: no resource, no plugin.
    ...(resources ? { plugins: { providers: [{ name: "googlechat", path: PLUGIN_DIR }] } } : {}),
    ...(resources ? { resources } : {}),
  });
}

function yamlOf(sizes: Sizes, changed: boolean): string {
  const d = declaration(sizes, changed);
  const resources: Record<string, { type: string; properties: unknown }> = {};
  for (const [name, args] of Object.entries(d.spaces))
    resources[name] = { type: SPACE_TYPE, properties: args };
  for (const [name, args] of Object.entries(d.memberships))
    resources[name] = { type: MEMBER_TYPE, properties: args };
  return yamlText(resources);
}

type WorldName = "plugin" | "yamlFloor" | "dynamic" | "tsFloor";
const WORLDS: readonly WorldName[] = ["plugin", "yamlFloor", "dynamic", "tsFloor"];
type Op = "create" | "preview" | "update" | "refresh";
const OPS: readonly Op[] = ["create", "preview", "update", "refresh"];

interface World {
  readonly name: WorldName;
  readonly project: EngineProject;
  readonly emulator?: RunningEmulator;
  /** Declares the (changed) resources before `up`; the floors declare nothing. */
  declare(changed: boolean): Promise<void>;
}

async function openWorld(name: WorldName, sizes: Sizes): Promise<World> {
  const provider = name === "plugin" || name === "dynamic";
  const emulator = provider
    ? await startEmulator({ seed: seed(sizes), latencyMs: 0, quotas: { enabled: false } })
    : undefined;
  const creds = emulator ? await emulator.control.mintAuthorizedUser({ user: CALLER }) : undefined;
  const env: Record<string, string> = emulator ? { CHAT_EMULATOR_HOST: emulator.hostPort } : {};
  const config = creds
    ? { "googlechat:credentials": { value: JSON.stringify(creds), secret: true } }
    : undefined;
  let project: EngineProject;
  if (name === "plugin" || name === "yamlFloor") {
    yamlHostDir();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chat-plugin-bench-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yamlText(null));
    try {
      project = await openProject(dir, { config, env });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  } else {
    project = await openProject(FIXTURE, { config, env });
  }
  const declare = async (changed: boolean) => {
    if (name === "plugin")
      fs.writeFileSync(path.join(project.workDir, "Pulumi.yaml"), yamlOf(sizes, changed));
    if (name === "dynamic") {
      const d = declaration(sizes, changed);
      await project.stack.setConfig("spaces", { value: JSON.stringify(d.spaces) });
      await project.stack.setConfig("memberships", { value: JSON.stringify(d.memberships) });
    }
  };
  return { name, project, emulator, declare };
}

/** What each command must report, so a broken run is never timed as a fast one. */
function expected(world: WorldName, op: Op, resources: number): Record<string, number> {
  // The first `up` creates the stack's own resource too (default providers are not counted).
  if (world === "yamlFloor" || world === "tsFloor") return op === "create" ? { create: 1 } : {};
  if (op === "create") return { create: resources + 1 };
  if (op === "update") return { update: resources };
  return {};
}

async function runOp(w: World, op: Op, resources: number): Promise<number> {
  if (op === "create") await w.declare(false);
  if (op === "update") await w.declare(true);
  const t0 = now();
  const changes =
    op === "preview"
      ? (await w.project.preview()).changes
      : op === "refresh"
        ? (await w.project.refresh()).changes
        : (await w.project.up()).changes;
  const ms = now() - t0;
  const want = expected(w.name, op, resources);
  if (JSON.stringify(changes) !== JSON.stringify(want))
    throw new Error(
      `${w.name} ${op}: changes ${JSON.stringify(changes)}, expected ${JSON.stringify(want)}`,
    );
  return ms;
}

// ---------- the run ----------

export interface PluginBenchResult {
  readonly date: string;
  readonly runs: number;
  readonly sizes: Sizes;
  readonly resources: number;
  readonly machine: Record<string, string>;
  readonly coldStart: { name: string; kind: ProviderKind; samples: StartSample[] }[];
  readonly moduleLoad: { name: string; samplesMs: number[] }[];
  /** ms per command, one per repetition. */
  readonly engine: Record<WorldName, Record<Op, number[]>>;
}

function rotate<T>(xs: readonly T[], k: number): T[] {
  return xs.map((_, i) => xs[(i + k) % xs.length]!);
}

function machine(): Record<string, string> {
  const git = (...a: string[]) => {
    try {
      return execFileSync("git", a, { cwd: REPO, encoding: "utf8" }).trim();
    } catch {
      return "?";
    }
  };
  const dirty = git("status", "--porcelain", "--", "provider", "plugin")
    .split("\n")
    .filter(Boolean);
  // The host's --version needs a project; its cached build's folder names the version.
  let yamlHost = "?";
  try {
    const real = fs.realpathSync(path.join(yamlHostDir(), "pulumi-language-yaml"));
    yamlHost = /v\d+\.\d+\.\d+/.exec(real)?.[0] ?? real;
  } catch {
    /* reported as ? */
  }
  return {
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    loadavg: os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" "),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    pulumi: "?",
    "pulumi-language-yaml": yamlHost || "?",
    "@pulumi/pulumi": (require("@pulumi/pulumi/package.json") as { version: string }).version,
    commit: `${git("rev-parse", "--short", "HEAD")}${dirty.length ? ` (provider/plugin files changed in the working tree: ${dirty.length})` : ""}`,
  };
}

export async function runPluginBench(opts: {
  runs: number;
  sizes: Sizes;
  log?: (line: string) => void;
}): Promise<PluginBenchResult> {
  const log = opts.log ?? (() => undefined);
  const { runs, sizes } = opts;
  const resources = 1 + sizes.memberships;
  const info = machine();
  info.pulumi = (await pulumiCommand()).version?.toString() ?? "?";
  const date = new Date().toISOString();

  // (a) Cold start, with an emulator for the credentials' token (Check makes no API call).
  const cases = startCases();
  const coldStart = cases.map((c) => ({
    name: c.name,
    kind: c.kind,
    samples: [] as StartSample[],
  }));
  const loads = loadCases();
  const moduleLoad = loads.map((c) => ({ name: c.name, samplesMs: [] as number[] }));
  const emulator = await startEmulator({
    seed: seed(sizes),
    latencyMs: 0,
    quotas: { enabled: false },
  });
  try {
    const credentials = JSON.stringify(await emulator.control.mintAuthorizedUser({ user: CALLER }));
    process.env.CHAT_EMULATOR_HOST = emulator.hostPort;
    const providerText = await membershipProviderText();
    // One warm-up of each, unrecorded: the OS file cache warm for every case alike.
    for (const c of cases) await startSample(c, credentials, providerText);
    for (const c of loads) await loadSample(c);
    for (let r = 0; r < runs; r++) {
      for (const i of rotate(
        cases.map((_, i) => i),
        r,
      )) {
        const s = await startSample(cases[i]!, credentials, providerText);
        coldStart[i]!.samples.push(s);
        log(
          `cold start ${r + 1}/${runs} ${cases[i]!.name}: port ${fmt(s.portMs)} info ${fmt(s.infoMs)} check ${fmt(s.checkMs)} ms`,
        );
      }
      for (const i of rotate(
        loads.map((_, i) => i),
        r,
      )) {
        const ms = await loadSample(loads[i]!);
        moduleLoad[i]!.samplesMs.push(ms);
        log(`module load ${r + 1}/${runs} ${loads[i]!.name}: ${fmt(ms)} ms`);
      }
    }
  } finally {
    delete process.env.CHAT_EMULATOR_HOST;
    await emulator.stop();
  }

  // (b) Through the engine: fresh worlds every repetition; each command in all four worlds
  // before the next command, in an order rotated every repetition.
  const engine = Object.fromEntries(
    WORLDS.map((w) => [w, Object.fromEntries(OPS.map((op) => [op, [] as number[]]))]),
  ) as PluginBenchResult["engine"];
  for (let r = 0; r < runs; r++) {
    const worlds: World[] = [];
    try {
      for (const name of WORLDS) worlds.push(await openWorld(name, sizes));
      for (const op of OPS) {
        for (const w of rotate(worlds, r)) {
          const ms = await runOp(w, op, resources);
          engine[w.name][op].push(ms);
          log(`engine ${r + 1}/${runs} ${op} ${w.name}: ${fmt(ms)} ms`);
        }
      }
    } finally {
      for (const w of worlds) {
        await w.project.cleanup();
        await w.emulator?.stop();
      }
    }
  }
  info.loadavgEnd = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
  return { date, runs, sizes, resources, machine: info, coldStart, moduleLoad, engine };
}

// ---------- the report ----------

const OP_LABEL: Record<Op, string> = {
  create: "`up` (create)",
  preview: "`preview` (no-op)",
  update: "`up` (one change per resource)",
  refresh: "`refresh` (no drift)",
};

export function renderReport(res: PluginBenchResult, command: string): string {
  const L: string[] = [];
  const n = res.resources;
  L.push("# The googlechat plugin next to the dynamic provider: cold start and overhead");
  L.push("");
  L.push(
    `${res.date.slice(0, 16).replace("T", " ")} UTC, ${res.runs} repetition(s), alternating. ` +
      `Medians, with min–max over the repetitions, in ms. Measured on ${buildLabel(runMeta())}.`,
  );
  L.push("");
  L.push("## Cold start");
  L.push("");
  L.push(
    "From spawning the process as the engine does (with an engine address) until the port line, " +
      "an answered `GetPluginInfo`, and an answered `Configure` + first `Check` of a ChatMembership " +
      "(the runtime loaded: the dynamic provider loads it on its first resource call, from the " +
      "`__provider` text, the plugin before it prints its port).",
  );
  L.push("");
  L.push("| process | → port line | → GetPluginInfo | → Configure + first Check |");
  L.push("| --- | ---: | ---: | ---: |");
  for (const c of res.coldStart) {
    const s = (k: keyof StartSample) => cell(summarize(c.samples.map((x) => x[k])));
    L.push(`| ${c.name} | ${s("portMs")} | ${s("infoMs")} | ${s("checkMs")} |`);
  }
  L.push("");
  L.push("Module load, each in a fresh `node` (time inside the process, `require` only):");
  L.push("");
  L.push("| module | ms |");
  L.push("| --- | ---: |");
  for (const m of res.moduleLoad) L.push(`| ${m.name} | ${cell(summarize(m.samplesMs))} |`);
  L.push("");
  L.push("## Per operation, through the engine");
  L.push("");
  L.push(
    `One ChatSpaceMembers of ${res.sizes.members} members and ${res.sizes.memberships} ChatMembership ` +
      `(${n} resources), against the emulator with no latency and no quotas; the plugin from a ` +
      "Pulumi YAML program, the dynamic provider from the TypeScript fixture " +
      "(`test/engine/fixtures/space-members`). Floors: an empty YAML program, and the same " +
      "TypeScript program declaring nothing: the language host's and the CLI's own cost. " +
      `Overhead = world − floor of the same repetition; per resource = overhead / ${n}.`,
  );
  L.push("");
  L.push(
    "| command | plugin (YAML) | YAML floor | plugin overhead | per resource | dynamic (TS) | TS floor | dynamic overhead | per resource |",
  );
  L.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  const diff = (a: number[], b: number[]) => a.map((x, i) => x - (b[i] ?? NaN));
  for (const op of OPS) {
    const e = res.engine;
    const p = diff(e.plugin[op], e.yamlFloor[op]);
    const d = diff(e.dynamic[op], e.tsFloor[op]);
    L.push(
      `| ${OP_LABEL[op]} | ${cell(summarize(e.plugin[op]))} | ${cell(summarize(e.yamlFloor[op]))} | ` +
        `${cell(summarize(p))} | ${cell(summarize(p.map((x) => x / n)))} | ` +
        `${cell(summarize(e.dynamic[op]))} | ${cell(summarize(e.tsFloor[op]))} | ` +
        `${cell(summarize(d))} | ${cell(summarize(d.map((x) => x / n)))} |`,
    );
  }
  L.push("");
  L.push("## Notes");
  L.push("");
  for (const note of [
    "The dynamic provider's launcher (`pulumi-resource-pulumi-nodejs`, from the CLI's bin/) " +
      "starts node twice: `node -e require.resolve(...)` to find `@pulumi/pulumi/cmd/dynamic-" +
      "provider`, then that entry, which loads the whole `@pulumi/pulumi` SDK before it prints " +
      "its port. The plugin's launcher (bash) checks node's version (one short node run) and " +
      "starts `dist/provider/plugin/server.js`, which loads `@pulumi/pulumi/provider` and the " +
      "runtime. The rows with node started directly leave the launchers out.",
    "Each command starts its provider process afresh, so each overhead holds at least one cold start " +
      "and the per-resource figure carries a share of it. The start need not add in full: the " +
      "engine starts a provider when the program registers its first resource, so the dynamic " +
      "provider's start overlaps the rest of the TypeScript program's run. A YAML command starts " +
      "the plugin twice (seen with a logging node wrapper on a one-resource `preview`): once " +
      "for the YAML host's schema load, through the engine's loader, once for the resource " +
      "operations.",
    "The floors are not alike: the TypeScript language host compiles and runs the program " +
      "(ts-node, the SDK), the YAML host only reads the file. Compare the overheads, not the " +
      "commands' totals; the totals are what a user waits for.",
    "Against the emulator with no latency: the API calls cost next to nothing here, so the " +
      "overhead is the providers' own (process start, module load, protocol, the methods' work).",
    "The machine is small and shared: other sessions' tests and benchmarks ran throughout (load " +
      "average below), so every time carries that noise; the alternation spreads it over both " +
      "providers alike.",
    "`dist/` was built from the working tree (`tsc -p tsconfig.build.json`) just before the run.",
  ])
    L.push(`- ${note}`);
  L.push("");
  L.push("## Machine");
  L.push("");
  for (const [k, v] of Object.entries(res.machine)) L.push(`- ${k}: ${v}`);
  L.push("");
  L.push("## Command");
  L.push("");
  L.push("```sh");
  L.push(command);
  L.push("```");
  L.push("");
  return L.join("\n");
}

// ---------- CLI ----------

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]): Promise<void> {
  const smoke = args.includes("--smoke");
  const runs = Number(arg(args, "--runs") ?? (smoke ? 1 : 5));
  const sizes: Sizes = smoke ? { members: 2, memberships: 1 } : { members: 10, memberships: 5 };
  const out =
    arg(args, "--out") ??
    (smoke
      ? fs.mkdtempSync(path.join(os.tmpdir(), "plugin-bench-"))
      : path.join(REPO, "bench/results"));
  const log = (line: string) => process.stderr.write(`[plugin-bench] ${line}\n`);
  // --report-only FILE: the Markdown again from a plugin.json (of this or another --out).
  const from = arg(args, "--report-only");
  const result = from
    ? (JSON.parse(fs.readFileSync(from, "utf8")) as PluginBenchResult)
    : await runPluginBench({ runs, sizes, log });
  // The command as a reader re-runs it: the measuring options only, not where it wrote.
  const small = result.sizes.members < 10;
  const command = [
    "node -r ts-node/register/transpile-only bench/plugin.ts",
    ...(small ? ["--smoke"] : []),
    ...(result.runs !== (small ? 1 : 5) ? [`--runs ${result.runs}`] : []),
  ].join(" ");
  const md = renderReport(result, command);
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "plugin.md"), md);
  if (!from || path.resolve(from) !== path.resolve(out, "plugin.json"))
    fs.writeFileSync(path.join(out, "plugin.json"), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(md);
  log(`wrote ${path.join(out, "plugin.md")} and plugin.json`);
}

if (require.main === module)
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
