// The `googlechat` plugin on the real engine with Pulumi YAML programs: create (a user and the
// calling app), refresh with drift, update, destroy, `pulumi import` (one resource and a file of
// them) followed by an empty preview, and a secret-free state. The parity test runs the same
// declarations through the dynamic provider (a TypeScript program) and through the plugin's
// generated Python SDK (a Python program) on identical worlds and fails if they answer differently.
import * as fs from "node:fs";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import YAML from "yaml";
import { DEMO_PROJECT } from "../../emulator/seed";
import { TYPES } from "../../provider/plugin/schema";
import { openProject, type EngineProject } from "../../scripts/lib/engine-harness";
import { startChat, type ChatTestEnv } from "./chat";
import {
  cli,
  openYaml,
  PLUGIN_DIR,
  setProgram,
  yamlProgram,
  type YamlResource,
} from "./plugin-kit";
import { declarePython, openPython, PYTHON_FIXTURE } from "./python-kit";
import {
  EXTRA,
  failure,
  FIXTURE,
  ID,
  manager,
  memberLines,
  owner,
  plain,
  resourcesOf,
  seedWith,
} from "./safety-kit";

jest.setTimeout(600_000);

const TEAM = "spaces/AAAAplug01";
const SOLO = "spaces/AAAAplug02";
const OLD = "spaces/AAAAimp001";
const OLD2 = "spaces/AAAAimp002";
const SPACE_TYPE = TYPES.spaceMembers;
const MEMBER_TYPE = TYPES.membership;

const seed = () =>
  seedWith({
    [TEAM]: [owner("alice@example.com"), plain("bob@example.com")],
    [SOLO]: [owner("alice@example.com")],
    [OLD]: [
      owner("alice@example.com"),
      manager("carol@example.com"),
      plain("erin@example.com"),
      { member: `app:${DEMO_PROJECT}` },
      { member: "groups/eng" },
    ],
    [OLD2]: [owner("alice@example.com"), plain(EXTRA[0]!)],
  });

type Entry = { member: string; role?: string };
const space = (s: string, members: Entry[], extra: Record<string, unknown> = {}): YamlResource => ({
  type: SPACE_TYPE,
  properties: { space: s, mode: "authoritative", members, ...extra },
});
const membership = (s: string, member: string, role?: string): YamlResource => ({
  type: MEMBER_TYPE,
  properties: { space: s, member, ...(role ? { role } : {}) },
});

/** users/{id} or groups/{id} → API role, as the emulator holds the space. */
async function live(chat: ChatTestEnv, s: string): Promise<Record<string, string>> {
  return Object.fromEntries(
    (await chat.emulator.control.listMembers(s)).map((m) => [
      m.member?.name ?? m.groupMember?.name,
      m.role ?? "MEMBERSHIP_ROLE_UNSPECIFIED",
    ]),
  );
}

const CHAT_MEMBERS = path.join(__dirname, "../../dist/provider/cli/chat-members.js");
const APP_ID = "users/200000000000000000001";
const OUTPUTS = { team: "${team.members}", erin: "${erin.name}" };

describe("the googlechat plugin, from Pulumi YAML", () => {
  let chat: ChatTestEnv;
  let project: EngineProject;
  const declared: Entry[] = [
    { member: "users/alice@example.com", role: "owner" },
    { member: "users/bob@example.com" },
    { member: "users/carol@example.com", role: "manager" },
    { member: "users/app" },
  ];

  beforeAll(async () => {
    chat = await startChat({ seed: seed() });
    await chat.emulator.control.recordResponses(true);
    project = await openYaml(
      yamlProgram(
        { team: space(TEAM, declared), erin: membership(SOLO, "erin@example.com") },
        OUTPUTS,
      ),
      chat,
    );
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
  });

  it("adds a user and the calling app to a space, and the next preview is empty", async () => {
    const preview = await project.preview({ diff: true });
    // A create shows the roster the apply leads to, in emails and UI roles.
    expect(preview.stdout).toMatch(/carol@example\.com\s*: "manager"/);
    expect(preview.stdout).toMatch(/users\/app\s*: "member"/);
    expect(preview.stdout).not.toMatch(/ROLE_|users\/1000/);
    const up = await project.up();
    expect(up.changes).toEqual({ create: 3 });
    expect(await live(chat, TEAM)).toEqual({
      [ID.alice]: "ROLE_MANAGER",
      [ID.bob]: "ROLE_MEMBER",
      [ID.carol]: "ROLE_ASSISTANT_MANAGER",
      [APP_ID]: "ROLE_MEMBER",
    });
    expect(Object.keys(await live(chat, SOLO))).toContain(ID.erin);
    expect(up.outputs.team).toEqual({
      "alice@example.com": "owner",
      "bob@example.com": "member",
      "carol@example.com": "manager",
      "users/app": "member",
    });
    expect(up.outputs.erin).toMatch(/^spaces\/AAAAplug02\/members\//);
    expect((await project.preview()).changes).toEqual({});
  });

  it("keeps credentials and tokens out of the state: only the passphrase-encrypted provider config", async () => {
    // The same check as the dynamic provider's (membership.test.ts), tokens the emulator issued included.
    const tokens = (await chat.emulator.control.requests())
      .map((r) => (r.response as { access_token?: unknown } | undefined)?.access_token)
      .filter((t): t is string => typeof t === "string");
    expect(tokens.length).toBeGreaterThan(0);
    const text = JSON.stringify(await project.exportState()) + project.backendFilesText();
    expect(text.length).toBeGreaterThan(1000);
    for (const secret of [...chat.secrets, ...tokens]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/access_token|refresh_token|client_secret/);
  });

  it("shows out-of-band drift after a refresh, as the lines the next up writes, and converges", async () => {
    await chat.emulator.control.removeMember(TEAM, ID.carol);
    await chat.emulator.control.setRole(TEAM, ID.bob, "ROLE_MANAGER");
    await chat.emulator.control.removeMember(SOLO, ID.erin);
    const refreshed = await project.refresh();
    expect(refreshed.changes).toMatchObject({ update: 1, delete: 1 });
    const preview = await project.preview({ diff: true });
    expect(memberLines(preview.stdout)).toEqual(
      expect.arrayContaining([
        '+ carol@example.com: "manager"',
        '~ bob@example.com: "owner" => "member"',
      ]),
    );
    expect(preview.changes).toEqual({ create: 1, update: 1 });
    await project.up();
    expect(await live(chat, TEAM)).toMatchObject({
      [ID.bob]: "ROLE_MEMBER",
      [ID.carol]: "ROLE_ASSISTANT_MANAGER",
    });
    expect(Object.keys(await live(chat, SOLO))).toContain(ID.erin);
    expect((await project.preview({ refresh: true })).changes).toEqual({});
  });

  it("updates: a removal and a demotion, previewed in emails and UI roles", async () => {
    const next = declared
      .filter((d) => d.member !== "users/bob@example.com")
      .map((d) => (d.member === "users/carol@example.com" ? { member: d.member } : d));
    setProgram(
      project,
      yamlProgram({ team: space(TEAM, next), erin: membership(SOLO, "erin@example.com") }, OUTPUTS),
    );
    const preview = await project.preview({ diff: true });
    // Each line once for the resource, once more for the stack output that shows its roster.
    expect([...new Set(memberLines(preview.stdout))].sort()).toEqual([
      '- bob@example.com: "member"',
      '~ carol@example.com: "manager" => "member"',
    ]);
    expect((await project.up()).changes).toEqual({ update: 1 });
    expect(await live(chat, TEAM)).toEqual({
      [ID.alice]: "ROLE_MANAGER",
      [ID.carol]: "ROLE_MEMBER",
      [APP_ID]: "ROLE_MEMBER",
    });
  });

  it("refuses bad input before any call, naming the field and the fix", async () => {
    await chat.emulator.control.resetLog();
    setProgram(
      project,
      yamlProgram({ team: space(TEAM, [...declared, { member: "users/carol@example.com" }]) }),
    );
    const out = await failure(() => project.preview());
    expect(out).toMatch(/DUPLICATE_MEMBER/);
    const writes = (await chat.emulator.control.requests()).filter((r) =>
      /members\.(create|patch|delete)/.test(r.rpc ?? ""),
    );
    expect(writes).toEqual([]);
  });

  it("refuses a membership in a space an authoritative resource manages, naming both", async () => {
    await chat.emulator.control.resetLog();
    setProgram(
      project,
      yamlProgram({ team: space(TEAM, declared), erin: membership(TEAM, "erin@example.com") }),
    );
    const out = await failure(() => project.preview());
    expect(out).toMatch(/CONFLICTING_RESOURCES: .*ChatSpaceMembers "team".*ChatMembership "erin"/);
  });

  it("destroy keeps the space's members and removes only the membership it created", async () => {
    setProgram(
      project,
      yamlProgram({
        team: space(TEAM, [
          { member: "users/alice@example.com", role: "owner" },
          { member: "users/carol@example.com" },
          { member: "users/app" },
        ]),
        erin: membership(SOLO, "erin@example.com"),
      }),
    );
    await project.up();
    const destroyed = await project.destroy();
    expect(destroyed.changes).toEqual({ delete: 3 });
    expect(Object.keys(await live(chat, TEAM)).sort()).toEqual([ID.alice, ID.carol, APP_ID].sort());
    expect(Object.keys(await live(chat, SOLO))).toEqual([ID.alice]);
  });
});

describe("an explicit googlechat provider", () => {
  // Its inputs alone configure it: no googlechat:* stack config and no CHAT_EMULATOR_HOST.
  let chat: ChatTestEnv;
  let project: EngineProject;
  beforeAll(async () => {
    chat = await startChat({ seed: seed() });
    const program = YAML.stringify({
      name: "chat-plugin",
      runtime: "yaml",
      plugins: { providers: [{ name: "googlechat", path: PLUGIN_DIR }] },
      config: { chatCredentials: { type: "string", secret: true } },
      resources: {
        chat: {
          type: "pulumi:providers:googlechat",
          properties: {
            credentials: "${chatCredentials}",
            emulatorHost: chat.emulator.hostPort,
            retryAttempts: 3,
          },
        },
        erin: { ...membership(SOLO, "erin@example.com"), options: { provider: "${chat}" } },
      },
    });
    const credentials = chat.config["googlechat:credentials"]!;
    project = await openYaml(program, {
      ...chat,
      env: {},
      config: { chatCredentials: credentials },
    });
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
  });

  it("takes credentials, emulator host and tuning from its inputs", async () => {
    expect((await project.up()).changes).toEqual({ create: 3 });
    expect(Object.keys(await live(chat, SOLO))).toContain(ID.erin);
    const text = project.backendFilesText();
    for (const secret of chat.secrets) expect(text).not.toContain(secret);
  });
});

describe("pulumi import through the plugin", () => {
  let chat: ChatTestEnv;
  let project: EngineProject;
  beforeAll(async () => {
    chat = await startChat({ seed: seed() });
    project = await openYaml(yamlProgram({}), chat);
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
  });

  /** The generated program's resources, merged into the project's program. */
  const adopt = (generated: string[]) => {
    const resources: Record<string, YamlResource> = {};
    for (const g of generated) Object.assign(resources, YAML.parse(g).resources);
    setProgram(project, yamlProgram(resources));
    return resources;
  };

  it("imports a whole space and one membership; the generated program previews with no changes", async () => {
    const outSpace = path.join(project.workDir, "gen-space.yaml");
    const outMember = path.join(project.workDir, "gen-member.yaml");
    await cli(project, chat, ["import", SPACE_TYPE, "old", OLD, "--yes", "--out", outSpace]);
    await cli(project, chat, [
      "import",
      MEMBER_TYPE,
      "bob",
      `${TEAM}/members/bob@example.com`,
      "--yes",
      "--out",
      outMember,
    ]);
    const generated = [fs.readFileSync(outSpace, "utf8"), fs.readFileSync(outMember, "utf8")];
    const resources = adopt(generated);
    expect(resources.old!.properties).toEqual({
      space: OLD,
      mode: "authoritative",
      members: [
        { member: "users/alice@example.com", role: "owner" },
        { member: "users/carol@example.com", role: "manager" },
        { member: "users/erin@example.com", role: "member" },
        { member: "groups/eng" },
        { member: "users/app" },
      ],
    });
    expect(resources.bob!.properties).toEqual({
      space: TEAM,
      member: "users/bob@example.com",
      role: "member",
    });
    await chat.emulator.control.resetLog();
    const preview = await project.preview({ diff: true });
    expect(preview.changes).toEqual({});
    const writes = (await chat.emulator.control.requests()).filter((r) =>
      /members\.(create|patch|delete)/.test(r.rpc ?? ""),
    );
    expect(writes).toEqual([]);
    // Imported means adopted: nothing was added by the stack, so nothing is ever removed for it.
    const state = await resourcesOf(project);
    expect(state.old!.outputs.added).toEqual([]);
    expect(state.bob!.outputs.adopted).toBe(true);
  });

  it("imports a directory of spaces: chat-members import-file, then pulumi import --file", async () => {
    // The team's member files name the spaces; the import file is made from them, offline.
    const dir = path.join(project.workDir, "spaces");
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, "support-team.yaml"),
      `space: ${OLD2}\nmode: authoritative\nmembers:\n  - { user: alice@example.com, role: owner }\n`,
    );
    const file = path.join(project.workDir, "import.json");
    execFileSync(process.execPath, [CHAT_MEMBERS, "import-file", dir, "-o", file]);
    expect(JSON.parse(fs.readFileSync(file, "utf8")).resources).toEqual([
      { type: SPACE_TYPE, name: "support-team", id: OLD2 },
    ]);
    const out = path.join(project.workDir, "gen-file.yaml");
    await cli(project, chat, ["import", "--file", file, "--yes", "--out", out]);
    const before = YAML.parse(fs.readFileSync(path.join(project.workDir, "Pulumi.yaml"), "utf8"));
    const generated = YAML.parse(fs.readFileSync(out, "utf8")).resources;
    expect(generated["support-team"].properties.members).toEqual([
      { member: "users/alice@example.com", role: "owner" },
      { member: `users/${EXTRA[0]}`, role: "member" },
    ]);
    setProgram(project, yamlProgram({ ...before.resources, ...generated }));
    expect((await project.preview()).changes).toEqual({});
  });

  it("says what to fix when the id names nothing", async () => {
    const out = await failure(() =>
      cli(project, chat, [
        "import",
        MEMBER_TYPE,
        "nobody",
        `${OLD}/members/bob@example.com`,
        "--yes",
      ]),
    );
    expect(out).toMatch(/nothing to import: .*bob@example.com/);
    const bad = await failure(() =>
      cli(project, chat, ["import", SPACE_TYPE, "bad", "spaces/../etc", "--yes"]),
    );
    expect(bad).toMatch(/INVALID_SPACE|import id/);
  });
});

describe("plugin and dynamic provider answer alike", () => {
  // The same declarations, as a Pulumi YAML program (plugin), as the TypeScript fixture (dynamic
  // provider) and as the Python fixture (plugin, through its generated Python SDK), each on its
  // own emulator seeded identically.
  const worlds: { chat: ChatTestEnv; project: EngineProject }[] = [];
  const spaces = (members: Entry[], extra: Record<string, unknown> = {}) => ({
    team: { space: TEAM, mode: "authoritative", members, ...extra },
  });
  const memberships = { erin: { space: SOLO, member: "erin@example.com", role: "manager" } };

  beforeAll(async () => {
    const yamlChat = await startChat({ seed: seed() });
    const tsChat = await startChat({ seed: seed() });
    const pyChat = await startChat({ seed: seed() });
    worlds.push({ chat: yamlChat, project: await openYaml(yamlProgram({}), yamlChat) });
    worlds.push({
      chat: tsChat,
      project: await openProject(FIXTURE, { config: tsChat.config, env: tsChat.env }),
    });
    worlds.push({ chat: pyChat, project: await openPython(PYTHON_FIXTURE, pyChat) });
  });
  afterAll(async () => {
    for (const w of worlds) {
      await w.project.cleanup();
      await w.chat.emulator.stop();
    }
  });

  async function declare(s: ReturnType<typeof spaces>) {
    const [y, t, p] = worlds as [(typeof worlds)[0], (typeof worlds)[0], (typeof worlds)[0]];
    const resources: Record<string, YamlResource> = {};
    for (const [name, args] of Object.entries(s))
      resources[name] = { type: SPACE_TYPE, properties: args };
    for (const [name, args] of Object.entries(memberships))
      resources[name] = { type: MEMBER_TYPE, properties: args };
    setProgram(y.project, yamlProgram(resources));
    await t.project.stack.setConfig("spaces", { value: JSON.stringify(s) });
    await t.project.stack.setConfig("memberships", { value: JSON.stringify(memberships) });
    await declarePython(p.project, s, memberships);
  }

  /** What each world answers: preview lines, live spaces, recorded outputs, or the error codes. */
  async function answers(op: "preview" | "up") {
    return Promise.all(
      worlds.map(async ({ chat, project }) => {
        let said: unknown;
        try {
          if (op === "preview") {
            // The diff display leaves out the provider's messages: a plain preview has them.
            const stdout =
              (await project.preview({ diff: true })).stdout + (await project.preview()).stdout;
            // The plan lines, and what the provider told the reviewer (warnings, the plan summary).
            const told = [
              ...stdout.matchAll(/(?:warning: |info: )?(spaces\/\S+: .*|\d+ to add.*)$/gm),
            ]
              .map((m) => m[1]!.trim())
              .sort();
            said = { lines: memberLines(stdout), told: [...new Set(told)] };
          } else said = (await project.up()).changes;
        } catch (e) {
          said = [...String((e as Error).message).matchAll(/\b([A-Z]+_[A-Z_]+):/g)]
            .map((m) => m[1])
            .sort();
        }
        const state = await resourcesOf(project);
        const outs = Object.fromEntries(
          Object.entries(state).map(([n, r]) => {
            const { __provider: _p, createTime: _t, ...rest } = r.outputs;
            return [n, rest];
          }),
        );
        return { said, team: await live(chat, TEAM), solo: await live(chat, SOLO), outs };
      }),
    );
  }

  const first = spaces([
    { member: "users/alice@example.com", role: "owner" },
    { member: "users/carol@example.com", role: "manager" },
    { member: "users/app" },
  ]);
  const steps: [string, ReturnType<typeof spaces>, "preview" | "up"][] = [
    ["first create", first, "preview"],
    ["first create applied", first, "up"],
    [
      "a duplicate person",
      spaces([
        { member: "users/alice@example.com", role: "owner" },
        { member: "users/carol@example.com" },
        { member: ID.carol },
      ]),
      "up",
    ],
    [
      "too many removals",
      spaces([{ member: "users/alice@example.com", role: "owner" }], { maxRemovals: 1 }),
      "up",
    ],
    [
      "a demotion of the last owner",
      spaces([
        { member: "users/alice@example.com" },
        { member: "users/carol@example.com" },
        { member: "users/app" },
      ]),
      "preview",
    ],
    ["additive", spaces([{ member: EXTRA[1]! }], { mode: "additive" }), "up"],
  ];

  it.each(steps.map((s, i) => [i, s[0]] as const))("step %d: %s", async (i) => {
    const [, declaration, op] = steps[i]!;
    await declare(declaration);
    const [yamlAnswer, tsAnswer, pythonAnswer] = await answers(op);
    expect(yamlAnswer).toEqual(tsAnswer);
    expect(pythonAnswer).toEqual(tsAnswer);
    // The comparison sees the provider's own messages, not only the engine's diff.
    if (i === 0)
      expect(JSON.stringify(yamlAnswer!.said)).toMatch(/first apply will .*bob@example\.com/);
  });
});

describe("ChatSpace through the plugin", () => {
  let chat: ChatTestEnv;
  let project: EngineProject;
  beforeAll(async () => {
    chat = await startChat({ seed: seed() });
    project = await openYaml(yamlProgram({}), chat);
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
  });

  it("pulumi import of an existing space: its live settings, a generated program that previews no change", async () => {
    await chat.emulator.control.updateSpace(OLD, {
      description: "the old team",
      permissions: { manageApps: "owners" },
    });
    const out = path.join(project.workDir, "gen-chatspace.yaml");
    await cli(project, chat, ["import", TYPES.space, "oldspace", OLD, "--yes", "--out", out]);
    const resources = YAML.parse(fs.readFileSync(out, "utf8")).resources as Record<
      string,
      YamlResource
    >;
    expect(resources.oldspace!.properties).toMatchObject({
      description: "the old team",
      deletionPolicy: "retain",
      permissions: { manageApps: "owners" },
    });
    setProgram(project, yamlProgram(resources));
    await chat.emulator.control.resetLog();
    expect((await project.preview({ diff: true })).changes).toEqual({});
    expect((await project.preview({ refresh: true })).changes).toEqual({});
    const writes = (await chat.emulator.control.requests()).filter((r) =>
      /spaces\.(create|patch|delete)/.test(r.rpc ?? ""),
    );
    expect(writes).toEqual([]);
    // (Imported resources are protected: destroy is covered by the program tests.)
  });
});
