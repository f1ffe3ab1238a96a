// Engine tests of the `googlechat` plugin: Pulumi YAML programs written at test time (the plugin
// found by path, as a team would pin it), run by the real CLI and YAML language host.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { openProject, runPulumi, type EngineProject } from "../../scripts/lib/engine-harness";
import { yamlHostDir } from "../../scripts/lib/yaml-host";
import type { ChatTestEnv } from "./chat";
import { cliEnv, REPO } from "./safety-kit";

export const PLUGIN_DIR = path.join(REPO, "plugin");

export interface YamlResource {
  readonly type: string;
  readonly properties: Record<string, unknown>;
  readonly options?: Record<string, unknown>;
}

/** A Pulumi YAML program using the plugin from this repository. */
export function yamlProgram(
  resources: Record<string, YamlResource>,
  outputs: Record<string, string> = {},
): string {
  return program(resources, outputs, {
    plugins: { providers: [{ name: "googlechat", path: PLUGIN_DIR }] },
  });
}

/** A Pulumi YAML program naming no plugin path: the engine runs the installed `googlechat`. */
export function installedYamlProgram(
  resources: Record<string, YamlResource>,
  outputs: Record<string, string> = {},
): string {
  return program(resources, outputs, {});
}

function program(
  resources: Record<string, YamlResource>,
  outputs: Record<string, string>,
  plugins: Record<string, unknown>,
): string {
  return YAML.stringify({
    name: "chat-plugin",
    runtime: "yaml",
    ...plugins,
    ...(Object.keys(resources).length > 0 ? { resources } : {}),
    ...(Object.keys(outputs).length > 0 ? { outputs } : {}),
  });
}

export async function openYaml(program: string, chat: ChatTestEnv): Promise<EngineProject> {
  yamlHostDir(); // the host beside the CLI, built or found once
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chat-yaml-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), program);
  try {
    return await openProject(dir, { config: chat.config, env: chat.env });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Replaces the program (the next preview/up runs it). */
export function setProgram(project: EngineProject, program: string): void {
  fs.writeFileSync(path.join(project.workDir, "Pulumi.yaml"), program);
}

/** The CLI as a user types it in the project (stdout), e.g. `pulumi import …`. */
export function cli(project: EngineProject, chat: ChatTestEnv, args: string[]): Promise<string> {
  const env = cliEnv(project, chat.env) as Record<string, string>;
  return runPulumi(
    [...args, "--stack", project.stack.name, "--non-interactive"],
    project.workDir,
    env,
  );
}
