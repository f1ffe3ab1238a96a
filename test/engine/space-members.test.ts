// ChatSpaceMembers through the real engine against the emulator: modes, drift, guards.
import * as path from "node:path";
import { openProject, type EngineProject } from "./harness";
import { startChat, type ChatTestEnv } from "./chat";

jest.setTimeout(300_000);

const SPACE = "spaces/AAAAdemo01";
const ID = {
  alice: "users/100000000000000000001",
  bob: "users/100000000000000000002",
  carol: "users/100000000000000000003",
  dave: "users/100000000000000000004",
  erin: "users/100000000000000000005",
};

describe("ChatSpaceMembers (authoritative) end to end", () => {
  let chat: ChatTestEnv;
  let project: EngineProject;
  const declare = (spaces: Record<string, unknown>) =>
    project.stack.setConfig("spaces", { value: JSON.stringify(spaces) });
  const live = async () =>
    Object.fromEntries(
      (await chat.emulator.control.listMembers(SPACE)).map((m) => [
        m.member?.name ?? m.groupMember?.name,
        m.role ?? "MEMBERSHIP_ROLE_UNSPECIFIED",
      ]),
    );
  const writes = async () => {
    const c = await chat.emulator.control.counters();
    return ["create", "patch", "delete"]
      .map((m) => c[`spaces.members.${m}`]?.total ?? 0)
      .reduce((a, b) => a + b, 0);
  };

  beforeAll(async () => {
    chat = await startChat();
    project = await openProject(path.join(__dirname, "fixtures/space-members"), {
      env: chat.env,
      config: chat.config,
    });
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
  });

  const team = {
    space: SPACE,
    mode: "authoritative",
    members: [
      { member: "alice@example.com", role: "owner" },
      { member: "users/carol@example.com", role: "manager" },
      { member: "dave@partner.example" },
      { member: "groups/eng" },
    ],
  };

  it("previews the removals of a first create, then applies exactly the declared list", async () => {
    await declare({ team });
    const preview = await project.preview();
    expect(preview.changes).toEqual({ create: 2 });
    expect(preview.stdout).toMatch(/first apply will remove users\/100000000000000000002/);

    const up = await project.up();
    expect(up.changes).toEqual({ create: 2 });
    expect(await live()).toEqual({
      [ID.alice]: "ROLE_MANAGER",
      [ID.carol]: "ROLE_ASSISTANT_MANAGER",
      [ID.dave]: "ROLE_MEMBER",
      "groups/eng": "MEMBERSHIP_ROLE_UNSPECIFIED",
    });
    const roster = (up.outputs.rosters as Record<string, { invited: string[] }>).team;
    expect(roster?.invited).toEqual(["users/dave@partner.example"]);

    await chat.emulator.control.resetLog();
    expect((await project.preview({ refresh: true })).changes).toEqual({});
    expect(await writes()).toBe(0);
  });

  it("shows drift made in the Chat UI after a refresh and heals it", async () => {
    await chat.emulator.control.addMember(SPACE, { member: "erin@example.com" });
    await chat.emulator.control.setRole(SPACE, ID.carol, "ROLE_MEMBER");
    await chat.emulator.control.removeMember(SPACE, "groups/eng");
    expect((await project.refresh()).changes).toEqual({ update: 1 });
    const preview = await project.preview({ diff: true });
    expect(preview.changes).toEqual({ update: 1 });
    expect(preview.stdout).toMatch(/users\/100000000000000000005/); // erin, to be removed
    expect(preview.stdout).toMatch(/ROLE_MEMBER.*=>.*ROLE_ASSISTANT_MANAGER/);
    expect(preview.stdout).toMatch(/groups\/eng/);

    await chat.emulator.control.resetLog();
    expect((await project.up()).changes).toEqual({ update: 1 });
    expect(await writes()).toBe(3);
    expect(await live()).toEqual({
      [ID.alice]: "ROLE_MANAGER",
      [ID.carol]: "ROLE_ASSISTANT_MANAGER",
      [ID.dave]: "ROLE_MEMBER",
      "groups/eng": "MEMBERSHIP_ROLE_UNSPECIFIED",
    });
  });
});
