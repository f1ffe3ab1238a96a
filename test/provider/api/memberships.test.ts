// The membership calls against the emulator: request shape, mapping, pagination, errors.
import { isApiError, type ChatApi } from "../../../provider/api/index";
import { startEmulator } from "../../../emulator/index";
import {
  BIG_SPACE,
  BIG_SPACE_SIZE,
  SPACE,
  seedWithBigSpace,
  userApi,
  type Emulator,
} from "./harness";

let emu: Emulator;
let api: ChatApi;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: seedWithBigSpace() });
  api = await userApi(emu);
});
afterAll(async () => {
  await emu?.stop();
});

describe("memberships", () => {
  it("create → get → patch → list → delete, mapped to LiveMembership", async () => {
    const created = await api.createMembership(SPACE, { kind: "user", ref: "erin@example.com" });
    expect(created).toEqual({
      name: `${SPACE}/members/100000000000000000005`,
      memberName: "users/100000000000000000005",
      memberType: "HUMAN",
      role: "ROLE_MEMBER",
      state: "JOINED",
      createTime: expect.any(String),
      // Revision 20261107: the member's email and name under user authentication.
      email: "erin@example.com",
      displayName: "Erin",
      affiliation: "INTERNAL",
    });
    expect(await api.getMembership(`${SPACE}/members/erin@example.com`)).toEqual(created);

    const patched = await api.patchRole(created.name, "ROLE_ASSISTANT_MANAGER");
    expect(patched.role).toBe("ROLE_ASSISTANT_MANAGER");
    const patchReq = (await emu.control.requests())
      .filter((r: { rpc?: string }) => r.rpc === "spaces.members.patch")
      .pop();
    expect(patchReq?.query).toMatchObject({ updateMask: "role" });

    const listed = await api.listMemberships(SPACE);
    expect(listed.find((m) => m.name === created.name)?.role).toBe("ROLE_ASSISTANT_MANAGER");

    const deleted = await api.deleteMembership(created.name);
    expect(deleted.memberName).toBe("users/100000000000000000005");
    const gone = await api.getMembership(created.name).catch((e: unknown) => e);
    expect(isApiError(gone, "NOT_FOUND")).toBe(true);
  });

  it("creates an external user as INVITED, a group, and the app (chat.memberships.app)", async () => {
    const dave = await api.createMembership(SPACE, { kind: "user", ref: "dave@partner.example" });
    expect(dave.state).toBe("INVITED");
    const group = await api.createMembership(SPACE, { kind: "group", id: "eng" });
    expect(group).toMatchObject({ memberType: "GROUP", memberName: "groups/eng" });
    const app = await api.createMembership(SPACE, { kind: "app" });
    expect(app).toMatchObject({ memberType: "BOT" });
    for (const m of [dave, group, app]) await api.deleteMembership(m.name);
  });

  it("a second create of the same member is ApiError ALREADY_EXISTS carrying 409", async () => {
    const err = await api
      .createMembership(SPACE, { kind: "user", ref: "bob@example.com" })
      .catch((e: unknown) => e);
    expect(isApiError(err, "ALREADY_EXISTS")).toBe(true);
    expect(err).toMatchObject({ httpStatus: 409, rpc: "spaces.members.create", attempts: 1 });
    expect((err as Error).message).toMatch(
      /^spaces\.members\.create spaces\/AAAAdemo01 users\/bob@example\.com: ALREADY_EXISTS — \S/,
    );
    expect((err as Error).stack).not.toContain("\n");
  });

  it("deleting a membership that is gone is NOT_FOUND with 404 (the caller decides it is success)", async () => {
    const err = await api.deleteMembership(`${SPACE}/members/carol@example.com`).catch((e) => e);
    expect(err).toMatchObject({ code: "NOT_FOUND", httpStatus: 404, rpc: "spaces.members.delete" });
  });

  it("lists every page of a space with more than 1,000 members, invited and groups included", async () => {
    await emu.control.resetLog?.();
    const pages: number[] = [];
    const all = await api.listMemberships(BIG_SPACE, { onPage: (n) => pages.push(n) });
    // alice + BIG_SPACE_SIZE users (one of them invited) + the group
    expect(all).toHaveLength(BIG_SPACE_SIZE + 2);
    expect(new Set(all.map((m) => m.name)).size).toBe(all.length);
    expect(all.filter((m) => m.state === "INVITED")).toHaveLength(1);
    expect(all.filter((m) => m.memberType === "GROUP")).toHaveLength(1);
    expect(pages).toEqual([1_000, BIG_SPACE_SIZE + 2]);
    const lists = (await emu.control.requests()).filter(
      (r: { rpc?: string; query: Record<string, string> }) =>
        r.rpc === "spaces.members.list" && r.query.pageSize === "1000",
    );
    expect(lists.length).toBeGreaterThanOrEqual(2);
    expect(lists[0]!.query).toMatchObject({ showInvited: "true", showGroups: "true" });
  });

  it("passes filter and useAdminAccess through", async () => {
    const admins = await api.listMemberships(SPACE, {
      useAdminAccess: true,
      filter: 'member.type = "HUMAN" AND role = "ROLE_MANAGER"',
    });
    expect(admins.map((m) => m.memberName)).toEqual(["users/100000000000000000001"]);
  });

  it("reads the space type", async () => {
    expect(await api.getSpace("AAAAgroup01")).toMatchObject({
      name: "spaces/AAAAgroup01",
      spaceType: "GROUP_CHAT",
    });
  });

  it("refuses a name that could reshape the request before sending it", async () => {
    const before = (await emu.control.requests()).length;
    const err = await api.getMembership(`${SPACE}/members/../x`).catch((e) => e);
    expect(err).toMatchObject({ code: "INVALID_ARGUMENT" });
    expect((await emu.control.requests()).length).toBe(before);
  });
});
