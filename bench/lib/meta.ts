// What produced a measurement: the commit, a hash of the compiled provider the plugin loaded,
// versions and the machine. Written into every raw result.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { activeSnapshot } from "./snapshot";

const REPO = path.join(__dirname, "../..");

function hashDir(dir: string): string {
  const h = createHash("sha256");
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".js")) h.update(p.slice(dir.length)).update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest("hex").slice(0, 12);
}

const safe = (f: () => string) => {
  try {
    return f().trim();
  } catch {
    return "unknown";
  }
};

export interface RunMeta {
  readonly date: string;
  readonly commit: string;
  /** Working tree had uncommitted changes. */
  readonly dirty: boolean;
  readonly distHash: string;
  /** The commit the measured provider was compiled from (a frozen build), if not the live dist/. */
  readonly providerBuild: string;
  readonly node: string;
  readonly pulumi: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  /** The 1-minute load average when the result was saved: how busy the 2 cores were. */
  readonly load1?: number;
}

/** A raw result as read back from raw/: older files carry no metadata. */
export type WithMeta<T> = T & { meta?: RunMeta };

let pulumiVersion: string | undefined;

export function runMeta(): RunMeta {
  pulumiVersion ??= safe(() => {
    const root = process.env.CHAT_MEMBERS_PULUMI_ROOT;
    return execFileSync(root ? path.join(root, "bin/pulumi") : "pulumi", ["version"], {
      encoding: "utf8",
    });
  });
  return {
    date: new Date().toISOString(),
    commit: safe(() => execFileSync("git", ["rev-parse", "HEAD"], { cwd: REPO, encoding: "utf8" })),
    dirty:
      safe(() =>
        execFileSync("git", ["status", "--porcelain"], { cwd: REPO, encoding: "utf8" }),
      ) !== "",
    distHash: safe(() => hashDir(path.join(activeSnapshot()?.packageDir ?? REPO, "dist/provider"))),
    providerBuild: activeSnapshot()?.commit ?? "live dist/ of the working tree",
    node: process.version,
    pulumi: pulumiVersion,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    load1: Math.round(os.loadavg()[0]! * 10) / 10,
  };
}

/** "build 32138931f2ea (dist cb4a224b85ea)": the provider a measurement ran. */
export function buildLabel(m: Pick<RunMeta, "providerBuild" | "distHash" | "commit" | "dirty">) {
  const frozen = m.providerBuild && !m.providerBuild.startsWith("live");
  const commit = frozen ? m.providerBuild : m.commit;
  const where = frozen ? "" : ` (working tree${m.dirty ? " with uncommitted changes" : ""})`;
  return `build ${commit.slice(0, 12)}${where} (dist ${m.distHash})`;
}

/** The line under a table naming the build(s) its runs measured. */
export function measuredOn(runs: readonly { meta?: RunMeta }[]): string {
  const labels = [...new Set(runs.flatMap((r) => (r.meta ? [buildLabel(r.meta)] : [])))];
  if (labels.length === 0) return "_Measured on: unknown build (raw files without metadata)._";
  const more = labels.length > 1 ? " — more than one build: compare rows with care" : "";
  return `_Measured on ${labels.join(", ")}${more}._`;
}
