// Engine tests of the `googlechat` plugin from Python: programs using the generated Python SDK
// (pulumi_googlechat, scripts/python-sdk.sh), run by the real CLI and Python language host
// (scripts/pulumi-python.sh) in the cached virtualenv, against the emulator.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { openProject, type EngineProject } from "../../scripts/lib/engine-harness";
import { pythonHostDir, pythonVenv } from "../../scripts/lib/python-host";
import type { ChatTestEnv } from "./chat";
import { PLUGIN_DIR } from "./plugin-kit";

/** ChatSpaceMembers and ChatMembership resources from stack config, as the TypeScript fixture. */
export const PYTHON_FIXTURE = path.join(__dirname, "fixtures/python");

/**
 * A copy of a Python project whose Pulumi.yaml names the cached virtualenv and this repository's
 * plugin by absolute paths (the harness runs it from a temp dir): the rest as the project has it.
 */
export function pythonCopy(programDir: string): string {
  pythonHostDir(); // the host beside the CLI, built or found once
  const project = YAML.parse(fs.readFileSync(path.join(programDir, "Pulumi.yaml"), "utf8"));
  if (project.runtime?.name !== "python" || !project.runtime.options?.virtualenv) {
    throw new Error(`${programDir}/Pulumi.yaml: expected runtime python with options.virtualenv`);
  }
  project.runtime.options.virtualenv = pythonVenv();
  const providers = project.plugins?.providers as { name: string; path: string }[] | undefined;
  const googlechat = providers?.find((p) => p.name === "googlechat");
  if (!googlechat) throw new Error(`${programDir}/Pulumi.yaml: no googlechat plugin path`);
  googlechat.path = PLUGIN_DIR;
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "chat-python-"));
  fs.cpSync(programDir, copy, { recursive: true });
  fs.writeFileSync(path.join(copy, "Pulumi.yaml"), YAML.stringify(project));
  return copy;
}

export async function openPython(programDir: string, chat: ChatTestEnv): Promise<EngineProject> {
  const copy = pythonCopy(programDir);
  try {
    return await openProject(copy, { config: chat.config, env: chat.env });
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

/** Sets the fixture's declarations (schema property names, as the TypeScript fixture takes them). */
export async function declarePython(
  project: EngineProject,
  spaces: Record<string, unknown>,
  memberships: Record<string, unknown> = {},
): Promise<void> {
  await project.stack.setConfig("spaces", { value: JSON.stringify(spaces) });
  await project.stack.setConfig("memberships", { value: JSON.stringify(memberships) });
}
