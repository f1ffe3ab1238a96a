import fc from "fast-check";
import {
  declaredKey,
  describePlan,
  guardError,
  isEmptyPlan,
  label,
  parseMember,
  planSpace,
  storedView,
  storeView,
  type DesiredMember,
  type Member,
  type NormalizedSpaceMembersArgs,
  type Role,
  type SpacePlan,
  type SpaceView,
  type ViewMember,
} from "../../provider/core";

const SPACE = "spaces/AAA";

/** A member of the view: `users/N` with email uN@example.com unless told otherwise. */
function person(
  id: string,
  role: Role | undefined = "ROLE_MEMBER",
  extra: Partial<ViewMember> = {},
): ViewMember {
  const n = id.split("/")[1]!;
  const kind = id.startsWith("groups/") ? "group" : id === "users/app" ? "app" : "human";
  return {
    id,
    ...(kind === "human" ? { email: `u${n}@example.com` } : {}),
    kind,
    role: kind === "group" ? undefined : role,
    state: "JOINED",
    membershipName: `${SPACE}/members/${n}`,
    ...extra,
  };
}

/** `caller: null` for an unknown caller. */
function view(members: readonly ViewMember[], caller: string | null = "users/1"): SpaceView {
  return { space: SPACE, members, caller: caller ?? undefined, unresolvedEmails: [] };
}

function want(ref: string, role?: Role): DesiredMember {
  const member = parseMember(ref);
  if (member.kind === "group") return { member };
  if (member.kind === "app") return { member, role: "ROLE_MEMBER" };
  return role === undefined ? { member } : { member, role };
}

function args(
  members: DesiredMember[],
  extra: Partial<NormalizedSpaceMembersArgs> = {},
): NormalizedSpaceMembersArgs {
  return {
    space: SPACE,
    members,
    mode: "authoritative",
    ignore: [],
    maxRemovals: 100,
    useAdminAccess: false,
    removeOnDestroy: false,
    allowExternal: true,
    domains: [],
    staleInvites: "report",
    staleInviteDays: 14,
    ...extra,
  };
}

const removed = (p: SpacePlan) => p.removes.map((r) => label(r.person));

describe("planSpace", () => {
  it("adds, re-roles and removes, each line naming the person by email in the UI's words", () => {
    const plan = planSpace(
      view([
        person("users/1", "ROLE_MANAGER"),
        person("users/2"),
        person("users/3", "ROLE_ASSISTANT_MANAGER"),
      ]),
      args([
        want("u1@example.com", "ROLE_MANAGER"),
        want("u3@example.com", "ROLE_MANAGER"),
        want("new@example.com", "ROLE_ASSISTANT_MANAGER"),
        want("groups/eng"),
      ]),
    );
    expect(describePlan(plan)).toEqual([
      "+ add new@example.com as manager",
      "+ add groups/eng",
      "~ u3@example.com: manager → owner",
      "- remove u2@example.com (member)",
    ]);
    expect(plan.before).toEqual({
      "u1@example.com": "owner",
      "u2@example.com": "member",
      "u3@example.com": "manager",
    });
    expect(plan.after).toEqual({
      "groups/eng": "group",
      "new@example.com": "manager",
      "u1@example.com": "owner",
      "u3@example.com": "owner",
    });
  });

  it("an ignore entry given as an email, in any spelling, protects that member", () => {
    for (const spelled of ["u2@example.com", "users/u2@example.com", "users/U2@Example.com"]) {
      const plan = planSpace(
        view([person("users/1", "ROLE_MANAGER"), person("users/2", "ROLE_MANAGER")]),
        args([want("u1@example.com", "ROLE_MANAGER")], { ignore: [parseMember(spelled)] }),
      );
      expect(isEmptyPlan(plan)).toBe(true);
      expect(plan.kept.map((k) => [label(k.person), k.code])).toEqual([
        ["u2@example.com", "IGNORED"],
      ]);
    }
  });

  it("additive: a member declared without a role keeps theirs; a declared role is applied", () => {
    const live = view([
      person("users/1", "ROLE_MANAGER"),
      person("users/2", "ROLE_ASSISTANT_MANAGER"),
    ]);
    const keep = planSpace(
      live,
      args([want("u1@example.com"), want("users/2")], { mode: "additive" }),
    );
    expect(isEmptyPlan(keep)).toBe(true);
    const change = planSpace(
      live,
      args([want("u2@example.com", "ROLE_MEMBER")], { mode: "additive" }),
    );
    expect(describePlan(change)).toEqual(["~ u2@example.com: manager → member"]);
  });

  it("authoritative: a member declared without a role is a member", () => {
    const plan = planSpace(
      view([person("users/1", "ROLE_MANAGER"), person("users/2", "ROLE_MANAGER")]),
      args([want("u1@example.com", "ROLE_MANAGER"), want("u2@example.com")]),
    );
    expect(describePlan(plan)).toEqual(["~ u2@example.com: owner → member"]);
  });

  it("an unknown caller stops any plan that removes, and says why", () => {
    const v = {
      ...view([person("users/1"), person("users/2", "ROLE_MANAGER")], null),
      callerProblem: "tokeninfo: 503",
    };
    const plan = planSpace(v, args([want("u2@example.com", "ROLE_MANAGER")]));
    expect(removed(plan)).toEqual(["u1@example.com"]);
    expect(guardError(plan, v, 5)).toMatchObject({ code: "CALLER_UNKNOWN" });
    expect(guardError(plan, v, 5)!.message).toMatch(/tokeninfo: 503/);
    // Known, the caller stays; nothing else is removed, so nothing is refused.
    const known = planSpace(
      view(v.members, "users/1"),
      args([want("u2@example.com", "ROLE_MANAGER")]),
    );
    expect(removed(known)).toEqual([]);
    expect(guardError(known, view(v.members), 5)).toBeUndefined();
  });

  it("one person declared twice (email and id, two spellings) is an error, before any write", () => {
    const v = view([person("users/1", "ROLE_MANAGER")]);
    expect(() =>
      planSpace(v, args([want("u1@example.com", "ROLE_MANAGER"), want("users/1")])),
    ).toThrow(expect.objectContaining({ code: "DUPLICATE_MEMBER", field: "members[1]" }));
    expect(() =>
      planSpace(v, args([want("u1@example.com"), want("users/U1@example.com")])),
    ).toThrow(expect.objectContaining({ code: "DUPLICATE_MEMBER" }));
    expect(() =>
      planSpace(v, args([want("u1@example.com")], { ignore: [parseMember("users/1")] })),
    ).toThrow(expect.objectContaining({ code: "IGNORED_AND_DECLARED", field: "ignore[0]" }));
  });

  it("keeps the last owner, preferring the caller", () => {
    const plan = planSpace(
      view([person("users/1", "ROLE_MANAGER"), person("users/2", "ROLE_MANAGER")], "users/2"),
      args([want("u1@example.com"), want("u2@example.com")]),
    );
    expect(describePlan(plan)).toEqual([
      "~ u1@example.com: owner → member",
      "! kept u2@example.com (no role): the space's last owner: declare another owner who has joined, then apply again",
    ]);
  });

  it("leaves other Chat apps and the undeclared caller alone", () => {
    const plan = planSpace(
      view([
        person("users/1", "ROLE_MANAGER"),
        person("users/900", "ROLE_MEMBER", { kind: "otherApp", email: undefined }),
      ]),
      args([]),
    );
    expect(isEmptyPlan(plan)).toBe(true);
    expect(plan.kept.map((k) => k.code).sort()).toEqual(["CALLER", "OTHER_APP"]);
  });
});

describe("the preview is the plan, in every transition (plans from the stored state)", () => {
  const live = view([
    person("users/1", "ROLE_MANAGER"),
    person("users/2"),
    person("users/3", "ROLE_ASSISTANT_MANAGER"),
  ]);
  const stored = (v: SpaceView) => storedView(SPACE, storeView(v));

  it("additive → authoritative: the undeclared appear as removals", () => {
    const declared = [want("u1@example.com", "ROLE_MANAGER")];
    expect(isEmptyPlan(planSpace(stored(live), args(declared, { mode: "additive" })))).toBe(true);
    const plan = planSpace(stored(live), args(declared));
    expect(removed(plan).sort()).toEqual(["u2@example.com", "u3@example.com"]);
    expect(Object.keys(plan.after)).toEqual(["u1@example.com"]);
  });

  it("an ignore entry deleted: its member appears as a removal", () => {
    const declared = [want("u1@example.com", "ROLE_MANAGER"), want("u2@example.com")];
    const before = planSpace(
      stored(live),
      args(declared, { ignore: [parseMember("u3@example.com")] }),
    );
    expect(isEmptyPlan(before)).toBe(true);
    expect(removed(planSpace(stored(live), args(declared)))).toEqual(["u3@example.com"]);
  });

  it("a stack written by 0.1.0 (numeric keys, API role names) plans nothing", () => {
    const legacy = {
      members: {
        "users/u1@example.com": "ROLE_MANAGER",
        "users/2": "ROLE_MEMBER",
        "groups/eng": "MEMBERSHIP_ROLE_UNSPECIFIED",
      },
      resolved: { "u1@example.com": "users/1" },
    };
    const plan = planSpace(
      storedView(SPACE, legacy),
      args([want("u1@example.com", "ROLE_MANAGER"), want("users/2"), want("groups/eng")]),
    );
    expect(isEmptyPlan(plan)).toBe(true);
  });
});

// ---- properties ------------------------------------------------------------------------------

const IDS = ["users/1", "users/2", "users/3", "users/4", "users/5", "users/6"];
const ROLES: Role[] = ["ROLE_MEMBER", "ROLE_ASSISTANT_MANAGER", "ROLE_MANAGER"];

const memberArb: fc.Arbitrary<ViewMember> = fc
  .record({
    id: fc.constantFrom(...IDS, "groups/g", "users/app", "users/900"),
    role: fc.constantFrom(...ROLES),
    invited: fc.boolean(),
    email: fc.boolean(),
  })
  .map(({ id, role, invited, email }) => {
    const p = person(id, role, invited ? { state: "INVITED" } : {});
    if (id === "users/900") return { ...p, kind: "otherApp", email: undefined };
    return email || p.kind !== "human" ? p : { ...p, email: p.email };
  });

const viewArb = fc
  .record({
    members: fc.uniqueArray(memberArb, { selector: (m) => m.id, maxLength: 8 }),
    caller: fc.option(fc.constantFrom(...IDS, "users/app"), { nil: null }),
  })
  .map(({ members, caller }) => view(members, caller));

/** A reference to one person: by email or by id, any case. */
const refArb = fc
  .tuple(fc.constantFrom(...IDS, "groups/g", "users/app", "new@example.com"), fc.boolean())
  .map(([id, byEmail]) =>
    byEmail && /^users\/\d+$/.test(id) ? `u${id.split("/")[1]}@example.com` : id,
  );

const declarationArb = fc
  .record({
    members: fc.uniqueArray(
      fc.tuple(refArb, fc.option(fc.constantFrom(...ROLES), { nil: undefined })),
      { selector: ([r]) => r.replace(/^u(\d)@example\.com$/, "users/$1"), maxLength: 6 },
    ),
    ignore: fc.uniqueArray(refArb, { maxLength: 3 }),
    mode: fc.constantFrom("authoritative" as const, "additive" as const),
  })
  .map(({ members, ignore, mode }) => {
    const key = (r: string) => r.replace(/^u(\d)@example\.com$/, "users/$1");
    const declared = new Set(members.map(([r]) => key(r)));
    return args(
      members.map(([r, role]) =>
        want(r, r.startsWith("groups/") || r === "users/app" ? undefined : role),
      ),
      {
        mode,
        ignore: ignore.filter((r) => !declared.has(key(r))).map((r) => parseMember(r)),
      },
    );
  });

/** The id of a referenced member in the view, if there. */
function idIn(v: SpaceView, m: Member): string | undefined {
  const k = declaredKey(m);
  return "id" in k ? k.id : v.members.find((x) => x.email === k.email)?.id;
}

/** The space after the plan, the way the API would leave it. */
function applied(v: SpaceView, plan: SpacePlan): SpaceView {
  const gone = new Set(plan.removes.map((r) => r.person.id));
  const roles = new Map(plan.roleChanges.map((c) => [c.person.id, c.to]));
  const members = v.members
    .filter((m) => !gone.has(m.id))
    .map((m) => ({ ...m, role: roles.get(m.id) ?? m.role }));
  plan.adds.forEach((a, i) => {
    const k = declaredKey(a.member);
    const id = "id" in k ? k.id : `users/${700 + i}`;
    const p = person(id, a.member.kind === "group" ? undefined : (a.role ?? "ROLE_MEMBER"));
    // The API gives the email of whoever joins; the plan knew only what was declared.
    members.push({ ...p, email: "email" in k ? k.email : undefined });
  });
  return { ...v, members };
}

describe("planSpace properties", () => {
  const scenario = fc.tuple(viewArb, declarationArb);

  it("never touches the ignored, never removes the caller, additive never removes", () => {
    fc.assert(
      fc.property(scenario, ([v, a]) => {
        const plan = planSpace(v, a);
        const ignored = new Set(a.ignore.map((m) => idIn(v, m)));
        for (const op of [...plan.removes, ...plan.roleChanges]) {
          expect(ignored.has(op.person.id)).toBe(false);
          expect(op.person.kind).not.toBe("otherApp");
        }
        if (v.caller) expect(plan.removes.map((r) => r.person.id)).not.toContain(v.caller);
        if (a.mode === "additive") expect(plan.removes).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it("the roster diff is the plan, applying it gets there, and a replan is empty", () => {
    fc.assert(
      fc.property(scenario, ([v, a]) => {
        const plan = planSpace(v, a);
        const after = applied(v, plan);
        expect(storeView(after).members).toEqual(plan.after);
        const lines = Object.keys({ ...plan.before, ...plan.after }).filter(
          (k) => plan.before[k] !== plan.after[k],
        );
        expect(lines.length).toBe(plan.adds.length + plan.removes.length + plan.roleChanges.length);
        // Converged — or, when the last owner was kept, converged on the next run, once an
        // added owner has joined.
        const replan = planSpace(after, a);
        if (plan.kept.some((k) => k.code === "LAST_OWNER"))
          expect(isEmptyPlan(planSpace(applied(after, replan), a))).toBe(true);
        else expect(isEmptyPlan(replan)).toBe(true);
        // The same plan from the stored state.
        expect(planSpace(storedView(SPACE, storeView(v)), a).after).toEqual(plan.after);
      }),
      { numRuns: 500 },
    );
  });

  it("a space with a joined owner keeps one", () => {
    fc.assert(
      fc.property(scenario, ([v, a]) => {
        const owners = (x: SpaceView) =>
          x.members.filter((m) => m.role === "ROLE_MANAGER" && m.state === "JOINED").length;
        if (owners(v) === 0) return;
        const plan = planSpace(v, a);
        const kept = applied(v, { ...plan, adds: [] });
        expect(owners(kept)).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe("allowExternal: false", () => {
  const guest = person("users/7", "ROLE_MEMBER", {
    email: "g@partner.example",
    affiliation: "MANAGED_EXTERNAL",
  });
  const outsider = person("users/8", "ROLE_MEMBER", {
    email: "x@other.example",
    affiliation: "EXTERNAL",
  });
  const closed = { allowExternal: false, domains: ["example.com"] };

  it("a declared member the list shows as external or a guest is an error before any write", () => {
    expect(() =>
      planSpace(view([person("users/1", "ROLE_MANAGER"), guest]), args([want("users/7")], closed)),
    ).toThrow(expect.objectContaining({ code: "EXTERNAL_NOT_ALLOWED", field: "members[0]" }));
  });

  it("names the external members found in the space on every plan", () => {
    const plan = planSpace(
      view([person("users/1", "ROLE_MANAGER"), guest, outsider]),
      args([want("u1@example.com", "ROLE_MANAGER")], { ...closed, mode: "additive" }),
    );
    expect(plan.warnings).toEqual([
      "external members in the space (allowExternal is false): g@partner.example (guest), x@other.example (external)",
    ]);
    // Allowed (the default): nothing to say.
    expect(planSpace(view([guest]), args([], { mode: "additive" })).warnings).toEqual([]);
  });
});
