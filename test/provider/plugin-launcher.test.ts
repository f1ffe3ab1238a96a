import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The plugin's launcher refuses a Node.js older than 22 with a message naming what it found and
// the fix, instead of a stack trace from the SDK (README: "From Pulumi YAML …").

const LAUNCHER = join(__dirname, "../../plugin/pulumi-resource-googlechat");

describe("plugin/pulumi-resource-googlechat", () => {
  const dir = mkdtempSync(join(tmpdir(), "launcher-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A stand-in `node` that reports `version` (v20.1.0 → major 20). */
  function fakeNode(version: string): string {
    const file = join(dir, `node-${version}`);
    writeFileSync(
      file,
      `#!/usr/bin/env bash\nif [ "$1" = "-p" ]; then echo ${version.slice(1).split(".")[0]}; else echo ${version}; fi\n`,
    );
    chmodSync(file, 0o755);
    return file;
  }

  it("stops on Node 20 naming the version and PULUMI_GOOGLECHAT_NODE", () => {
    const r = spawnSync("bash", [LAUNCHER], {
      env: { ...process.env, PULUMI_GOOGLECHAT_NODE: fakeNode("v20.1.0") },
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /Node\.js 22 or newer is needed; .* is v20\.1\.0; set PULUMI_GOOGLECHAT_NODE=/,
    );
  });

  it("starts the server with Node 22 or newer (it prints its port)", async () => {
    const child = spawn("bash", [LAUNCHER], {
      env: { ...process.env, PULUMI_GOOGLECHAT_NODE: process.execPath },
    });
    const first = await new Promise<string>((resolve, reject) => {
      child.stdout.once("data", (d: Buffer) => resolve(d.toString()));
      child.once("exit", (code) => reject(new Error(`launcher exited ${code} before a port`)));
    });
    child.kill("SIGKILL");
    expect(first).toMatch(/^\d+\s/);
  }, 30_000);
});
