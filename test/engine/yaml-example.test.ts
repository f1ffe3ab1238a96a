// examples/yaml through the real engine and the googlechat plugin, against the emulator: the
// example as shipped, only its plugin path made absolute (the harness runs a copy elsewhere).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { openProject, type EngineProject } from "../../scripts/lib/engine-harness";
import { yamlHostDir } from "../../scripts/lib/yaml-host";
import { startChat, type ChatTestEnv } from "./chat";
import { PLUGIN_DIR } from "./plugin-kit";
import { ID } from "./safety-kit";

jest.setTimeout(300_000);

const EXAMPLE = path.join(__dirname, "../../examples/yaml");

describe("examples/yaml", () => {
  let chat: ChatTestEnv;
  let project: EngineProject;

  beforeAll(async () => {
    yamlHostDir();
    chat = await startChat();
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "chat-yaml-example-"));
    const program = fs.readFileSync(path.join(EXAMPLE, "Pulumi.yaml"), "utf8");
    expect(program).toContain("path: ../../plugin");
    fs.writeFileSync(
      path.join(copy, "Pulumi.yaml"),
      program.replace("path: ../../plugin", `path: ${PLUGIN_DIR}`),
    );
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
