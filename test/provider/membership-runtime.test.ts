// What the dynamic-provider plugin loads: requiring the runtime (and its first API call) must stay
// cheap. The runtime never loads the `googleapis` mega-package, the member-file stack (`yaml`,
// `ajv`) or `@pulumi/pulumi`; the Chat client and google-auth-library load on first use only.
// Load time itself is measured, not asserted (see the report / bench), since CI machines vary.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import * as path from "node:path";
import { defaultSeed, startEmulator } from "../../emulator/index";
import type { Emulator } from "./api/harness";

const repoRoot = path.resolve(__dirname, "../..");
const FORBIDDEN = /[\\/]node_modules[\\/](googleapis|yaml|ajv|@pulumi[\\/]pulumi)[\\/]/;

/**
 * Runs `script` in a fresh Node process with the TypeScript sources; returns its JSON output.
 * Asynchronous: the emulator answering the child runs in this process.
 */
async function inFreshProcess(
  script: string,
  env: Record<string, string> = {},
): Promise<Record<string, string[]>> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", "-e", script],
    { cwd: repoRoot, env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000 },
  );
  return JSON.parse(stdout) as Record<string, string[]>;
}

const PACKAGES = `
const pkgs = () => [...new Set(Object.keys(require.cache)
  .map((k) => /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(k)?.[1])
  .filter(Boolean))].sort();
`;

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: defaultSeed() });
});
afterAll(async () => {
  await emu?.stop();
});

it("requiring the runtime loads no Google client yet, and never googleapis, yaml, ajv or @pulumi/pulumi", async () => {
  const credentials = JSON.stringify(
    await emu.control.mintAuthorizedUser({ user: "alice@example.com" }),
  );
  const result = await inFreshProcess(
    `${PACKAGES}
    const rt = require("./provider/pulumi/runtime.ts");
    const atLoad = pkgs();
    rt.configure({ config: { get: (k) => ({
      "googlechat:credentials": process.env.CREDS,
      "googlechat:emulatorHost": process.env.HOST,
    })[k] } });
    const name = "spaces/AAAAdemo01/members/100000000000000000002";
    rt.membership.read(name, { name, member: "bob@example.com" }).then((r) => {
      const files = Object.keys(require.cache);
      process.stdout.write(JSON.stringify({ atLoad, afterUse: pkgs(), files, role: [r.props.role] }));
      process.exit(0);
    });`,
    { CREDS: credentials, HOST: emu.hostPort },
  );
  expect(result.role).toEqual(["member"]);
  // The Chat client and the auth library load on first use, not with the runtime.
  for (const lazy of ["@googleapis/chat", "google-auth-library", "gaxios"]) {
    expect(result.atLoad).not.toContain(lazy);
  }
  expect(result.afterUse).toEqual(
    expect.arrayContaining(["@googleapis/chat", "google-auth-library"]),
  );
  expect(result.files!.filter((f) => FORBIDDEN.test(f))).toEqual([]);
  // A fresh ts-node process: slow on a loaded machine, and not what this test measures.
}, 60_000);
