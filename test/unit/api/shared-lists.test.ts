// The shared lists behind findMembership, over an in-memory stand-in for the API calls: which
// calls a lookup makes, what a list can conclude, and how writes are accounted for.
import { ApiError } from "../../../provider/api/errors";
import { place, withSharedLists } from "../../../provider/api/shared-lists";
import { SHARED_LIST_MS } from "../../../provider/api/defaults";
import type { ChatApiCalls } from "../../../provider/api/types";
import type { LiveMembership } from "../../../provider/core/types";

const S = "spaces/AAAA";
const human = (id: string, email?: string, role = "ROLE_MEMBER"): LiveMembership => ({
  name: `${S}/members/${id}`,
  memberName: `users/${id}`,
  memberType: "HUMAN",
  role: role as LiveMembership["role"],
  state: "JOINED",
  ...(email ? { email } : {}),
});
const group = (id: string): LiveMembership => ({
  name: `${S}/members/g-${id}`,
  memberName: `groups/${id}`,
  memberType: "GROUP",
  role: "MEMBERSHIP_ROLE_UNSPECIFIED",
  state: "JOINED",
});
const notFound = (rpc: "spaces.members.get" | "spaces.members.delete", target: string) =>
  new ApiError({ code: "NOT_FOUND", rpc, target, detail: "not found" });

/** A space in memory; every call is counted, and the list can be held back. */
function fakeApi(initial: LiveMembership[]) {
  const live = new Map(initial.map((m) => [m.name, m]));
  const calls: string[] = [];
  let hold: Promise<void> | undefined;
  let failNext: string | undefined;
  const fail = (rpc: string) => {
    if (failNext !== rpc) return;
    failNext = undefined;
    throw new ApiError({
      code: "UNAVAILABLE",
      rpc: rpc as "spaces.members.list",
      target: S,
      detail: "x",
    });
  };
  const find = (alias: string) =>
    live.get(alias) ?? [...live.values()].find((m) => place(new Map([[m.name, m]]), alias) === m);
  const api = {
    async getMembership(name: string) {
      calls.push("get");
      const m = find(name);
      if (!m) throw notFound("spaces.members.get", name);
      return m;
    },
    async listMemberships() {
      calls.push("list");
      const snapshot = [...live.values()];
      if (hold) await hold;
      fail("spaces.members.list");
      return snapshot;
    },
    async createMembership(_space: string, member: { ref: string }) {
      calls.push("create");
      fail("spaces.members.create");
      const m = human(member.ref.replace(/@.*/, ""), member.ref);
      live.set(m.name, m);
      return m;
    },
    async patchRole(name: string, role: string) {
      calls.push("patch");
      const m = { ...live.get(name)!, role: role as LiveMembership["role"] };
      live.set(name, m);
      return m;
    },
    async deleteMembership(name: string) {
      calls.push("delete");
      const m = live.get(name);
      if (!m) throw notFound("spaces.members.delete", name);
      live.delete(name);
      return m;
    },
  } as unknown as ChatApiCalls;
  return {
    api,
    calls,
    live,
    holdList(): () => void {
      let release!: () => void;
      hold = new Promise((r) => (release = r));
      return () => {
        hold = undefined;
        release();
      };
    },
    failNext: (rpc: string) => void (failNext = rpc),
  };
}

let now = 0;
const clock = { now: () => now };
beforeEach(() => (now = 1_000_000));

describe("place", () => {
  const members = new Map(
    [human("1", "ann@x.example"), human("2", "bo@x.example"), group("eng")].map((m) => [m.name, m]),
  );
  it.each([
    [`${S}/members/1`, "users/1"],
    [`${S}/members/2`, "users/2"],
    [`${S}/members/BO@x.example`, "users/2"],
    [`${S}/members/eng`, "groups/eng"],
  ])("%s is %s", (alias, memberName) => {
    expect(place(members, alias)).toMatchObject({ memberName });
  });
  it("someone not in a complete list is absent, by id, group or email", () => {
    expect(place(members, `${S}/members/3`)).toBe("absent");
    expect(place(members, `${S}/members/ops`)).toBe("absent");
    expect(place(members, `${S}/members/cy@x.example`)).toBe("absent");
  });
  it("an email is not concluded absent while someone is listed without one", () => {
    const partial = new Map([...members, [`${S}/members/4`, human("4")]]);
    expect(place(partial, `${S}/members/cy@x.example`)).toBe("unplaced");
    expect(place(partial, `${S}/members/ann@x.example`)).toMatchObject({ memberName: "users/1" });
  });
  it("the app's alias is never placed: other apps are listed too", () => {
    expect(place(members, `${S}/members/app`)).toBe("unplaced");
  });
});

describe("findMembership", () => {
  it("one lookup is one get; the lookups after it in the window share one list", async () => {
    const f = fakeApi([human("1", "a@x"), human("2", "b@x"), human("3", "c@x")]);
    const api = withSharedLists(f.api, clock);
    expect(await api.findMembership(`${S}/members/1`)).toMatchObject({ memberName: "users/1" });
    expect(f.calls).toEqual(["get"]);
    const found = await Promise.all(
      ["2", "3", "9", "a@x", "z@x"].map((m) => api.findMembership(`${S}/members/${m}`)),
    );
    expect(found.map((m) => m?.memberName)).toEqual([
      "users/2",
      "users/3",
      undefined,
      "users/1",
      undefined,
    ]);
    expect(f.calls).toEqual(["get", "list"]);
  });

  it("serves a list for SHARED_LIST_MS at most, then looks again", async () => {
    const f = fakeApi([human("1", "a@x"), human("2", "b@x")]);
    const api = withSharedLists(f.api, clock);
    await api.findMembership(`${S}/members/1`);
    await api.findMembership(`${S}/members/2`);
    f.live.delete(`${S}/members/2`); // out of band: the list does not see it
    now += SHARED_LIST_MS - 1;
    expect(await api.findMembership(`${S}/members/2`)).toBeDefined();
    now += 1;
    expect(await api.findMembership(`${S}/members/2`)).toBeUndefined();
    expect(f.calls).toEqual(["get", "list", "get"]);
  });

  it("accounts for this process's writes: creates, role patches and removals", async () => {
    const f = fakeApi([human("1", "a@x"), human("2", "b@x")]);
    const api = withSharedLists(f.api, clock);
    await api.findMembership(`${S}/members/1`);
    await api.findMembership(`${S}/members/2`);
    await api.createMembership(S, { kind: "user", ref: "n@x" });
    await api.patchRole(`${S}/members/1`, "ROLE_MANAGER");
    await api.deleteMembership(`${S}/members/2`);
    f.calls.length = 0;
    expect(await api.findMembership(`${S}/members/n@x`)).toMatchObject({ memberName: "users/n" });
    expect(await api.findMembership(`${S}/members/1`)).toMatchObject({ role: "ROLE_MANAGER" });
    expect(await api.findMembership(`${S}/members/2`)).toBeUndefined();
    expect(f.calls).toEqual([]);
  });

  it("replays a write that answers while the list is in flight", async () => {
    const f = fakeApi([human("1", "a@x"), human("2", "b@x")]);
    const api = withSharedLists(f.api, clock);
    await api.findMembership(`${S}/members/1`);
    const release = f.holdList();
    const pending = api.findMembership(`${S}/members/2`); // lists, and waits
    await api.deleteMembership(`${S}/members/2`); // the held list still holds 2
    await api.patchRole(`${S}/members/1`, "ROLE_MANAGER");
    release();
    expect(await pending).toBeUndefined();
    expect(await api.findMembership(`${S}/members/1`)).toMatchObject({ role: "ROLE_MANAGER" });
    expect(f.calls).toEqual(["get", "list", "delete", "patch"]);
  });

  it("a write whose outcome is unknown drops the list: the next lookups list again", async () => {
    const f = fakeApi([human("1", "a@x"), human("2", "b@x")]);
    const api = withSharedLists(f.api, clock);
    await api.findMembership(`${S}/members/1`);
    await api.findMembership(`${S}/members/2`);
    f.failNext("spaces.members.create");
    await expect(api.createMembership(S, { kind: "user", ref: "n@x" })).rejects.toThrow(
      "UNAVAILABLE",
    );
    f.calls.length = 0;
    await api.findMembership(`${S}/members/1`);
    await api.findMembership(`${S}/members/2`);
    expect(f.calls).toEqual(["list"]);
  });

  it("a removal of someone already gone is accounted for", async () => {
    const f = fakeApi([human("1", "a@x"), human("2", "b@x")]);
    const api = withSharedLists(f.api, clock);
    await api.findMembership(`${S}/members/1`);
    await api.findMembership(`${S}/members/2`);
    f.live.delete(`${S}/members/2`);
    await expect(api.deleteMembership(`${S}/members/2`)).rejects.toThrow("NOT_FOUND");
    f.calls.length = 0;
    expect(await api.findMembership(`${S}/members/2`)).toBeUndefined();
    expect(f.calls).toEqual([]);
  });

  it("a list that fails leaves each lookup to its own get, errors in get's words", async () => {
    const f = fakeApi([human("1", "a@x"), human("2", "b@x")]);
    const api = withSharedLists(f.api, clock);
    await api.findMembership(`${S}/members/1`);
    f.failNext("spaces.members.list");
    expect(await api.findMembership(`${S}/members/2`)).toMatchObject({ memberName: "users/2" });
    expect(f.calls).toEqual(["get", "list", "get"]);
  });

  it("admin-access lookups stay single gets (Chat lists under admin access only filtered)", async () => {
    const f = fakeApi([human("1", "a@x"), human("2", "b@x")]);
    const api = withSharedLists(f.api, clock);
    for (const m of ["1", "2", "1"])
      await api.findMembership(`${S}/members/${m}`, { useAdminAccess: true });
    expect(f.calls).toEqual(["get", "get", "get"]);
  });

  it("a deleted space's list is dropped", async () => {
    const f = fakeApi([human("1", "a@x"), human("2", "b@x")]);
    (f.api as { deleteSpace: unknown }).deleteSpace = async () => {
      f.live.clear();
    };
    const api = withSharedLists(f.api, clock);
    await api.findMembership(`${S}/members/1`);
    await api.findMembership(`${S}/members/2`);
    await api.deleteSpace("AAAA");
    f.calls.length = 0;
    await api.findMembership(`${S}/members/1`);
    expect(f.calls).toEqual(["list"]);
  });
});
