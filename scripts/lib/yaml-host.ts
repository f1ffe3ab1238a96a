// The Pulumi YAML language host for engine tests that run `runtime: yaml` programs.
// scripts/pulumi-yaml.sh links pulumi-language-yaml into the CLI's bin/, beside pulumi, which
// the Automation API and runPulumi put first on PATH: calling yamlHostDir() once is enough.
import * as fs from "node:fs";
import * as path from "node:path";
import { pulumiRoot, setUpWith } from "./engine-harness";

/**
 * The folder holding pulumi-language-yaml (the CLI's bin/); prepend it to PATH when running
 * pulumi by other means. `npm test` exports it; otherwise the script runs once per process.
 * A missing host fails the test with the set-up message, never a silent skip.
 */
let cachedDir: string | undefined;
export function yamlHostDir(): string {
  const fromEnv = process.env.CHAT_MEMBERS_YAML_HOST_DIR;
  if (!cachedDir && fromEnv && fs.existsSync(path.join(fromEnv, "pulumi-language-yaml"))) {
    cachedDir = fromEnv;
  }
  cachedDir ??= findYamlHost();
  return cachedDir;
}

function findYamlHost(): string {
  return setUpWith(
    "scripts/pulumi-yaml.sh",
    [pulumiRoot()],
    "No Pulumi YAML language host for engine tests: scripts/pulumi-yaml.sh failed (see its " +
      "message above). Install Go >= 1.26 or put pulumi-language-yaml on PATH, or run `npm test`.",
  );
}
