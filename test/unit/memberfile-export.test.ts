import fc from "fast-check";
import {
  isEmptyPlan,
  planSpace,
  type LiveMembership,
  type MembershipState,
  type Role,
} from "../../provider/core";
import {
  exportDocument,
  parseMemberFile,
  toResourceArgs,
  type ExportedMembership,
} from "../../provider/memberfile";

const SPACE = "spaces/AAAAdemo01";
const APP = "users/200000000000000000001";
const OTHER_APP = "users/200000000000000000002";
const AT = new Date("2025-06-01T12:00:00Z");
const OPTS = { exportedAt: AT, source: "the emulator", appMemberName: APP };

function user(id: string, role: Role, state: MembershipState = "JOINED"): ExportedMembership {
  return {
    name: `${SPACE}/members/${id}`,
    memberName: `users/${id}`,
    memberType: "HUMAN",
    role,
    state,
  };
}
const group = (id: string): LiveMembership => ({
  name: `${SPACE}/members/${id}`,
  memberName: `groups/${id}`,
  memberType: "GROUP",
  role: "MEMBERSHIP_ROLE_UNSPECIFIED",
  state: "JOINED",
});
const bot = (memberName: string): LiveMembership => ({
  name: `${SPACE}/members/${memberName.slice("users/".length)}`,
  memberName,
  memberType: "BOT",
  role: "ROLE_MEMBER",
  state: "JOINED",
});

const LIVE: ExportedMembership[] = [
  user("2", "ROLE_MEMBER"),
  { ...user("1", "ROLE_MANAGER"), displayName: "Alice Admin" },
  user("4", "ROLE_MEMBER", "INVITED"),
  user("3", "ROLE_ASSISTANT_MANAGER"),
  group("eng"),
  bot(APP),
  bot(OTHER_APP),
];

/** What the planner sees after the provider maps the calling app's membership to users/app. */
function asPlanned(live: readonly LiveMembership[]): LiveMembership[] {
  return live.map((l) => (l.memberName === APP ? { ...l, memberName: "users/app" } : l));
}

describe("exportDocument", () => {
  const doc = exportDocument(SPACE, LIVE, OPTS);

  it("writes users by id with UI role names, owners first, then groups and the app", () => {
    const body = doc.text.slice(doc.text.indexOf("space:"));
    expect(body).toBe(
      [
        "space: spaces/AAAAdemo01",
        "mode: authoritative",
        "members:",
        '  - { user: "1", role: owner } # Alice Admin',
        '  - { user: "3", role: manager }',
        '  - { user: "2", role: member }',
        '  - { user: "4", role: member } # invited, has not joined yet',
        "  - { group: eng }",
        "  - { app: true }",
        "ignore:",
        `  - ${OTHER_APP}`,
        "",
      ].join("\n"),
    );
  });

  it("heads the file with where and when it was exported, and that emails may replace ids", () => {
    const head = doc.text.slice(0, doc.text.indexOf("space:"));
    expect(head).toContain(`exported by chat-members from the emulator at ${AT.toISOString()}`);
    expect(head).toMatch(/replace users\/\{id\} with the person's email/);
    expect(head.split("\n").filter((l) => l !== "" && !l.startsWith("#"))).toEqual([]);
  });

  it("loads back to exactly the live list, so applying it plans nothing", () => {
    const args = parseMemberFile(doc.text, "x.yaml");
    expect(args.members).toEqual(doc.content.members);
    expect(args.ignore).toEqual([{ kind: "user", ref: OTHER_APP.slice("users/".length) }]);
    const plan = planSpace(args.members, asPlanned(LIVE), { mode: args.mode, ignore: args.ignore });
    expect(plan.operations).toEqual([]);
  });

  it("puts every app on the ignore list when the calling app is not a member (or unknown)", () => {
    const d = exportDocument(SPACE, LIVE, { exportedAt: AT, source: "x" });
    expect(d.summary.app).toBe(false);
    expect(d.summary.otherApps).toEqual([APP, OTHER_APP]);
    expect(d.text).not.toContain("app: true");
  });

  it("honours mode and admin access; admin access never declares the app", () => {
    const d = exportDocument(SPACE, LIVE, { ...OPTS, mode: "additive", useAdminAccess: true });
    const args = parseMemberFile(d.text, "x.yaml");
    expect(args.mode).toBe("additive");
    expect(args.useAdminAccess).toBe(true);
    expect(args.members.some((m) => m.member.kind === "app")).toBe(false);
  });

  it("leaves NOT_A_MEMBER entries out, and writes an empty space as members: []", () => {
    const d = exportDocument("AAAA", [user("9", "ROLE_MEMBER", "NOT_A_MEMBER")], OPTS);
    expect(d.text).toContain("members: []");
    expect(parseMemberFile(d.text, "x.yaml")).toMatchObject({ space: "spaces/AAAA", members: [] });
  });

  it("keeps a hostile display name on its comment line", () => {
    const d = exportDocument(
      SPACE,
      [{ ...user("5", "ROLE_MEMBER"), displayName: "x\nmode: additive" }],
      OPTS,
    );
    expect(parseMemberFile(d.text, "x.yaml").mode).toBe("authoritative");
  });

  it("rejects a bad space name before writing anything", () => {
    expect(() => exportDocument("spaces/../x", LIVE, OPTS)).toThrow(/space/);
  });

  it("toResourceArgs gives the ChatSpaceMembers inputs: roles for users only", () => {
    const args = toResourceArgs(parseMemberFile(doc.text, "x.yaml"));
    expect(args.members).toEqual([
      { member: "users/1", role: "ROLE_MANAGER" },
      { member: "users/3", role: "ROLE_ASSISTANT_MANAGER" },
      { member: "users/2", role: "ROLE_MEMBER" },
      { member: "users/4", role: "ROLE_MEMBER" },
      { member: "groups/eng" },
      { member: "users/app" },
    ]);
    expect(args.ignore).toEqual([OTHER_APP]);
    expect(args).toMatchObject({ space: SPACE, mode: "authoritative", maxRemovals: 5 });
  });

  it("round-trips any live list: export → load → plan is empty (property)", () => {
    const role = fc.constantFrom<Role>("ROLE_MEMBER", "ROLE_ASSISTANT_MANAGER", "ROLE_MANAGER");
    const state = fc.constantFrom<MembershipState>("JOINED", "INVITED", "NOT_A_MEMBER");
    const userArb = fc
      .tuple(fc.bigInt({ min: 1n, max: 10n ** 21n }), role, state, fc.option(fc.string()))
      .map(([id, r, s, name]) => ({
        ...user(String(id), r, s),
        ...(name ? { displayName: name } : {}),
      }));
    const groupArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/).map(group);
    const live = fc.tuple(
      fc.uniqueArray(userArb, { selector: (u) => u.memberName, maxLength: 30 }),
      fc.uniqueArray(groupArb, { selector: (g) => g.memberName, maxLength: 5 }),
      fc.boolean(),
      fc.boolean(),
      fc.constantFrom<"authoritative" | "additive">("authoritative", "additive"),
    );
    fc.assert(
      fc.property(live, ([users, groups, withApp, withOther, mode]) => {
        const all = [
          ...users,
          ...groups,
          ...(withApp ? [bot(APP)] : []),
          ...(withOther ? [bot(OTHER_APP)] : []),
        ];
        const d = exportDocument(SPACE, all, { ...OPTS, mode });
        const args = parseMemberFile(d.text, "x.yaml");
        const plan = planSpace(args.members, asPlanned(all), { mode, ignore: args.ignore });
        expect(isEmptyPlan(plan)).toBe(true);
        const present = all.filter((l) => l.state !== "NOT_A_MEMBER" && l.memberName !== OTHER_APP);
        expect(args.members).toHaveLength(present.length);
      }),
      { numRuns: 200 },
    );
  });
});
