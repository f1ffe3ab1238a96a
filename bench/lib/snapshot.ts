// A frozen build of the provider for a benchmark run. The repo's dist/ is rebuilt by every
// `npm test` and set-up, so a long run against it could measure several versions; instead the
// runner compiles one commit (git archive → tsc) into a temp dir and points the programs'
// node_modules at it. Everything else resolves to the repo's node_modules.
import { execFileSync, execSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REPO = path.join(__dirname, "../..");
const PACKAGE = "pulumi-googlechat-members";

export interface PackageSnapshot {
  readonly commit: string;
  /** node_modules to link programs to: the repo's packages, this package from the snapshot. */
  readonly nodeModules: string;
  /** The compiled package root (package.json, dist/). */
  readonly packageDir: string;
}

export function buildSnapshot(ref = "HEAD", log?: (l: string) => void): PackageSnapshot {
  const commit = execFileSync("git", ["rev-parse", ref], { cwd: REPO, encoding: "utf8" }).trim();
  const base = path.join(os.tmpdir(), `chat-bench-pkg-${commit.slice(0, 12)}`);
  const src = path.join(base, "src");
  const nodeModules = path.join(base, "node_modules");
  const snap = { commit, nodeModules, packageDir: src };
  if (existsSync(path.join(base, "ready"))) return snap;
  rmSync(base, { recursive: true, force: true });
  mkdirSync(src, { recursive: true });
  log?.(`building the provider of ${commit.slice(0, 12)} into ${base}`);
  execSync(
    `git archive ${commit} provider emulator plugin schema package.json tsconfig.json tsconfig.build.json | tar -x -C ${JSON.stringify(src)}`,
    { cwd: REPO, stdio: ["ignore", "ignore", "inherit"] },
  );
  symlinkSync(path.join(REPO, "node_modules"), path.join(src, "node_modules"));
  execFileSync(path.join(REPO, "node_modules/.bin/tsc"), ["-p", "tsconfig.build.json"], {
    cwd: src,
    stdio: "inherit",
  });
  mkdirSync(nodeModules);
  for (const entry of readdirSync(path.join(REPO, "node_modules"))) {
    if (entry === PACKAGE) continue;
    symlinkSync(path.join(REPO, "node_modules", entry), path.join(nodeModules, entry));
  }
  symlinkSync(src, path.join(nodeModules, PACKAGE));
  writeFileSync(path.join(base, "ready"), commit + "\n");
  return snap;
}

let active: PackageSnapshot | undefined;

/** Programs opened from now on use this build (undefined: the repo's own dist/). */
export function useSnapshot(s: PackageSnapshot | undefined): void {
  active = s;
}

export function activeSnapshot(): PackageSnapshot | undefined {
  return active;
}

/** Points a program directory (made by the engine harness) at the active snapshot. */
export function linkProgram(workDir: string): void {
  if (!active) return;
  const link = path.join(workDir, "node_modules");
  rmSync(link, { force: true });
  symlinkSync(active.nodeModules, link);
}
