// ChatSpaceMembers through the real engine against the emulator: first create, drift, the
// maxRemovals guard, last-owner and caller protections, additive mode, invitees and groups,
// conflicting resources, and destroy.
import * as path from "node:path";
import { defaultSeed } from "../../emulator";
import { openProject, type EngineProject } from "../../scripts/lib/engine-harness";
import { startChat, type ChatTestEnv } from "./chat";

jest.setTimeout(300_000);

const SPACE = "spaces/AAAAdemo01";
const GUARDED = "spaces/AAAAguard1";
const ID = {
  alice: "users/100000000000000000001",
  bob: "users/100000000000000000002",
  carol: "users/100000000000000000003",
  dave: "users/100000000000000000004",
  erin: "users/100000000000000000005",
};
const EXTRA = ["frank", "grace", "heidi", "ivan", "judy", "ken"].map((n) => `${n}@example.com`);

/** The demo org plus a space with six members nobody declares (the first-create guard). */
function seed() {
  const s = defaultSeed();
  return {
    ...s,
    users: [...(s.users ?? []), ...EXTRA.map((email) => ({ email }))],
    spaces: [
      ...(s.spaces ?? []),
      {
        name: GUARDED,
        createdBy: "alice@example.com",
        members: [
          { member: "alice@example.com", role: "ROLE_MANAGER" as const },
          ...EXTRA.map((member) => ({ member })),
        ],
      },
    ],
  };
}

describe("ChatSpaceMembers end to end", () => {
  let chat: ChatTestEnv;
  let project: EngineProject;
  const declare = async (
    spaces: Record<string, unknown>,
    memberships?: Record<string, unknown>,
  ) => {
    await project.stack.setConfig("spaces", { value: JSON.stringify(spaces) });
    if (memberships)
      await project.stack.setConfig("memberships", { value: JSON.stringify(memberships) });
    else await project.stack.removeConfig("memberships").catch(() => undefined);
  };
  const live = async (space = SPACE) =>
    Object.fromEntries(
      (await chat.emulator.control.listMembers(space)).map((m) => [
        m.member?.name ?? m.groupMember?.name,
        m.role ?? "MEMBERSHIP_ROLE_UNSPECIFIED",
      ]),
    );
  const count = async (...rpcs: string[]) => {
    const c = await chat.emulator.control.counters();
    return rpcs.map((m) => c[`spaces.members.${m}`]?.total ?? 0).reduce((a, b) => a + b, 0);
  };
  const writes = () => count("create", "patch", "delete");
  /** The error a failed engine run ends with (the CLI's stderr and stdout). */
  const failure = async (run: () => Promise<unknown>): Promise<string> => {
    try {
      await run();
    } catch (e) {
      return String((e as Error).message);
    }
    throw new Error("expected the run to fail");
  };

  beforeAll(async () => {
    chat = await startChat({ seed: seed() });
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
  const full = {
    [ID.alice]: "ROLE_MANAGER",
    [ID.carol]: "ROLE_ASSISTANT_MANAGER",
    [ID.dave]: "ROLE_MEMBER",
    "groups/eng": "MEMBERSHIP_ROLE_UNSPECIFIED",
  };

  it("previews the removals of a first create, then applies exactly the declared list", async () => {
    await declare({ team });
    const preview = await project.preview();
    expect(preview.changes).toEqual({ create: 2 });
    expect(preview.stdout).toMatch(/first apply will remove bob@example\.com \(member\)/);

    const up = await project.up();
    expect(up.changes).toEqual({ create: 2 });
    expect(await live()).toEqual(full);
    const roster = (up.outputs.rosters as Record<string, { invited: string[] }>).team;
    // dave is external and must accept: invited counts as present.
    expect(roster?.invited).toEqual(["dave@partner.example"]);

    await chat.emulator.control.resetLog();
    expect((await project.preview({ refresh: true })).changes).toEqual({});
    expect(await writes()).toBe(0);
    // One list pass that sees invitees and groups.
    const lists = (await chat.emulator.control.requests()).filter(
      (r) => r.rpc === "spaces.members.list",
    );
    expect(lists.length).toBeGreaterThan(0);
    for (const l of lists)
      expect(l.query).toMatchObject({ showInvited: "true", showGroups: "true" });
  });

  it("first create over a space with more undeclared members than maxRemovals fails the preview", async () => {
    await declare({
      team,
      guarded: {
        space: GUARDED,
        mode: "authoritative",
        members: [{ member: "alice@example.com", role: "owner" }],
      },
    });
    await chat.emulator.control.resetLog();
    const message = await failure(() => project.preview());
    expect(message).toMatch(/removes 6 members, more than the limit/);
    expect(message).toMatch(/more than the limit: ([a-z]+@example\.com, ){5}[a-z]+@example\.com /);
    expect(message).toMatch(/set maxRemovals: 6/);
    const message2 = await failure(() => project.up());
    expect(message2).toMatch(/set maxRemovals: 6/);
    expect(await writes()).toBe(0);
    expect(Object.keys(await live(GUARDED))).toHaveLength(7);
  });

  it("shows drift made in the Chat UI after a refresh and heals it", async () => {
    await declare({ team });
    await chat.emulator.control.addMember(SPACE, { member: "erin@example.com" });
    await chat.emulator.control.setRole(SPACE, ID.carol, "ROLE_MEMBER");
    await chat.emulator.control.removeMember(SPACE, "groups/eng");
    expect((await project.refresh()).changes).toEqual({ update: 1 });
    const preview = await project.preview({ diff: true });
    expect(preview.changes).toEqual({ update: 1 });
    // People by email, roles in the Chat UI's words: erin leaves, carol back to manager.
    expect(preview.stdout).toMatch(/- erin@example\.com +: "member"/);
    expect(preview.stdout).toMatch(/carol@example\.com +: "member" => "manager"/);
    expect(preview.stdout).toMatch(/\+ groups\/eng +: "group"/);
    expect(preview.stdout).not.toMatch(/users\/\d+|ROLE_/);

    await chat.emulator.control.resetLog();
    expect((await project.up()).changes).toEqual({ update: 1 });
    expect(await writes()).toBe(3);
    expect(await live()).toEqual(full);
  });

  it("maxRemovals: a plan removing more fails with the list and nothing is removed; raising it lets it through", async () => {
    const onlyAlice = {
      ...team,
      members: [{ member: "alice@example.com", role: "owner" }],
      maxRemovals: 2,
    };
    await declare({ team: onlyAlice });
    await chat.emulator.control.resetLog();
    const message = await failure(() => project.preview());
    expect(message).toMatch(/removes 3 members, more than the limit/);
    expect(message).toContain("carol@example.com, dave@partner.example, groups/eng");
    expect(message).toMatch(/set maxRemovals: 3/);
    expect(message).not.toMatch(/\n\s+at /); // no stack trace
    await failure(() => project.up());
    expect(await count("delete")).toBe(0);
    expect(await live()).toEqual(full);

    await declare({ team: { ...onlyAlice, maxRemovals: 3 } });
    await chat.emulator.control.resetLog();
    expect((await project.up()).changes).toEqual({ update: 1 });
    expect(await count("delete")).toBe(3);
    expect(await live()).toEqual({ [ID.alice]: "ROLE_MANAGER" });
  });

  it("never demotes the last owner, and says why", async () => {
    // No owner declared: alice would be demoted, but she is the only owner.
    await declare({
      team: {
        ...team,
        members: [{ member: "alice@example.com" }, { member: "carol@example.com" }],
      },
    });
    const preview = await project.preview();
    expect(preview.stdout).toMatch(/kept alice@example\.com \(no role\): the space's last owner/);
    await chat.emulator.control.resetLog();
    const up = await project.up();
    expect(up.stdout).toMatch(/kept alice@example\.com \(no role\): the space's last owner/);
    expect(await count("patch", "delete")).toBe(0);
    expect(await live()).toEqual({ [ID.alice]: "ROLE_MANAGER", [ID.carol]: "ROLE_MEMBER" });
  });

  it("never removes the caller's own membership unless declared", async () => {
    // alice (the caller, per tokeninfo) is not declared; carol becomes owner.
    await declare({ team: { ...team, members: [{ member: "carol@example.com", role: "owner" }] } });
    await chat.emulator.control.resetLog();
    await project.up();
    expect(await count("delete")).toBe(0);
    expect(await live()).toEqual({ [ID.alice]: "ROLE_MANAGER", [ID.carol]: "ROLE_MANAGER" });
    expect((await project.preview({ refresh: true })).changes).toEqual({});
  });

  it("additive mode ensures the declared members and never removes or demotes anyone else", async () => {
    await declare({
      team: { space: SPACE, mode: "additive", members: [{ member: "erin@example.com" }] },
    });
    await chat.emulator.control.resetLog();
    await project.up();
    expect(await count("create")).toBe(1);
    expect(await count("patch", "delete")).toBe(0);
    expect(await live()).toEqual({
      [ID.alice]: "ROLE_MANAGER",
      [ID.carol]: "ROLE_MANAGER",
      [ID.erin]: "ROLE_MEMBER",
    });
    // Someone added by hand is not this resource's business; erin removed by hand is drift.
    await chat.emulator.control.addMember(SPACE, { member: "bob@example.com" });
    await chat.emulator.control.removeMember(SPACE, ID.erin);
    expect((await project.refresh()).changes).toEqual({ update: 1 });
    const preview = await project.preview({ diff: true });
    expect(preview.stdout).toMatch(/\+ erin@example\.com +: "member"/);
    expect(preview.stdout).not.toMatch(/[-+~] bob@example\.com/);
    await chat.emulator.control.resetLog();
    await project.up();
    expect(await count("create")).toBe(1);
    expect(await count("patch", "delete")).toBe(0);
    expect(Object.keys(await live())).toEqual(expect.arrayContaining([ID.bob, ID.erin]));
  });

  it("an authoritative ChatSpaceMembers and another resource on the same space fail the preview naming both", async () => {
    const before = await writes();
    const withMembership = await failure(() =>
      declare({ team }, { erin: { space: SPACE, member: "erin@example.com" } }).then(() =>
        project.preview(),
      ),
    );
    expect(withMembership).toMatch(
      /ChatSpaceMembers "team" manages every member of spaces\/AAAAdemo01.*ChatMembership "erin"/,
    );
    expect(withMembership).not.toMatch(/\n\s+at /);
    const twoLists = await failure(() =>
      declare({ team, again: { ...team, mode: "additive" } }).then(() => project.preview()),
    );
    expect(twoLists).toMatch(/ChatSpaceMembers "team".*ChatSpaceMembers "again"/);
    expect(await writes()).toBe(before);
  });

  it("destroy keeps everyone by default; removeOnDestroy removes exactly what the resource added", async () => {
    await declare({ team });
    await project.up(); // authoritative again: bob and erin go, carol back to manager, dave and eng added
    expect(await live()).toEqual(full);
    await chat.emulator.control.resetLog();
    await project.destroy();
    expect(await writes()).toBe(0);
    expect(await live()).toEqual(full);

    // A fresh resource adopts everyone present and adds erin; destroy removes only erin.
    const withErin = {
      ...team,
      members: [...team.members, { member: "erin@example.com" }],
      removeOnDestroy: true,
    };
    await declare({ team: withErin });
    const up = await project.up();
    expect((up.outputs.rosters as Record<string, { added: string[] }>).team?.added).toEqual([
      ID.erin,
    ]);
    await chat.emulator.control.resetLog();
    await project.destroy();
    expect(await count("delete")).toBe(1);
    expect(await live()).toEqual(full);
  });
});
