// The `googlechat` plugin installed as a team installs it: scripts/plugin-pack.sh packs the
// tarball (from dist/ as built, about 30 s with a warm npm cache, so each run packs afresh), the
// real CLI installs it with `pulumi plugin install resource googlechat <version> --file` into the
// project's own PULUMI_HOME, and a Pulumi YAML program naming no plugin path runs on it. Ambient
// plugins are ignored, so neither the repo's plugin/ nor anything on PATH can stand in: without
// the install, the same program fails.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { pulumiRoot, runPulumi, type EngineProject } from "../../scripts/lib/engine-harness";
import { startChat, type ChatTestEnv } from "./chat";
import { installedYamlProgram, openYaml } from "./plugin-kit";
import { cliEnv, failure, homeOf, ID, owner, REPO, seedWith } from "./safety-kit";

jest.setTimeout(600_000);

const execFileAsync = promisify(execFile);
const VERSION = (
  JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
    version: string;
  }
).version;
const SPACE = "spaces/AAAAinst01";

const program = installedYamlProgram(
  {
    team: {
      type: "googlechat:index:ChatSpaceMembers",
      properties: {
        space: SPACE,
        mode: "authoritative",
        members: [
          { member: "users/alice@example.com", role: "owner" },
          { member: "users/bob@example.com" },
          { member: "users/carol@example.com", role: "manager" },
        ],
      },
    },
  },
  { team: "${team.members}" },
);

describe("the googlechat plugin, installed from its tarball", () => {
  let outDir: string;
  let tarball: string;
  let chat: ChatTestEnv;
  let project: EngineProject;
  /** The CLI as a user types it, in the project's PULUMI_HOME. */
  const pulumi = (args: string[]) =>
    runPulumi(args, project.workDir, cliEnv(project, chat.env) as Record<string, string>);

  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), "chat-plugin-pack-"));
    const packed = await execFileAsync(
      "bash",
      [path.join(REPO, "scripts/plugin-pack.sh"), "--no-build", "--out", outDir],
      { cwd: REPO, maxBuffer: 64 * 1024 * 1024 },
    );
    tarball = packed.stdout.trim();
    const base = await startChat({
      seed: seedWith({ [SPACE]: [owner("alice@example.com")] }),
    });
    chat = {
      ...base,
      env: {
        ...base.env,
        PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
        // The launcher runs `node` from PATH: the Node.js running these tests (22 or newer).
        PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
      },
    };
    project = await openYaml(program, chat);
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  it("packs one tarball named as Pulumi names plugins, the launcher at its root", async () => {
    expect(path.basename(tarball)).toMatch(
      new RegExp(
        `^pulumi-resource-googlechat-v${VERSION}-(linux|darwin)-(amd64|arm64)\\.tar\\.gz$`,
      ),
    );
    const { stdout } = await execFileAsync("tar", ["-tvzf", tarball], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const entries = new Map(
      stdout
        .trim()
        .split("\n")
        .map((line) => {
          const fields = line.trim().split(/\s+/);
          return [fields[fields.length - 1]!.replace(/^\.\//, ""), fields[0]!] as const;
        }),
    );
    expect(entries.get("pulumi-resource-googlechat")).toMatch(/^-rwxr-xr-x/);
    for (const file of [
      "dist/provider/plugin/server.js",
      "dist/provider/pulumi/runtime.js",
      "plugin/schema.json",
      "package.json",
      "node_modules/@pulumi/pulumi/package.json",
      "node_modules/@googleapis/chat/package.json",
    ]) {
      expect(entries.has(file)).toBe(true);
    }
    // Ours is the compiled provider only: no emulator, tests, sources or credentials.
    const ours = [...entries.keys()].filter((e) => !e.startsWith("node_modules/"));
    expect(
      ours.filter((e) => /^(dist\/emulator|test|emulator|provider|scripts)\//.test(e)),
    ).toEqual([]);
    expect(
      ours.filter((e) => /\.test\.|\.ts$|\.map$|\.env|\.pem$|credentials.*\.json$/.test(e)),
    ).toEqual([]);
    expect([...entries.values()].filter((mode) => mode.startsWith("l"))).toEqual([]);
  });

  it("without the install, the engine finds no googlechat plugin for the program", async () => {
    const out = await failure(() => project.preview());
    expect(out).toMatch(/googlechat/);
    expect(out).toMatch(/no resource plugin .pulumi-resource-googlechat. found/);
    expect(await chat.emulator.control.listMembers(SPACE)).toHaveLength(1);
  });

  it("installs with `pulumi plugin install --file`, and `pulumi plugin ls` lists it", async () => {
    await pulumi(["plugin", "install", "resource", "googlechat", VERSION, "--file", tarball]);
    const listed = JSON.parse(await pulumi(["plugin", "ls", "--json"])) as {
      name: string;
      kind: string;
      version: string;
    }[];
    expect(listed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "googlechat", kind: "resource", version: VERSION }),
      ]),
    );
    expect(await pulumi(["plugin", "ls"])).toMatch(
      new RegExp(`googlechat\\s+resource\\s+${VERSION}`),
    );
  });

  it("runs the program on the installed plugin: creates the roster, then previews empty", async () => {
    const up = await project.up();
    expect(up.changes).toEqual({ create: 2 }); // the stack and the ChatSpaceMembers
    expect(up.outputs.team).toEqual({
      "alice@example.com": "owner",
      "bob@example.com": "member",
      "carol@example.com": "manager",
    });
    const live = Object.fromEntries(
      (await chat.emulator.control.listMembers(SPACE)).map((m) => [m.member?.name, m.role]),
    );
    expect(live).toEqual({
      [ID.alice]: "ROLE_MANAGER",
      [ID.bob]: "ROLE_MEMBER",
      [ID.carol]: "ROLE_ASSISTANT_MANAGER",
    });
    expect((await project.preview()).changes).toEqual({});
    // What the engine launches is the copy `pulumi plugin install` unpacked into PULUMI_HOME.
    const installed = path.join(
      homeOf(project),
      "plugins",
      `resource-googlechat-v${VERSION}`,
      "pulumi-resource-googlechat",
    );
    const { stderr } = await execFileAsync(
      path.join(pulumiRoot(), "bin", "pulumi"),
      ["preview", "--logtostderr", "-v=9", "--stack", project.stack.name, "--non-interactive"],
      {
        cwd: project.workDir,
        env: cliEnv(project, chat.env),
        maxBuffer: 256 * 1024 * 1024,
      },
    );
    const launched = [...stderr.matchAll(/Launching plugin '([^']*)' from '([^']*)'/g)]
      .filter((m) => m[1]!.includes("googlechat"))
      .map((m) => m[2]);
    expect(launched.length).toBeGreaterThan(0);
    expect(new Set(launched)).toEqual(new Set([installed]));
  });
});
