// examples/python through the real engine, the Python language host and the generated Python SDK,
// against the emulator: the example as shipped, only its virtualenv (the cached one, holding what
// requirements.txt names) and its plugin path made absolute (the harness runs a copy elsewhere).
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { openProject, type EngineProject } from "../../scripts/lib/engine-harness";
import { pythonVenv } from "../../scripts/lib/python-host";
import { startChat, type ChatTestEnv } from "./chat";
import { pythonCopy } from "./python-kit";
import { ID } from "./safety-kit";

jest.setTimeout(300_000);

const EXAMPLE = path.join(__dirname, "../../examples/python");

describe("examples/python", () => {
  let chat: ChatTestEnv;
  let project: EngineProject;

  beforeAll(async () => {
    chat = await startChat();
    const copy = pythonCopy(EXAMPLE);
    project = await openProject(copy, { env: chat.env, config: chat.config });
    fs.rmSync(copy, { recursive: true, force: true });
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
  });

  const live = async (space: string) =>
    Object.fromEntries(
      (await chat.emulator.control.listMembers(space)).map((m) => [m.member?.name, m.role]),
    );

  it("requirements.txt is what the virtualenv holds: pip resolves it offline, installing nothing", () => {
    const out = execFileSync(
      path.join(pythonVenv(), "bin/python"),
      ["-m", "pip", "install", "--no-index", "--dry-run", "--disable-pip-version-check"].concat([
        "-r",
        "requirements.txt",
      ]),
      { cwd: EXAMPLE, encoding: "utf8" },
    );
    expect(out).toContain("Requirement already satisfied: pulumi_googlechat==0.1.0");
    expect(out).not.toMatch(/Would install/);
  });

  it("adds a user and the calling app, sets a whole space's members, and previews empty after", async () => {
    const up = await project.up();
    expect(up.changes).toEqual({ create: 4 });
    expect(up.outputs).toMatchObject({
      userState: "JOINED",
      userMembership: "spaces/AAAAdemo01/members/100000000000000000003",
      appMembership: expect.stringMatching(/^spaces\/AAAAdemo01\/members\/\d+$/),
      teamMembers: {
        "alice@example.com": "owner",
        "bob@example.com": "manager",
        "carol@example.com": "member",
        "users/app": "member",
      },
    });
    const appId = `users/${String(up.outputs.appMembership).split("/").pop()}`;
    expect(await live("spaces/AAAAdemo01")).toMatchObject({
      [ID.carol]: "ROLE_MEMBER",
      [appId]: "ROLE_MEMBER",
    });
    expect(await live("spaces/AAAAapp001")).toMatchObject({
      [ID.alice]: "ROLE_MANAGER",
      [ID.bob]: "ROLE_ASSISTANT_MANAGER",
      [ID.carol]: "ROLE_MEMBER",
    });
    expect((await project.preview()).changes).toEqual({});
  });

  it("destroy removes the two memberships it created and keeps the space's members", async () => {
    expect((await project.destroy()).changes).toEqual({ delete: 4 });
    expect(Object.keys(await live("spaces/AAAAdemo01")).sort()).toEqual([ID.alice, ID.bob].sort());
    expect(Object.keys(await live("spaces/AAAAapp001"))).toContain(ID.carol);
  });
});
