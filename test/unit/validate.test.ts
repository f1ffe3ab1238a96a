import {
  DEFAULT_MAX_REMOVALS,
  validateMembershipArgs,
  validateSpaceMembersArgs,
  type ValidationFailure,
} from "../../provider/core";

function failures(result: { ok: boolean; failures?: readonly ValidationFailure[] }) {
  expect(result.ok).toBe(false);
  return result.failures!;
}

describe("validateMembershipArgs", () => {
  it("normalises a user with a UI role", () => {
    const r = validateMembershipArgs({ space: "AAA", member: "Alice@Example.com", role: "owner" });
    expect(r).toEqual({
      ok: true,
      value: {
        space: "spaces/AAA",
        member: { kind: "user", ref: "alice@example.com" },
        role: "ROLE_MANAGER",
        useAdminAccess: false,
        adopt: true,
        onDestroy: "remove-if-created",
      },
    });
  });

  it("leaves a user's role unset when none is given (the resource decides), the app a member, groups without", () => {
    const user = validateMembershipArgs({ space: "AAA", member: "users/1" });
    const app = validateMembershipArgs({ space: "AAA", member: "users/app", role: "member" });
    const group = validateMembershipArgs({
      space: "AAA",
      member: "groups/g",
      useAdminAccess: true,
    });
    expect(user.ok && user.value).toEqual(expect.not.objectContaining({ role: expect.anything() }));
    expect(app.ok && "role" in app.value && app.value.role).toBe("ROLE_MEMBER");
    expect(group.ok && group.value).toEqual(
      expect.not.objectContaining({ role: expect.anything() }),
    );
    expect(group.ok).toBe(true);
  });

  it("treats null as not given (Pulumi passes either) and skips engine keys", () => {
    const r = validateMembershipArgs({ space: "AAA", member: "1", role: null, __provider: "x" });
    expect(r.ok).toBe(true);
  });

  it.each([
    [{ space: "AAA", member: "groups/g", role: "member" }, "role", "ROLE_NOT_ALLOWED"],
    [
      { space: "AAA", member: "users/app", useAdminAccess: true },
      "useAdminAccess",
      "ADMIN_ACCESS_NOT_ALLOWED",
    ],
    [{ space: "AAA", member: "app", role: "owner" }, "role", "ROLE_NOT_ALLOWED"],
    [{ space: "AAA", member: "users/1", role: "boss" }, "role", "INVALID_ROLE"],
    [{ space: "AAA", member: "users/1?x" }, "member", "INVALID_MEMBER"],
    [{ space: "A/B", member: "users/1" }, "space", "INVALID_SPACE"],
    [{ member: "users/1" }, "space", "MISSING_PROPERTY"],
    [{ space: "AAA" }, "member", "MISSING_PROPERTY"],
    [{ space: "AAA", member: "1", colour: "red" }, "colour", "UNKNOWN_PROPERTY"],
    [{ space: "AAA", member: "1", adopt: "yes" }, "adopt", "INVALID_VALUE"],
  ])("%j fails on %s with %s", (input, property, code) => {
    const f = failures(validateMembershipArgs(input));
    expect(f).toContainEqual(expect.objectContaining({ property, code }));
    for (const x of f) expect(x.reason).toMatch(/\(got .*\); fix: /);
  });

  it("reports every failure at once", () => {
    const f = failures(
      validateMembershipArgs({ space: "", member: "x y", role: "boss", extra: 1 }),
    );
    expect(f.map((x) => x.property).sort()).toEqual(["extra", "member", "role", "space"]);
  });

  it("rejects non-objects", () => {
    expect(failures(validateMembershipArgs("users/1"))).toHaveLength(1);
  });
});

describe("validateSpaceMembersArgs", () => {
  const base = { space: "spaces/AAA", mode: "authoritative" };

  it("normalises and applies defaults", () => {
    const r = validateSpaceMembersArgs({
      ...base,
      members: [{ member: "a@x.com", role: "manager" }, { member: "groups/g" }, { member: "app" }],
      ignore: ["users/9", "users/9"],
    });
    expect(r).toEqual({
      ok: true,
      value: {
        space: "spaces/AAA",
        mode: "authoritative",
        members: [
          { member: { kind: "user", ref: "a@x.com" }, role: "ROLE_ASSISTANT_MANAGER" },
          { member: { kind: "group", id: "g" } },
          { member: { kind: "app" }, role: "ROLE_MEMBER" },
        ],
        ignore: [{ kind: "user", ref: "9" }],
        maxRemovals: DEFAULT_MAX_REMOVALS,
        useAdminAccess: false,
        removeOnDestroy: false,
        allowExternal: true,
        domains: [],
        staleInvites: "report",
        staleInviteDays: 14,
      },
    });
  });

  it("accepts an empty member list", () => {
    expect(validateSpaceMembersArgs({ ...base, members: [] }).ok).toBe(true);
  });

  it.each([
    [{ members: [{ member: "groups/g", role: "member" }] }, "members[0].role", "ROLE_NOT_ALLOWED"],
    [
      { members: [{ member: "users/app" }], useAdminAccess: true },
      "members[0].member",
      "ADMIN_ACCESS_NOT_ALLOWED",
    ],
    [
      { members: [{ member: "users/app", role: "manager" }] },
      "members[0].role",
      "ROLE_NOT_ALLOWED",
    ],
    [
      { members: [{ member: "a@x.com" }, { member: "A@X.COM" }] },
      "members[1].member",
      "DUPLICATE_MEMBER",
    ],
    [
      { members: [{ member: "users/5" }, { member: "5" }] },
      "members[1].member",
      "DUPLICATE_MEMBER",
    ],
    [
      { members: [{ member: "groups/g" }, { member: "groups/g" }] },
      "members[1].member",
      "DUPLICATE_MEMBER",
    ],
    [
      { members: [{ member: "app" }, { member: "users/app" }] },
      "members[1].member",
      "DUPLICATE_MEMBER",
    ],
    [{ members: [{ member: "1", colour: "x" }] }, "members[0].colour", "UNKNOWN_PROPERTY"],
    [{ members: ["users/1"] }, "members[0]", "INVALID_VALUE"],
    [{ members: "users/1" }, "members", "INVALID_VALUE"],
    [{ members: [], maxRemovals: -1 }, "maxRemovals", "INVALID_VALUE"],
    [{ members: [], maxRemovals: 1.5 }, "maxRemovals", "INVALID_VALUE"],
    [{ members: [], maxRemovals: "5" }, "maxRemovals", "INVALID_VALUE"],
    [{ members: [], mode: "sync" }, "mode", "INVALID_VALUE"],
    [{ members: [], mode: undefined }, "mode", "MISSING_PROPERTY"],
    [{ members: [], ignore: ["x y"] }, "ignore[0]", "INVALID_MEMBER"],
    [{ members: [{ member: "1" }], ignore: ["users/1"] }, "ignore[0]", "IGNORED_AND_DECLARED"],
    [{ members: [], whatever: true }, "whatever", "UNKNOWN_PROPERTY"],
  ])("%j fails on %s with %s", (input, property, code) => {
    const f = failures(validateSpaceMembersArgs({ ...base, ...input }));
    expect(f).toContainEqual(expect.objectContaining({ property, code }));
  });

  it("allows maxRemovals 0 and the app in ignore with admin access", () => {
    const r = validateSpaceMembersArgs({
      ...base,
      members: [],
      maxRemovals: 0,
      ignore: ["users/app"],
      useAdminAccess: true,
    });
    expect(r.ok && r.value.maxRemovals).toBe(0);
  });

  it("reports a duplicate even when the first entry has another fault", () => {
    const f = failures(
      validateSpaceMembersArgs({ ...base, members: [{ member: "1", role: "x" }, { member: "1" }] }),
    );
    expect(f.map((x) => x.code).sort()).toEqual(["DUPLICATE_MEMBER", "INVALID_ROLE"]);
  });
});

describe("validateSpaceMembersArgs: allowExternal", () => {
  const base = { space: "AAA", mode: "authoritative", allowExternal: false };
  const reasons = (input: unknown) => {
    const v = validateSpaceMembersArgs(input);
    return v.ok ? [] : v.failures.map((f) => [f.property, f.code]);
  };

  it("refuses, before any call, a declared address outside the domains or a numeric id", () => {
    expect(
      reasons({
        ...base,
        domains: ["Example.com"],
        members: [
          { member: "a@example.com" },
          { member: "b@partner.example" },
          { member: "users/123" },
          { member: "groups/eng" },
        ],
      }),
    ).toEqual([
      ["members[1].member", "EXTERNAL_NOT_ALLOWED"],
      ["members[2].member", "EXTERNAL_NOT_ALLOWED"],
    ]);
  });

  it("needs domains, each a domain", () => {
    expect(reasons({ ...base, members: [] })).toEqual([["domains", "MISSING_PROPERTY"]]);
    expect(reasons({ ...base, members: [], domains: ["not a domain"] })).toEqual([
      ["domains[0]", "INVALID_VALUE"],
    ]);
  });

  it("defaults to allowing everyone", () => {
    const v = validateSpaceMembersArgs({ space: "AAA", mode: "additive", members: [] });
    expect(v.ok && [v.value.allowExternal, v.value.domains]).toEqual([true, []]);
  });
});
