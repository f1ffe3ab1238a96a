// scripts/node-runtime.sh: which Node `npm ci` runs under. A machine Node too old for the
// package's engines gets the pinned Node 24 from the cache (npm then prints no EBADENGINE
// warning per package); a new enough one is used as it is.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const REPO = join(__dirname, "../..");
const pinned = (
  JSON.parse(readFileSync(join(REPO, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version: string }>;
  }
).packages["node_modules/node"]!.version;

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "node-runtime-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A PATH whose `node` says it is `version`, then the system's tools (npm, sed, awk). */
function fakeNode(version: string): string {
  const bin = join(dir, "bin");
  execFileSync("mkdir", ["-p", bin]);
  writeFileSync(join(bin, "node"), `#!/bin/sh\necho ${version}\n`);
  chmodSync(join(bin, "node"), 0o755);
  return bin;
}

const run = (bin: string) =>
  execFileSync("bash", [join(REPO, "scripts/node-runtime.sh")], {
    env: { ...process.env, PATH: `${bin}:/usr/local/bin:/usr/bin:/bin` },
    encoding: "utf8",
    timeout: 120_000,
  }).trim();

it("a machine Node older than engines.node: the pinned Node from the cache", () => {
  const out = run(fakeNode("v20.20.2"));
  expect(out).toMatch(new RegExp(`/node-v${pinned.replace(/\./g, "\\.")}/node_modules/\\.bin$`));
  expect(execFileSync(join(out, "node"), ["--version"], { encoding: "utf8" }).trim()).toBe(
    `v${pinned}`,
  );
}, 120_000);

it("a machine Node new enough is used as it is", () => {
  const bin = fakeNode("v24.1.0");
  expect(run(bin)).toBe(bin);
});
