// Pulumi programs under measurement, driven through the engine-test harness (real CLI,
// Automation API, isolated PULUMI_HOME and file backend).
import * as path from "node:path";
import { openProject, type EngineProject } from "../../test/engine/harness";
import type { BenchWorld } from "./world";

export const FIXTURES = path.join(__dirname, "../fixtures");

export type EngineCommand = "preview" | "up" | "refresh";

export async function openBenchProject(
  fixture: "space-members" | "memberships" | "trivial",
  world: BenchWorld | undefined,
  config: Record<string, unknown>,
): Promise<EngineProject> {
  const project = await openProject(path.join(FIXTURES, fixture), {
    env: world ? { CHAT_EMULATOR_HOST: world.emulator.hostPort } : {},
    config: {
      ...(world
        ? { "googlechat:credentials": { value: JSON.stringify(world.credentials), secret: true } }
        : {}),
    },
  });
  await setProgramConfig(project, config);
  return project;
}

export async function setProgramConfig(project: EngineProject, config: Record<string, unknown>) {
  for (const [k, v] of Object.entries(config)) {
    await project.stack.setConfig(k, { value: typeof v === "string" ? v : JSON.stringify(v) });
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
