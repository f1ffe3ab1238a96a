// Pulumi programs under measurement, driven through the engine harness the engine tests use
// (real CLI, Automation API, isolated PULUMI_HOME and file backend).
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { openProject, TRIVIAL_PROGRAM, type EngineProject } from "../../scripts/lib/engine-harness";
import { linkProgram } from "./snapshot";
import type { BenchWorld } from "./world";

export const FIXTURES = path.join(__dirname, "../fixtures");

export type EngineCommand = "preview" | "up" | "refresh";

export async function openBenchProject(
  fixture: "space-members" | "memberships" | "trivial",
  world: BenchWorld | undefined,
  config: Record<string, unknown>,
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
  await setProgramConfig(project, config);
  return project;
}

/** Values this long go through a file (`<key>File`): a command-line argument has a size limit. */
const MAX_INLINE_CONFIG = 64 * 1024;

export async function setProgramConfig(project: EngineProject, config: Record<string, unknown>) {
  for (const [k, v] of Object.entries(config)) {
    const value = typeof v === "string" ? v : JSON.stringify(v);
    if (value.length > MAX_INLINE_CONFIG) {
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
  const r =
    command === "preview"
      ? await project.preview()
      : command === "up"
        ? await project.up()
        : await project.refresh();
  return r.changes as Record<string, number>;
}
