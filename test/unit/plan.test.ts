import fc from "fast-check";
import {
  canonicalMemberName,
  checkRemovalLimit,
  describePlan,
  isEmptyPlan,
  parseMember,
  planSpace,
  roleRank,
  type DesiredMember,
  type LiveMembership,
  type Member,
  type PlanOptions,
  type Role,
  type SpacePlan,
} from "../../provider/core";

const SPACE = "spaces/AAA";

function live(
  memberName: string,
  role: LiveMembership["role"] = "ROLE_MEMBER",
  state: LiveMembership["state"] = "JOINED",
  createTime?: string,
): LiveMembership {
  const id = memberName.split("/")[1]!;
  const memberType = memberName.startsWith("groups/")
    ? "GROUP"
    : memberName === "users/app"
      ? "BOT"
      : "HUMAN";
  return { name: `${SPACE}/members/${id}`, memberName, memberType, role, state, createTime };
}

function want(ref: string, role?: Role): DesiredMember {
  const member = parseMember(ref);
  if (member.kind === "group") return { member };
  if (member.kind === "app") return { member, role: "ROLE_MEMBER" };
  return { member, role: role ?? "ROLE_MEMBER" };
}

/** Applies a plan's operations to a live list, the way the API would. */
function applyPlan(
  current: readonly LiveMembership[],
  plan: SpacePlan,
  resolved: ReadonlyMap<string, string>,
) {
  const byName = new Map(
    current.filter((l) => l.state !== "NOT_A_MEMBER").map((l) => [l.memberName, l]),
  );
  const ownerCounts: number[] = [];
  const owners = () =>
    [...byName.values()].filter((l) => l.role === "ROLE_MANAGER" && l.state === "JOINED").length;
  for (const op of plan.operations) {
    if (op.kind === "add") {
      const name = canonicalMemberName(op.member, resolved);
      byName.set(name, live(name, op.role ?? "MEMBERSHIP_ROLE_UNSPECIFIED"));
    } else if (op.kind === "role") {
      byName.set(op.memberName, { ...byName.get(op.memberName)!, role: op.to });
    } else {
      expect(byName.delete(op.memberName)).toBe(true);
    }
    ownerCounts.push(owners());
  }
  return { members: [...byName.values()], ownerCounts };
}

const summary = (ls: readonly LiveMembership[]) =>
  new Map(ls.map((l) => [l.memberName, l.memberName.startsWith("groups/") ? "-" : l.role]));

describe("planSpace", () => {
  const resolved = new Map([
    ["alice@example.com", "users/1"],
    ["bob@example.com", "users/8"],
  ]);

  it("adds, re-roles and removes in authoritative mode", () => {
    const plan = planSpace(
      [
        want("alice@example.com", "ROLE_MANAGER"),
        want("bob@example.com"),
        want("groups/g"),
        want("users/3"),
      ],
      [
        live("users/1"),
        live("users/2", "ROLE_MANAGER"),
        live("users/3"),
        live("groups/g", "MEMBERSHIP_ROLE_UNSPECIFIED"),
      ],
      { mode: "authoritative", resolved },
    );
    expect(plan.adds).toEqual([
      {
        kind: "add",
        member: { kind: "user", ref: "bob@example.com" },
        memberName: "users/bob@example.com",
        role: "ROLE_MEMBER",
      },
    ]);
    expect(plan.roleChanges).toEqual([
      {
        kind: "role",
        memberName: "users/1",
        membershipName: `${SPACE}/members/1`,
        from: "ROLE_MEMBER",
        to: "ROLE_MANAGER",
      },
    ]);
    expect(plan.removes.map((r) => r.memberName)).toEqual(["users/2"]);
    expect([...plan.unchanged].sort()).toEqual(["groups/g", "users/3"]);
    expect(plan.operations.map((o) => o.kind)).toEqual(["add", "role", "remove"]);
    expect(describePlan(plan)).toEqual([
      "+ add users/bob@example.com as ROLE_MEMBER (member)",
      "~ role users/1 ROLE_MEMBER → ROLE_MANAGER (member → owner)",
      "- remove users/2",
    ]);
  });

  it("counts invited members as present", () => {
    const plan = planSpace([want("users/5")], [live("users/5", "ROLE_MEMBER", "INVITED")], {
      mode: "authoritative",
    });
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it("ignores NOT_A_MEMBER entries", () => {
    const plan = planSpace([want("users/5")], [live("users/5", "ROLE_MEMBER", "NOT_A_MEMBER")], {
      mode: "additive",
    });
    expect(plan.adds).toHaveLength(1);
  });

  it("matches the app by users/app and groups by id", () => {
    const plan = planSpace(
      [want("app"), want("groups/x")],
      [live("users/app"), live("groups/x", "MEMBERSHIP_ROLE_UNSPECIFIED")],
      { mode: "authoritative" },
    );
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it("additive mode never removes or demotes the undeclared", () => {
    const plan = planSpace([want("users/1")], [live("users/2", "ROLE_MANAGER"), live("users/3")], {
      mode: "additive",
    });
    expect(plan.removes).toEqual([]);
    expect(plan.roleChanges).toEqual([]);
    expect(plan.adds).toHaveLength(1);
  });

  it("never removes the caller unless declared, nor ignored members", () => {
    const plan = planSpace([], [live("users/1"), live("users/2"), live("users/3")], {
      mode: "authoritative",
      caller: "users/1",
      ignore: [parseMember("alice@example.com")],
      resolved: new Map([["alice@example.com", "users/2"]]),
    });
    expect(plan.removes.map((r) => r.memberName)).toEqual(["users/3"]);
    expect(plan.skipped.map((s) => [s.memberName, s.code])).toEqual([
      ["users/1", "CALLER"],
      ["users/2", "IGNORED"],
    ]);
  });

  it("keeps the last owner (skip and warn) and prefers keeping a declared owner", () => {
    const plan = planSpace(
      [want("users/1", "ROLE_MEMBER")],
      [live("users/1", "ROLE_MANAGER"), live("users/2", "ROLE_MANAGER")],
      { mode: "authoritative" },
    );
    expect(plan.removes.map((r) => r.memberName)).toEqual(["users/2"]);
    expect(plan.roleChanges).toEqual([]);
    expect(plan.skipped).toEqual([
      expect.objectContaining({ memberName: "users/1", action: "role", code: "LAST_OWNER" }),
    ]);
    expect(plan.warnings.join()).toMatch(/users\/1 is kept as owner/);
    expect(describePlan(plan)).toContain(
      "! keep users/1 (no role): would demote the last owner (ROLE_MANAGER → ROLE_MEMBER)",
    );
  });

  it("keeps the oldest owner when all owners would be removed", () => {
    const plan = planSpace(
      [want("users/9")],
      [
        live("users/2", "ROLE_MANAGER", "JOINED", "2024-02-01T00:00:00Z"),
        live("users/3", "ROLE_MANAGER", "JOINED", "2023-01-01T00:00:00Z"),
      ],
      { mode: "authoritative" },
    );
    expect(plan.removes.map((r) => r.memberName)).toEqual(["users/2"]);
    expect(plan.skipped[0]).toMatchObject({
      memberName: "users/3",
      action: "remove",
      code: "LAST_OWNER",
    });
  });

  it("lets an owner go once a joined member is promoted, promoting first", () => {
    const plan = planSpace(
      [want("users/1", "ROLE_MANAGER")],
      [live("users/1"), live("users/2", "ROLE_MANAGER")],
      { mode: "authoritative" },
    );
    expect(plan.skipped).toEqual([]);
    expect(plan.operations.map((o) => `${o.kind} ${o.memberName}`)).toEqual([
      "role users/1",
      "remove users/2",
    ]);
  });

  it("does not count an added owner (it may only be invited) and warns", () => {
    const plan = planSpace(
      [want("new@example.com", "ROLE_MANAGER")],
      [live("users/2", "ROLE_MANAGER")],
      { mode: "authoritative" },
    );
    expect(plan.removes).toEqual([]);
    expect(plan.skipped[0]).toMatchObject({ memberName: "users/2", code: "LAST_OWNER" });
    expect(plan.warnings.join()).toMatch(/kept as owner/);
  });

  it("warns that unresolved emails are taken as not members when removing", () => {
    const plan = planSpace([want("zed@example.com")], [live("users/7")], { mode: "authoritative" });
    expect(plan.warnings.join()).toMatch(/zed@example.com/);
  });

  it("refuses two declarations of one member after resolution", () => {
    expect(() =>
      planSpace([want("alice@example.com"), want("users/1", "ROLE_MANAGER")], [], {
        mode: "additive",
        resolved,
      }),
    ).toThrow(expect.objectContaining({ code: "DUPLICATE_MEMBER" }));
  });

  it("orders promotions before demotions before removals, owners removed last", () => {
    const plan = planSpace(
      [
        want("users/1", "ROLE_MEMBER"),
        want("users/2", "ROLE_MANAGER"),
        want("users/3", "ROLE_ASSISTANT_MANAGER"),
      ],
      [
        live("users/1", "ROLE_MANAGER"),
        live("users/2"),
        live("users/3", "ROLE_MANAGER"),
        live("users/4", "ROLE_MANAGER"),
        live("users/5"),
      ],
      { mode: "authoritative" },
    );
    expect(plan.operations.map((o) => `${o.kind} ${o.memberName}`)).toEqual([
      "role users/2",
      "role users/1",
      "role users/3",
      "remove users/5",
      "remove users/4",
    ]);
  });
});

describe("checkRemovalLimit", () => {
  const plan = planSpace(
    [],
    ["users/1", "users/2", "users/3"].map((n) => live(n)),
    { mode: "authoritative" },
  );
  it("passes at the limit", () => {
    expect(checkRemovalLimit(plan, 3)).toBeUndefined();
  });
  it("fails above it, listing every removal and how to raise the limit", () => {
    const e = checkRemovalLimit(plan, 2)!;
    expect(e.code).toBe("TOO_MANY_REMOVALS");
    expect(e.removals).toEqual(["users/1", "users/2", "users/3"]);
    expect(e.message).toContain("users/1, users/2, users/3");
    expect(e.message).toContain("maxRemovals: 3");
    expect(e.message).not.toContain("\n");
  });
});

// ---- properties ----

const ROLES: Role[] = ["ROLE_MEMBER", "ROLE_ASSISTANT_MANAGER", "ROLE_MANAGER"];
const USER_IDS = Array.from({ length: 12 }, (_, i) => String(i + 1));
const GROUPS = ["g1", "g2", "g3"];
const email = (id: string) => `u${id}@example.com`;
const RESOLVED = new Map(USER_IDS.map((id) => [email(id), `users/${id}`]));

const liveArb = fc
  .record({
    users: fc.uniqueArray(
      fc.record({
        id: fc.constantFrom(...USER_IDS),
        role: fc.constantFrom(...ROLES),
        state: fc.constantFrom("JOINED", "JOINED", "INVITED") as fc.Arbitrary<"JOINED" | "INVITED">,
        t: fc.integer({ min: 0, max: 99 }),
      }),
      { selector: (u) => u.id, maxLength: 10 },
    ),
    groups: fc.subarray(GROUPS),
    app: fc.boolean(),
  })
  .map(({ users, groups, app }) => [
    ...users.map((u) =>
      live(`users/${u.id}`, u.role, u.state, `2024-01-01T00:00:${String(u.t).padStart(2, "0")}Z`),
    ),
    ...groups.map((g) => live(`groups/${g}`, "MEMBERSHIP_ROLE_UNSPECIFIED")),
    ...(app ? [live("users/app")] : []),
  ]);

const desiredArb = fc
  .record({
    users: fc.uniqueArray(
      fc.record({
        id: fc.constantFrom(...USER_IDS),
        role: fc.constantFrom(...ROLES),
        byEmail: fc.boolean(),
      }),
      { selector: (u) => u.id, maxLength: 10 },
    ),
    groups: fc.subarray(GROUPS),
    app: fc.boolean(),
  })
  .map(({ users, groups, app }) => [
    ...users.map((u) => want(u.byEmail ? email(u.id) : `users/${u.id}`, u.role)),
    ...groups.map((g) => want(`groups/${g}`)),
    ...(app ? [want("users/app")] : []),
  ]);

const optionsArb = (desired: readonly DesiredMember[]) =>
  fc.record({
    mode: fc.constantFrom("authoritative", "additive") as fc.Arbitrary<
      "authoritative" | "additive"
    >,
    caller: fc.option(fc.constantFrom(...USER_IDS.map((id) => `users/${id}`)), { nil: undefined }),
    ignore: fc
      .subarray([...USER_IDS.map((id) => `users/${id}`), "groups/g1"])
      .map((names) =>
        names
          .map((n) => parseMember(n))
          .filter(
            (m) =>
              !desired.some(
                (d) => canonicalMemberName(d.member, RESOLVED) === canonicalMemberName(m, RESOLVED),
              ),
          ),
      ),
  });

const scenario = fc.tuple(liveArb, desiredArb).chain(([l, d]) =>
  optionsArb(d).map((o) => ({
    live: l,
    desired: d,
    options: { ...o, resolved: RESOLVED } as PlanOptions,
  })),
);

const keyOf = (m: Member) => canonicalMemberName(m, RESOLVED);
const ownersOf = (ls: readonly LiveMembership[]) =>
  ls.filter((l) => l.role === "ROLE_MANAGER" && l.state === "JOINED").length;

describe("planSpace properties", () => {
  it("authoritative: applying the plan yields exactly the desired set, plus what is protected", () => {
    fc.assert(
      fc.property(scenario, ({ live: l, desired, options }) => {
        const opts = { ...options, mode: "authoritative" as const };
        const plan = planSpace(desired, l, opts);
        const after = summary(applyPlan(l, plan, RESOLVED).members);
        const expected = new Map(desired.map((d) => [keyOf(d.member), "role" in d ? d.role : "-"]));
        const before = summary(l);
        for (const s of plan.skipped) {
          // protected members stay exactly as they were
          expect(before.has(s.memberName)).toBe(true);
          expected.set(s.memberName, before.get(s.memberName)!);
        }
        for (const m of opts.ignore ?? [])
          if (before.has(keyOf(m))) expected.set(keyOf(m), before.get(keyOf(m))!);
        expect(after).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("additive never removes, and never touches the undeclared", () => {
    fc.assert(
      fc.property(scenario, ({ live: l, desired, options }) => {
        const plan = planSpace(desired, l, { ...options, mode: "additive" });
        expect(plan.removes).toEqual([]);
        const declared = new Set(desired.map((d) => keyOf(d.member)));
        const after = summary(applyPlan(l, plan, RESOLVED).members);
        for (const [name, role] of summary(l))
          if (!declared.has(name)) expect(after.get(name)).toBe(role);
      }),
      { numRuns: 300 },
    );
  });

  it("ignored members are never touched; the caller is never removed unless declared", () => {
    fc.assert(
      fc.property(scenario, ({ live: l, desired, options }) => {
        const plan = planSpace(desired, l, options);
        const ignored = new Set((options.ignore ?? []).map(keyOf));
        for (const op of plan.operations) {
          const name = op.kind === "add" ? keyOf(op.member) : op.memberName;
          expect(ignored.has(name)).toBe(false);
        }
        const declared = desired.some((d) => keyOf(d.member) === options.caller);
        if (!declared) expect(plan.removes.map((r) => r.memberName)).not.toContain(options.caller);
      }),
      { numRuns: 300 },
    );
  });

  it("the last owner is never removed or demoted, at any step of the apply", () => {
    fc.assert(
      fc.property(scenario, ({ live: l, desired, options }) => {
        const plan = planSpace(desired, l, options);
        if (ownersOf(l) === 0) return;
        // Adds may end up INVITED: only count owners among members who were already joined.
        const joined = new Set(l.filter((x) => x.state === "JOINED").map((x) => x.memberName));
        const trimmed = { ...plan, operations: plan.operations.filter((o) => o.kind !== "add") };
        const { ownerCounts, members } = applyPlan(l, trimmed, RESOLVED);
        for (const n of ownerCounts) expect(n).toBeGreaterThan(0);
        expect(
          members.filter((m) => joined.has(m.memberName) && m.role === "ROLE_MANAGER").length,
        ).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it("promotions come before demotions and removals", () => {
    fc.assert(
      fc.property(scenario, ({ live: l, desired, options }) => {
        const ops = planSpace(desired, l, options).operations;
        const lastPromotion = ops.findLastIndex(
          (o) => o.kind === "role" && roleRank(o.to) > roleRank(o.from),
        );
        const firstLoss = ops.findIndex(
          (o) => o.kind === "remove" || (o.kind === "role" && roleRank(o.to) < roleRank(o.from)),
        );
        if (lastPromotion >= 0 && firstLoss >= 0) expect(lastPromotion).toBeLessThan(firstLoss);
      }),
      { numRuns: 300 },
    );
  });

  it("the plan of desired == live is empty", () => {
    fc.assert(
      fc.property(
        liveArb,
        fc.boolean(),
        fc.constantFrom("authoritative", "additive") as fc.Arbitrary<"authoritative" | "additive">,
        (l, byEmail, mode) => {
          const desired = l.map((x) => {
            const id = x.memberName.slice("users/".length);
            return x.memberName.startsWith("users/") && x.memberName !== "users/app"
              ? want(byEmail ? email(id) : x.memberName, x.role as Role)
              : want(x.memberName);
          });
          expect(isEmptyPlan(planSpace(desired, l, { mode, resolved: RESOLVED }))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
