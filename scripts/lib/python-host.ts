// The Pulumi Python language host and the virtualenv for engine tests that run `runtime: python`
// programs. scripts/pulumi-python.sh links pulumi-language-python into the CLI's bin/, beside
// pulumi, which the Automation API and runPulumi put first on PATH; scripts/python-sdk.sh makes the
// virtualenv with the `pulumi` Python SDK and the plugin's generated SDK (pulumi_googlechat).
import * as fs from "node:fs";
import * as path from "node:path";
import { pulumiRoot, setUpWith } from "./engine-harness";

/**
 * The folder holding pulumi-language-python (the CLI's bin/). `npm test` exports it; otherwise
 * the script runs once per process. A missing host fails the test with the set-up message.
 */
let cachedDir: string | undefined;
export function pythonHostDir(): string {
  const fromEnv = process.env.CHAT_MEMBERS_PYTHON_HOST_DIR;
  if (!cachedDir && fromEnv && fs.existsSync(path.join(fromEnv, "pulumi-language-python"))) {
    cachedDir = fromEnv;
  }
  cachedDir ??= setUpWith(
    "scripts/pulumi-python.sh",
    [pulumiRoot()],
    "No Pulumi Python language host for engine tests: scripts/pulumi-python.sh failed (see its " +
      "message above). Install Go >= 1.26 or put pulumi-language-python on PATH, or run `npm test`.",
  );
  return cachedDir;
}

/**
 * The virtualenv (pulumi and pulumi_googlechat installed) that Python programs name as their
 * `virtualenv` runtime option. `npm test` exports it; otherwise the script runs once per process.
 */
let cachedVenv: string | undefined;
export function pythonVenv(): string {
  const fromEnv = process.env.CHAT_MEMBERS_PYTHON_VENV;
  if (!cachedVenv && fromEnv && fs.existsSync(path.join(fromEnv, ".complete"))) {
    cachedVenv = fromEnv;
  }
  cachedVenv ??= setUpWith(
    "scripts/python-sdk.sh",
    ["venv"],
    "No virtualenv for Python programs: scripts/python-sdk.sh failed (see its message above). " +
      "It needs Python >= 3.9 with venv and PyPI the first time; or run `npm test`.",
  );
  return cachedVenv;
}
