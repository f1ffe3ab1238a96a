// ChatMembership through the real engine against the emulator: the whole life of a stack, one
// step per test (each builds on the previous), with a refresh-token credential.
import { openProject, type EngineProject } from "../../scripts/lib/engine-harness";
import { startChat, type ChatTestEnv } from "./chat";
import {
  ALICE_ID,
  apiCalls,
  BOB_ID,
  CAROL_ID,
  DAVE_ID,
  ERIN_ID,
  failureText,
  FIXTURE,
  liveRoles,
  setMembers,
  SPACE,
  type Members,
} from "./membership-kit";

jest.setTimeout(300_000);

describe("ChatMembership end to end", () => {
  let chat: ChatTestEnv;
  let project: EngineProject;
  let appId: string;
  const accessTokens: string[] = [];
  const members: Members = {
    carol: { space: SPACE, member: "users/carol@example.com", role: "manager" },
    dave: { space: SPACE, member: "dave@partner.example" },
    eng: { space: SPACE, member: "groups/eng" },
    app: { space: SPACE, member: "users/app" },
  };
  const counts = async () => {
    const c = await chat.emulator.control.counters();
    return (rpc: string) => c[rpc]?.total ?? 0;
  };
  /** Access tokens the emulator issued (its responses are recorded), to look for them in state. */
  const collectTokens = async () => {
    for (const r of await chat.emulator.control.requests()) {
      const token = (r.response as { access_token?: unknown } | undefined)?.access_token;
      if (r.rpc === "oauth.token" && typeof token === "string") accessTokens.push(token);
    }
  };

  /** Clears the emulator's log, keeping the access tokens it showed. */
  const resetLog = async () => {
    await collectTokens();
    await chat.emulator.control.resetLog();
  };

  beforeAll(async () => {
    chat = await startChat();
    await chat.emulator.control.recordResponses(true);
    project = await openProject(FIXTURE, { env: chat.env, config: chat.config });
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
  });

  it("creates users (incl. an external, INVITED), a group and the app; a second preview is clean", async () => {
    await setMembers(project, members);
    const up = await project.up();
    expect(up.changes).toEqual({ create: 5 });
    const out = up.outputs.memberships as Record<string, Record<string, unknown>>;
    expect(out.carol).toMatchObject({
      memberName: CAROL_ID,
      state: "JOINED",
      role: "manager",
      adopted: false,
    });
    expect(out.dave).toMatchObject({ memberName: DAVE_ID, state: "INVITED", role: "member" });
    expect(out.eng).toMatchObject({
      memberName: "groups/eng",
      role: "group",
    });
    // The API answers with the app's own user id, never the users/app alias.
    expect(out.app).toMatchObject({ memberName: expect.stringMatching(/^users\/\d+$/) });
    appId = String(out.app!.memberName);
    const live = await liveRoles(chat);
    expect(live).toMatchObject({
      [CAROL_ID]: "ROLE_ASSISTANT_MANAGER",
      [DAVE_ID]: "ROLE_MEMBER",
      "groups/eng": "UNSPECIFIED",
      [appId]: "ROLE_MEMBER",
    });
    await collectTokens();
    expect(accessTokens.length).toBeGreaterThan(0);

    await resetLog();
    expect((await project.preview()).changes).toEqual({});
    expect(await apiCalls(chat)).toEqual([]);
  });

  it("a role change is an in-place update: one patch, nothing else written", async () => {
    members.carol = { ...members.carol, role: "owner" };
    await setMembers(project, members);
    expect((await project.preview()).changes).toEqual({ update: 1 });
    await resetLog();
    expect((await project.up()).changes).toEqual({ update: 1 });
    const n = await counts();
    expect(n("spaces.members.patch")).toBe(1);
    expect(n("spaces.members.create") + n("spaces.members.delete")).toBe(0);
    expect((await liveRoles(chat))[CAROL_ID]).toBe("ROLE_MANAGER");
  });

  it("a member change is a replace: the new member is added, the old one removed", async () => {
    members.dave = { space: SPACE, member: "erin@example.com" };
    await setMembers(project, members);
    expect((await project.preview()).changes).toEqual({ replace: 1 });
    await resetLog();
    expect((await project.up()).changes).toEqual({ replace: 1 });
    const live = await liveRoles(chat);
    expect(live[ERIN_ID]).toBe("ROLE_MEMBER");
    expect(live[DAVE_ID]).toBeUndefined();
    const n = await counts();
    expect([n("spaces.members.create"), n("spaces.members.delete")]).toEqual([1, 1]);
  });

  it("out-of-band removal and role change are found by refresh and healed by up", async () => {
    await chat.emulator.control.removeMember(SPACE, "carol@example.com");
    await chat.emulator.control.setRole(SPACE, "erin@example.com", "ROLE_ASSISTANT_MANAGER");
    const refresh = await project.refresh();
    // carol is dropped from state; erin's state now holds the drifted role.
    expect(refresh.changes).toEqual({ delete: 1, update: 1 });
    const state = await project.exportState();
    const urns = (state.resources ?? []).map((r) => r.urn.split("::").pop());
    expect(urns).not.toContain("carol");
    expect((await project.preview()).changes).toEqual({ create: 1, update: 1 });
    expect((await project.up()).changes).toEqual({ create: 1, update: 1 });
    const live = await liveRoles(chat);
    expect(live[CAROL_ID]).toBe("ROLE_MANAGER");
    expect(live[ERIN_ID]).toBe("ROLE_MEMBER");
    expect((await project.refresh()).changes).toEqual({});
    expect((await project.preview()).changes).toEqual({});
  });

  it("adopts an existing member with a warning, or fails with adopt: false saying how to resolve it", async () => {
    // bob is in the space from the start (seed); dave joins out of band. Two runs, because the
    // engine stops starting creates once one fails, so a second create's fate would be a race.
    await chat.emulator.control.addMember(SPACE, { member: "dave@partner.example" });
    members.bob = { space: SPACE, member: "bob@example.com", role: "member" };
    await setMembers(project, members);
    expect((await project.up()).changes).toEqual({ create: 1 });
    expect(project.log.join("")).toMatch(
      /warning: users\/bob@example.com was already a member of spaces\/AAAAdemo01 \(JOINED\): adopted, not created; destroy will keep it/,
    );
    members.dave2 = { space: SPACE, member: "dave@partner.example", adopt: false };
    await setMembers(project, members);
    const text = await failureText(project.up());
    expect(text).toMatch(
      /member: is already a member of spaces\/AAAAdemo01 \(JOINED\) and adopt is false; nothing was changed .*fix: set adopt: true to manage the existing membership, or remove the member in Chat first/,
    );
    // The fix, as the message says; this adopted member is to be removed on destroy.
    members.dave2 = { space: SPACE, member: "dave@partner.example", onDestroy: "remove" };
    await setMembers(project, members);
    const up = await project.up();
    expect(up.changes).toEqual({ create: 1 });
    const out = up.outputs.memberships as Record<string, Record<string, unknown>>;
    expect(out.bob).toMatchObject({ memberName: BOB_ID, adopted: true });
    expect(out.dave2).toMatchObject({ memberName: DAVE_ID, adopted: true, state: "JOINED" });
    expect(project.log.join("")).toMatch(/destroy will remove it \(onDestroy: "remove"\)/);
  });

  it("changing onDestroy is an update without an API call", async () => {
    members.eng = { ...members.eng, onDestroy: "keep" };
    await setMembers(project, members);
    await resetLog();
    expect((await project.up()).changes).toEqual({ update: 1 });
    expect(await apiCalls(chat)).toEqual([]);
  });

  it("destroy removes exactly what the stack created, and adopted members it was told to", async () => {
    await resetLog();
    const before = await liveRoles(chat);
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining([ALICE_ID, BOB_ID, CAROL_ID, DAVE_ID, ERIN_ID, appId, "groups/eng"]),
    );
    expect((await project.destroy()).changes).toEqual({ delete: 7 });
    const after = await liveRoles(chat);
    // Removed: created by the stack (carol, erin, the app) and dave (adopted, onDestroy: remove).
    // Kept: alice (never declared), bob (adopted), the group (onDestroy: keep).
    expect(Object.keys(after).sort()).toEqual([ALICE_ID, BOB_ID, "groups/eng"].sort());
    const deletes = (await apiCalls(chat)).filter((r) => r.rpc === "spaces.members.delete");
    expect(deletes).toHaveLength(4);
    expect(project.log.join("")).toMatch(/kept bob@example\.com .*adopted/);
  });

  it("keeps credentials and tokens out of the state", async () => {
    await collectTokens();
    const text = JSON.stringify(await project.exportState()) + project.backendFilesText();
    expect(text.length).toBeGreaterThan(1000);
    for (const secret of [...chat.secrets, ...accessTokens]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/access_token|refresh_token|client_secret/);
  });
});
