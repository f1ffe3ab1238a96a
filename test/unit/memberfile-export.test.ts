import fc from "fast-check";
import { toViewMember } from "../../provider/reconcile/resolve";
import {
  type Affiliation,
  type SpaceView,
  isEmptyPlan,
  planSpace,
  type LiveMembership,
  type MembershipState,
  type Role,
} from "../../provider/core";
import {
  describeExport,
  exportDocument,
  NO_EMAIL_NOTE,
  parseMemberFile,
  readMemberFile,
  exportedSettings,
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

/** The space as the planner sees it: the calling app's membership becomes users/app. */
function viewOf(live: readonly LiveMembership[]): SpaceView {
  return {
    space: SPACE,
    members: live.filter((l) => l.state !== "NOT_A_MEMBER").map((l) => toViewMember(l, APP)),
    caller: "users/100000000000000000001",
    unresolvedEmails: [],
  };
}

/** The same space under API revision 20261107 with user authentication: emails and affiliation. */
const WITH_EMAIL: ExportedMembership[] = [
  { ...user("2", "ROLE_MEMBER"), email: "bob@example.com", affiliation: "INTERNAL" },
  {
    ...user("1", "ROLE_MANAGER"),
    email: "alice@example.com",
    displayName: "Alice Admin",
    affiliation: "INTERNAL",
  },
  {
    ...user("4", "ROLE_MEMBER", "INVITED"),
    email: "dave@partner.example",
    affiliation: "EXTERNAL",
  },
  {
    ...user("6", "ROLE_MEMBER"),
    email: "gina@guests.example.com",
    affiliation: "MANAGED_EXTERNAL",
  },
  { ...user("3", "ROLE_ASSISTANT_MANAGER"), email: "carol@example.com", affiliation: "INTERNAL" },
  // Not visible to the caller: no email.
  { ...user("5", "ROLE_MEMBER"), affiliation: "INTERNAL" },
  group("eng"),
  bot(APP),
];

describe("exportDocument", () => {
  const doc = exportDocument(SPACE, LIVE, OPTS);

  it("without emails from the API: users by id, each saying why, UI roles, owners first, then groups and the app", () => {
    const body = doc.text.slice(doc.text.indexOf("space:"));
    const why = ` # ${NO_EMAIL_NOTE}`;
    expect(body).toBe(
      [
        "space: spaces/AAAAdemo01",
        "mode: authoritative",
        "members:",
        `  - { user: "1", role: owner } # Alice Admin — ${NO_EMAIL_NOTE}`,
        `  - { user: "3", role: manager }${why}`,
        `  - { user: "2", role: member }${why}`,
        `  - { user: "4", role: member } # invited, has not joined yet — ${NO_EMAIL_NOTE}`,
        "  - { group: eng }",
        "  - { app: true }",
        "ignore:",
        `  - ${OTHER_APP}`,
        "",
      ].join("\n"),
    );
    expect(doc.summary).toMatchObject({ users: 4, withoutEmail: 4, external: 0, guests: 0 });
  });

  it("heads the file with where and when it was exported, and that emails may replace ids", () => {
    const head = doc.text.slice(0, doc.text.indexOf("space:"));
    expect(head).toContain(`exported by chat-members from the emulator at ${AT.toISOString()}`);
    expect(head).toMatch(
      /4 user\(s\) came without an email .*replace an id with the person's email/,
    );
    expect(head.split("\n").filter((l) => l !== "" && !l.startsWith("#"))).toEqual([]);
  });

  describe("with emails from the API (revision 20261107, user authentication)", () => {
    const d = exportDocument(SPACE, WITH_EMAIL, OPTS);
    const lines = d.text.split("\n");

    it("writes user: email for everyone with one, a numeric id with the reason only for the rest", () => {
      expect(lines.filter((l) => l.startsWith("  - "))).toEqual([
        "  - { user: alice@example.com, role: owner } # Alice Admin",
        "  - { user: carol@example.com, role: manager }",
        "  - { user: bob@example.com, role: member }",
        "  - { user: dave@partner.example, role: member } # external — invited, has not joined yet",
        "  - { user: gina@guests.example.com, role: member } # guest",
        `  - { user: "5", role: member } # ${NO_EMAIL_NOTE}`,
        "  - { group: eng }",
        "  - { app: true }",
      ]);
      expect(d.text).not.toMatch(/users\/[0-9]/);
    });

    it("explains external and guest in the header, and counts them", () => {
      const head = d.text.slice(0, d.text.indexOf("space:"));
      expect(head).toMatch(/external: another organisation's or a consumer account \(EXTERNAL\)/);
      expect(head).toMatch(/guest: .*\(MANAGED_EXTERNAL\)/);
      expect(head).toMatch(/^# 1 user\(s\) came without an email/m);
      expect(d.summary).toMatchObject({
        users: 6,
        invited: 1,
        withoutEmail: 1,
        external: 1,
        guests: 1,
      });
      expect(describeExport(SPACE, d.summary)).toBe(
        `${SPACE}: 6 users (1 invited, 1 external, 1 guest, 1 without email, written as users/{id}), 1 group, the app`,
      );
    });

    it("says nothing about ids when every user has an email", () => {
      const all = exportDocument(
        SPACE,
        WITH_EMAIL.filter((l) => l.memberName !== "users/5"),
        OPTS,
      );
      expect(all.text).not.toMatch(/without an email|numeric id/);
      expect(all.summary.withoutEmail).toBe(0);
    });

    it("loads back to a plan with no change (emails resolve to the listed ids)", () => {
      const args = parseMemberFile(d.text, "x.yaml");
      expect(isEmptyPlan(planSpace(viewOf(WITH_EMAIL), args))).toBe(true);
    });

    it("falls back to the id, saying why, for an email the member-file grammar refuses or a second member with the same email", () => {
      const odd = exportDocument(
        SPACE,
        [
          { ...user("7", "ROLE_MEMBER"), email: "not an email" },
          { ...user("8", "ROLE_MEMBER"), email: "same@example.com" },
          { ...user("9", "ROLE_MEMBER"), email: "same@example.com" },
        ],
        OPTS,
      );
      expect(odd.text).toContain(
        '{ user: "7", role: member } # numeric id: the API\'s email not an email is not a valid address',
      );
      expect(odd.text).toContain("{ user: same@example.com, role: member }");
      expect(odd.text).toContain(
        '{ user: "9", role: member } # numeric id: the API gave same@example.com for another member too',
      );
      expect(() => parseMemberFile(odd.text, "x.yaml")).not.toThrow();
    });
  });

  it("loads back to exactly the live list, so applying it plans nothing", () => {
    const args = parseMemberFile(doc.text, "x.yaml");
    expect(args.members).toEqual(doc.content.members);
    expect(args.ignore).toEqual([{ kind: "user", ref: OTHER_APP.slice("users/".length) }]);
    expect(isEmptyPlan(planSpace(viewOf(LIVE), args))).toBe(true);
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
      .tuple(
        fc.bigInt({ min: 1n, max: 10n ** 21n }),
        role,
        state,
        fc.option(fc.string()),
        fc.boolean(),
        fc.constantFrom<Affiliation | undefined>(
          undefined,
          "INTERNAL",
          "EXTERNAL",
          "MANAGED_EXTERNAL",
        ),
      )
      .map(([id, r, s, name, withEmail, affiliation]) => ({
        ...user(String(id), r, s),
        ...(name ? { displayName: name } : {}),
        ...(withEmail ? { email: `u${id}@example.com` } : {}),
        ...(affiliation ? { affiliation } : {}),
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
        expect(isEmptyPlan(planSpace(viewOf(all), args))).toBe(true);
        for (const u of users.filter((x) => x.email && x.state !== "NOT_A_MEMBER"))
          expect(d.text).toContain(`user: ${u.email},`);
        const present = all.filter((l) => l.state !== "NOT_A_MEMBER" && l.memberName !== OTHER_APP);
        expect(args.members).toHaveLength(present.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe("export with the space's settings", () => {
  const settings = {
    displayName: "Platform: team #1",
    description: "Where the platform team talks\nsecond line",
    guidelines: "Be kind",
  };
  const d = exportDocument(SPACE, WITH_EMAIL, { ...OPTS, settings });

  it("writes them as the space block, its name first, and says what they are", () => {
    const block = d.text.slice(d.text.indexOf("\nspace:"), d.text.indexOf("\nmode:"));
    expect(block.split("\n").slice(1, 3)).toEqual(["space:", `  name: ${SPACE}`]);
    expect(d.text).toMatch(/^# space: the space's settings as they are/m);
  });

  it("reads back to the same settings and the same members (a no-op to apply)", () => {
    const parsed = readMemberFile(d.text, "x.yaml");
    expect(parsed.space).toEqual({ name: SPACE, settings });
    expect(parsed.args.space).toBe(SPACE);
    expect(isEmptyPlan(planSpace(viewOf(WITH_EMAIL), parseMemberFile(d.text, "x.yaml")))).toBe(
      true,
    );
  });
});

describe("exportedSettings", () => {
  it("declares every live setting, leaves out empty texts and permissions the UI cannot express", () => {
    expect(
      exportedSettings({
        name: SPACE,
        displayName: "Ops",
        description: "",
        guidelines: "Be kind",
        externalUserAllowed: false,
        history: "off",
        audience: "audiences/default",
        preset: "announcement",
        permissions: {
          manageApps: "owners",
          manageWebhooks: "custom: members",
          postMessages: "owners-and-managers",
        },
      }),
    ).toEqual({
      displayName: "Ops",
      guidelines: "Be kind",
      externalUserAllowed: false,
      history: "off",
      audience: "audiences/default",
      preset: "announcement",
      permissions: { manageApps: "owners" },
    });
  });
});
