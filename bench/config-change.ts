// A changed stack configuration value at org scale, through the `googlechat` plugin (issue 19.5):
// S spaces × M members declared by one Pulumi YAML program, then `up --refresh` with nothing
// changed, and `up --refresh` after `googlechat:writesPerMinute` changed. Reports wall time and
// API calls by method for both, so a build with DiffConfig and one without can be compared
// (`--plugin DIR` points at another build's plugin/ folder).
//
//   node -r ts-node/register/transpile-only bench/config-change.ts [--spaces 200] [--members 5]
//     [--runs 1] [--plugin DIR]
import * as path from "node:path";
import type { EngineProject } from "../scripts/lib/engine-harness";
import { openYamlBenchProject, setYamlProgram, yamlSpacesProgram } from "./lib/engine";
import { orgSeed, orgSpace } from "./lib/org-world";
import { countCalls, startWorld, userEmail } from "./lib/world";

const REPO = path.resolve(__dirname, "..");
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const spaces = Number(arg("spaces", "200"));
const members = Number(arg("members", "5"));
const runs = Number(arg("runs", "1"));
const pluginDir = path.resolve(arg("plugin", path.join(REPO, "plugin")));
process.env.PATH = `${path.join(REPO, "node_modules/.bin")}${path.delimiter}${process.env.PATH}`;

/** The rosters: every space declares the M people authoritatively. */
function rosters(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let s = 0; s < spaces; s++)
    out[`org${s}`] = {
      space: orgSpace(s),
      mode: "authoritative",
      members: Array.from({ length: members }, (_, i) => ({ member: userEmail(i) })),
    };
  return out;
}

async function main() {
  const results: Record<string, unknown>[] = [];
  for (let run = 1; run <= runs; run++) {
    const world = await startWorld(0, { seed: orgSeed(spaces, members) });
    const control = world.emulator.control;
    let project: EngineProject | undefined;
    try {
      project = await openYamlBenchProject(world);
      setYamlProgram(project, yamlSpacesProgram(rosters(), pluginDir));
      await project.up();
      const measure = async (step: string) => {
        await control.setQuotas({});
        await control.resetLog();
        const t0 = Date.now();
        const r = await project!.up({ refresh: true });
        const ms = Date.now() - t0;
        const calls = countCalls(await control.counters());
        const line = { run, step, ms, changes: r.changes, calls: calls.byRpc };
        console.log(JSON.stringify(line));
        results.push(line);
      };
      await measure("up --refresh, nothing changed");
      await project.stack.setConfig("googlechat:writesPerMinute", { value: "250" });
      await measure("up --refresh after googlechat:writesPerMinute changed");
    } finally {
      await project?.cleanup();
      await world.emulator.stop();
    }
  }
  console.log(JSON.stringify({ spaces, members, pluginDir, results }));
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
