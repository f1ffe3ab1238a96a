// A changed stack configuration value at org scale, through the `googlechat` plugin (issue 19.5):
// S spaces × M members declared by one Pulumi YAML program, then `up --refresh` with nothing
// changed, and `up --refresh` after `googlechat:writesPerMinute` changed. Reports wall time and
// API calls by method for both, so a build with DiffConfig and one without can be compared
// (`--plugin DIR` points at another build's plugin/ folder).
//
//   node -r ts-node/register/transpile-only bench/config-change.ts [--spaces 200] [--members 5]
//     [--runs 1] [--plugin DIR]
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { openProject, type EngineProject } from "../scripts/lib/engine-harness";
import { yamlHostDir } from "../scripts/lib/yaml-host";
import { TYPES } from "../provider/plugin/schema";
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

function program(): string {
  const resources: Record<string, unknown> = {};
  for (let s = 0; s < spaces; s++)
    resources[`org${s}`] = {
      type: TYPES.spaceMembers,
      properties: {
        space: orgSpace(s),
        mode: "authoritative",
        members: Array.from({ length: members }, (_, i) => ({ member: userEmail(i) })),
      },
    };
  return YAML.stringify({
    name: "config-change",
    runtime: "yaml",
    plugins: { providers: [{ name: "googlechat", path: pluginDir }] },
    resources,
  });
}

async function main() {
  yamlHostDir();
  const results: Record<string, unknown>[] = [];
  for (let run = 1; run <= runs; run++) {
    const world = await startWorld(0, { seed: orgSeed(spaces, members) });
    const control = world.emulator.control;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "config-change-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), program());
    let project: EngineProject | undefined;
    try {
      project = await openProject(dir, {
        env: { CHAT_EMULATOR_HOST: world.emulator.hostPort },
        config: {
          "googlechat:credentials": { value: JSON.stringify(world.credentials), secret: true },
        },
      });
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
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(JSON.stringify({ spaces, members, pluginDir, results }));
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
