// spaces.members.list: page sizes, opaque page tokens bound to the other parameters, the filter
// grammar, and enum-encoding=int.
import fc from "fast-check";
import { chat_v1 } from "@googleapis/chat";
import { Seed } from "../../emulator";
import { IDS, TestEmulator, apiError, startTestEmulator } from "./helpers";

const BIG = "spaces/BIG";
const USERS = 1105;

// A space with 1,105 humans (every 10th a manager, every 7th invited), two apps and a group.
function bigSeed(): Seed {
  const users = Array.from({ length: USERS }, (_, i) => ({
    email: `u${i}@example.com`,
    id: String(500000 + i),
  }));
  return {
    domain: "example.com",
    users,
    groups: [{ id: "eng" }],
    projects: [
      { id: "demo-project", appId: IDS.demoApp },
      { id: "other-project", appId: IDS.otherApp },
    ],
    spaces: [
      {
        name: BIG,
        displayName: "Big",
        members: [
          ...users.map((u, i) => ({
            member: u.email,
            role: i % 10 === 0 ? ("ROLE_MANAGER" as const) : ("ROLE_MEMBER" as const),
            state: i % 7 === 3 ? ("INVITED" as const) : ("JOINED" as const),
          })),
          { member: "app:demo-project" },
          { member: "app:other-project" },
          { member: "groups/eng" },
        ],
      },
    ],
  };
}

let t: TestEmulator;
let u0: chat_v1.Chat;
beforeAll(async () => {
  t = await startTestEmulator({ seed: bigSeed() });
  u0 = await t.user("u0@example.com");
});
afterEach(() => t.expectValidResponses());
afterAll(() => t.stop());

async function listAll(
  params: chat_v1.Params$Resource$Spaces$Members$List,
): Promise<chat_v1.Schema$Membership[]> {
  const out: chat_v1.Schema$Membership[] = [];
  let pageToken: string | undefined;
  for (let i = 0; i < 2000; i++) {
    const { data } = await u0.spaces.members.list({
      parent: BIG,
      ...params,
      ...(pageToken ? { pageToken } : {}),
    });
    out.push(...(data.memberships ?? []));
    pageToken = data.nextPageToken ?? undefined;
    if (!pageToken) return out;
  }
  throw new Error("pagination did not end");
}

describe("page size", () => {
  it("defaults to 100, clamps to 1000, rejects negatives", async () => {
    expect((await u0.spaces.members.list({ parent: BIG })).data.memberships).toHaveLength(100);
    const big = await u0.spaces.members.list({ parent: BIG, pageSize: 5000, showInvited: true });
    expect(big.data.memberships).toHaveLength(1000);
    expect(big.data.nextPageToken).toBeTruthy();
    await apiError(u0.spaces.members.list({ parent: BIG, pageSize: -1 }), 400, "INVALID_ARGUMENT");
  });
});

describe("page tokens", () => {
  it("walks every joined human and app exactly once, whatever the page size", async () => {
    const joinedHumans = Array.from({ length: USERS }, (_, i) => i).filter(
      (i) => i % 7 !== 3,
    ).length;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 150, max: 1000 }), async (pageSize) => {
        const all = await listAll({ pageSize });
        const names = all.map((m) => m.name);
        expect(new Set(names).size).toBe(names.length);
        expect(all.filter((m) => m.member?.type === "HUMAN")).toHaveLength(joinedHumans);
        expect(all.filter((m) => m.member?.type === "BOT")).toHaveLength(2);
      }),
      { numRuns: 5 },
    );
  });

  it("is only valid with the same other parameters", async () => {
    const first = await u0.spaces.members.list({ parent: BIG, pageSize: 10 });
    const pageToken = first.data.nextPageToken!;
    const second = await u0.spaces.members.list({ parent: BIG, pageSize: 20, pageToken });
    expect(second.data.memberships?.[0]?.name).not.toBe(first.data.memberships?.[0]?.name);
    await apiError(
      u0.spaces.members.list({ parent: BIG, pageToken, showInvited: true }),
      400,
      "INVALID_ARGUMENT",
    );
    await apiError(
      u0.spaces.members.list({ parent: BIG, pageToken, filter: 'role = "ROLE_MANAGER"' }),
      400,
      "INVALID_ARGUMENT",
    );
    await apiError(
      u0.spaces.members.list({ parent: BIG, pageToken: "garbage" }),
      400,
      "INVALID_ARGUMENT",
    );
  });
});

describe("showInvited and showGroups", () => {
  it("adds invited and group memberships only when asked", async () => {
    const all = await listAll({ pageSize: 1000, showInvited: true, showGroups: true });
    expect(all).toHaveLength(USERS + 3);
    expect(all.filter((m) => m.state === "INVITED")).toHaveLength(
      Array.from({ length: USERS }, (_, i) => i).filter((i) => i % 7 === 3).length,
    );
    expect(all.filter((m) => m.groupMember)).toEqual([
      expect.objectContaining({ groupMember: { name: "groups/eng" } }),
    ]);
  });
});

describe("filter", () => {
  const count = async (filter: string) =>
    (await listAll({ pageSize: 1000, filter, showInvited: true })).length;
  const managers = Math.ceil(USERS / 10);

  it("filters by role and member.type with =, != (type only), AND, OR", async () => {
    expect(await count('role = "ROLE_MANAGER"')).toBe(managers);
    expect(await count('member.type = "BOT"')).toBe(2);
    expect(await count('member.type != "BOT"')).toBe(USERS);
    expect(await count('member.type = "HUMAN" AND role = "ROLE_MANAGER"')).toBe(managers);
    expect(await count('role = "ROLE_MANAGER" OR role = "ROLE_MEMBER"')).toBe(USERS + 2);
    expect(
      await count('member.type = "BOT" AND (role = "ROLE_MANAGER" OR role = "ROLE_MEMBER")'),
    ).toBe(2);
  });

  it.each([
    'member.type = "HUMAN" AND member.type = "BOT"',
    'role = "ROLE_MANAGER" AND role = "ROLE_MEMBER"',
    'member.type = "HUMAN" AND member.type != "HUMAN"',
    'role != "ROLE_MANAGER"',
    'member.type = "ROBOT"',
    'state = "JOINED"',
    'role = "ROLE_MANAGER" AND',
  ])("rejects %s", async (filter) => {
    await apiError(u0.spaces.members.list({ parent: BIG, filter }), 400, "INVALID_ARGUMENT");
  });
});

describe("enum-encoding=int", () => {
  it("encodes enums as numbers when asked (the gRPC-fallback client does)", async () => {
    const { access_token } = await t.control.mintAccessToken({ user: "u0@example.com" });
    const res = await fetch(
      `${t.emu.url}/v1/${BIG}/members/500000?$alt=json%3Benum-encoding%3Dint`,
      {
        headers: { authorization: `Bearer ${access_token}` },
      },
    );
    expect(await res.json()).toMatchObject({ state: 1, role: 2, member: { type: 1 } });
  });
});
