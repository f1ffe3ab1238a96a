// Pulumi programs under measurement, driven through the engine harness the engine tests use
// (real CLI, Automation API, isolated PULUMI_HOME and file backend).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { openProject, TRIVIAL_PROGRAM, type EngineProject } from "../../scripts/lib/engine-harness";
import { yamlHostDir } from "../../scripts/lib/yaml-host";
import { TYPES } from "../../provider/plugin/schema";
import { activeSnapshot, linkProgram } from "./snapshot";
import type { BenchWorld } from "./world";

export const FIXTURES = path.join(__dirname, "../fixtures");
const REPO = path.join(__dirname, "../..");

/**
 * A Pulumi YAML program of one ChatSpaceMembers per entry of `spaces`, served by the googlechat
 * plugin in `pluginDir`: by default the measured build's (the frozen snapshot's plugin/, else
 * the repo's).
 */
export function yamlSpacesProgram(
  spaces: Record<string, unknown>,
  pluginDir = path.join(activeSnapshot()?.packageDir ?? REPO, "plugin"),
): string {
  const resources = Object.fromEntries(
    Object.entries(spaces).map(([name, args]) => [
      name,
      { type: TYPES.spaceMembers, properties: args },
    ]),
  );
  return YAML.stringify({
    name: "bench-space-members-yaml",
    runtime: "yaml",
    plugins: { providers: [{ name: "googlechat", path: pluginDir }] },
    resources,
  });
}

/** Replaces a YAML project's program: a roster change is a change of the program's file. */
export function setYamlProgram(project: EngineProject, program: string): void {
  writeFileSync(path.join(project.workDir, "Pulumi.yaml"), program);
}

/** A YAML project (empty until setYamlProgram) against the world, credentials as stack config. */
export async function openYamlBenchProject(world: BenchWorld): Promise<EngineProject> {
  yamlHostDir(); // the host beside the CLI, built or found once
  const dir = mkdtempSync(path.join(os.tmpdir(), "chat-bench-yaml-"));
  writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    YAML.stringify({ name: "bench-space-members-yaml", runtime: "yaml" }),
  );
  try {
    return await openProject(dir, {
      env: { CHAT_EMULATOR_HOST: world.emulator.hostPort },
      config: {
        "googlechat:credentials": { value: JSON.stringify(world.credentials), secret: true },
      },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `previewRefresh` / `upRefresh`: the command with `--refresh`. */
export type EngineCommand = "preview" | "up" | "refresh" | "previewRefresh" | "upRefresh";

export async function openBenchProject(
  fixture: "space-members" | "memberships" | "trivial",
  world: BenchWorld | undefined,
  config: Record<string, unknown>,
  opts: { viaFile?: boolean } = {},
): Promise<EngineProject> {
  const dir = fixture === "trivial" ? TRIVIAL_PROGRAM : path.join(FIXTURES, fixture);
  const project = await openProject(dir, {
    env: world ? { CHAT_EMULATOR_HOST: world.emulator.hostPort } : {},
    config: {
      ...(world
        ? { "googlechat:credentials": { value: JSON.stringify(world.credentials), secret: true } }
        : {}),
    },
  });
  linkProgram(project.workDir);
  await setProgramConfig(project, config, opts);
  return project;
}

/** Values this long go through a file (`<key>File`): a command-line argument has a size limit. */
const MAX_INLINE_CONFIG = 64 * 1024;

/**
 * `viaFile`: every value through its file, whatever its size. The engine hands the whole stack
 * config to a dynamic provider, so a changed config value makes it restart the provider process
 * (after the refresh of an `up --refresh`); a file whose content changes under the same path
 * changes no config, as a member file in a repo does not.
 */
export async function setProgramConfig(
  project: EngineProject,
  config: Record<string, unknown>,
  opts: { viaFile?: boolean } = {},
) {
  for (const [k, v] of Object.entries(config)) {
    const value = typeof v === "string" ? v : JSON.stringify(v);
    if (opts.viaFile || value.length > MAX_INLINE_CONFIG) {
      const file = path.join(project.workDir, `${k}.config.json`);
      writeFileSync(file, value);
      await project.stack.setConfig(`${k}File`, { value: file });
      await project.stack.removeConfig(k).catch(() => undefined);
    } else {
      await project.stack.setConfig(k, { value });
      await project.stack.removeConfig(`${k}File`).catch(() => undefined);
    }
  }
}

/** Runs one engine command; returns the engine's change summary (ops other than "same"). */
export async function runCommand(
  project: EngineProject,
  command: EngineCommand,
): Promise<Record<string, number>> {
  const refresh = command === "previewRefresh" || command === "upRefresh";
  const r =
    command === "preview" || command === "previewRefresh"
      ? await project.preview({ refresh })
      : command === "up" || command === "upRefresh"
        ? await project.up({ refresh })
        : await project.refresh();
  return r.changes as Record<string, number>;
}
