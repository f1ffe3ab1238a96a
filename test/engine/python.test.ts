// The `googlechat` plugin from a real Python program (test/engine/fixtures/python) on the
// generated Python SDK: the Google guide's two cases (a user, and the calling app) as
// ChatMemberships and a ChatSpaceMembers, through `pulumi up`, a no-change preview, an update
// previewed in emails and UI roles, and destroy; `pulumi import` writing Python code that
// previews no change.
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineProject } from "../../scripts/lib/engine-harness";
import { startChat, type ChatTestEnv } from "./chat";
import { cli } from "./plugin-kit";
import { declarePython, openPython, PYTHON_FIXTURE } from "./python-kit";
import { ID, live, memberLines } from "./safety-kit";

jest.setTimeout(300_000);

const SPACE = "spaces/AAAAdemo01";
const TEAM = "spaces/AAAAapp001";
const MEMBERSHIP = "googlechat:index:ChatMembership";
const SPACE_MEMBERS = "googlechat:index:ChatSpaceMembers";

const memberships = (role: string) => ({
  user: { space: SPACE, member: `users/carol@example.com`, role },
  app: { space: SPACE, member: "users/app" },
});
const team = (members: { member: string; role?: string }[]) => ({
  team: { space: TEAM, mode: "authoritative", maxRemovals: 2, members },
});

describe("a Python program on the googlechat plugin's Python SDK", () => {
  let chat: ChatTestEnv;
  let project: EngineProject;
  let appId = "";

  beforeAll(async () => {
    chat = await startChat();
    project = await openPython(PYTHON_FIXTURE, chat);
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
  });

  it("adds a user and the calling app, and sets a whole space's members; the next preview is empty", async () => {
    await declarePython(
      project,
      team([
        { member: "alice@example.com", role: "owner" },
        { member: "bob@example.com", role: "manager" },
        { member: "carol@example.com" },
        { member: "users/app" },
      ]),
      memberships("member"),
    );
    const up = await project.up();
    expect(up.changes).toEqual({ create: 4 });
    expect(up.outputs.rosters).toEqual({
      team: {
        members: {
          "alice@example.com": "owner",
          "bob@example.com": "manager",
          "carol@example.com": "member",
          "users/app": "member",
        },
        added: [ID.bob, ID.carol],
        invited: [],
      },
    });
    const state = await project.exportState();
    const app = state.resources!.find((r) => r.type === MEMBERSHIP && r.urn.endsWith("::app"));
    expect(app?.outputs).toMatchObject({ memberType: "BOT", state: "JOINED" });
    appId = String(app!.outputs!.memberName);
    expect(await live(chat, SPACE)).toMatchObject({
      "carol@example.com": "ROLE_MEMBER",
      [appId]: "ROLE_MEMBER",
    });
    expect(await live(chat, TEAM)).toEqual({
      "alice@example.com": "ROLE_MANAGER",
      "bob@example.com": "ROLE_ASSISTANT_MANAGER",
      "carol@example.com": "ROLE_MEMBER",
      [appId]: "ROLE_MEMBER",
    });
    expect((await project.preview()).changes).toEqual({});
  });

  it("updates: a promotion and a removal, previewed in emails and UI roles", async () => {
    await declarePython(
      project,
      team([
        { member: "alice@example.com", role: "owner" },
        { member: "carol@example.com", role: "manager" },
        { member: "users/app" },
      ]),
      memberships("manager"),
    );
    const preview = await project.preview({ diff: true });
    expect([...new Set(memberLines(preview.stdout))].sort()).toEqual([
      '- bob@example.com: "manager"',
      '~ carol@example.com: "member" => "manager"',
    ]);
    expect(preview.changes).toEqual({ update: 2 });
    expect((await project.up()).changes).toEqual({ update: 2 });
    expect(await live(chat, SPACE)).toMatchObject({
      "carol@example.com": "ROLE_ASSISTANT_MANAGER",
    });
    expect(await live(chat, TEAM)).toEqual({
      "alice@example.com": "ROLE_MANAGER",
      "carol@example.com": "ROLE_ASSISTANT_MANAGER",
      [appId]: "ROLE_MEMBER",
    });
    expect((await project.preview()).changes).toEqual({});
  });

  it("destroy removes the two memberships it created and keeps the space's members", async () => {
    expect((await project.destroy()).changes).toEqual({ delete: 4 });
    expect(Object.keys(await live(chat, SPACE))).not.toContain(appId);
    expect(Object.keys(await live(chat, SPACE))).not.toContain("carol@example.com");
    expect(Object.keys(await live(chat, TEAM)).sort()).toEqual(
      ["alice@example.com", "carol@example.com", appId].sort(),
    );
  });
});

describe("pulumi import into a Python project", () => {
  let chat: ChatTestEnv;
  let project: EngineProject;
  beforeAll(async () => {
    chat = await startChat();
    project = await openPython(PYTHON_FIXTURE, chat);
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
  });

  it("generates Python for a whole space and one membership; that program previews no change", async () => {
    const outSpace = path.join(project.workDir, "gen_space.py");
    const outMember = path.join(project.workDir, "gen_member.py");
    await cli(project, chat, ["import", SPACE_MEMBERS, "team", TEAM, "--yes", "--out", outSpace]);
    await cli(project, chat, [
      "import",
      MEMBERSHIP,
      "bob",
      `${SPACE}/members/bob@example.com`,
      "--yes",
      "--out",
      outMember,
    ]);
    const space = fs.readFileSync(outSpace, "utf8");
    const member = fs.readFileSync(outMember, "utf8");
    // The generated code uses the SDK's classes and snake_case arguments, imported resources protected.
    expect(space).toContain("import pulumi_googlechat as googlechat");
    expect(space).toMatch(/googlechat\.ChatSpaceMembers\("team",/);
    expect(space).toContain('space="spaces/AAAAapp001"');
    expect(space).toMatch(/"member": "users\/alice@example\.com",\s*"role": "owner"/);
    expect(space).toMatch(/"member": "users\/app"/);
    expect(space).toContain("protect=True");
    expect(member).toMatch(/googlechat\.ChatMembership\("bob",/);
    expect(member).toContain('member="users/bob@example.com"');
    // The generated program replaces the fixture's, and the engine sees nothing to change.
    const body = (text: string) => text.replace(/^import .*\n/gm, "");
    fs.writeFileSync(
      path.join(project.workDir, "__main__.py"),
      `import pulumi\nimport pulumi_googlechat as googlechat\n${body(space)}\n${body(member)}`,
    );
    await chat.emulator.control.resetLog();
    const preview = await project.preview({ diff: true });
    expect(preview.changes).toEqual({});
    const writes = (await chat.emulator.control.requests()).filter((r) =>
      /members\.(create|patch|delete)/.test(r.rpc ?? ""),
    );
    expect(writes).toEqual([]);
  });
});
