// Who joins, leaves or changes role, read from preview steps in both state formats: 0.1.0 (keys
// users/{email|id}, API role names) and the current one (plain emails, UI role names, invited and
// affiliation outputs).
import { buildReport, type MemberChange } from "../../provider/report";
import { preview, settings, spaceUpdate, step, SPACE } from "./report-steps";

const ID = {
  alice: "users/100000000000000000001",
  bob: "users/100000000000000000002",
  carol: "users/100000000000000000003",
  dave: "users/100000000000000000004",
};

/** The member rows of the only resource, as compact tuples. */
function rows(...steps: Parameters<typeof preview>[0]) {
  const r = buildReport(preview(steps));
  return r.resources.flatMap((res) =>
    res.members.map((m: MemberChange) => [m.member, m.kind, m.from, m.to, m.note].filter(Boolean)),
  );
}

describe("ChatSpaceMembers update", () => {
  it("0.1.0 state: an undeclared member by numeric id is named by the email the state resolved", () => {
    const old = {
      ...settings,
      members: {
        "users/alice@example.com": "ROLE_MANAGER",
        [ID.bob]: "ROLE_MEMBER",
        "users/carol@example.com": "ROLE_ASSISTANT_MANAGER",
      },
      resolved: { "alice@example.com": ID.alice, "bob@example.com": ID.bob },
      invited: [],
    };
    const next = {
      ...settings,
      members: {
        "users/alice@example.com": "ROLE_MANAGER",
        "users/carol@example.com": "ROLE_MANAGER",
        "users/erin@example.com": "ROLE_MEMBER",
      },
    };
    expect(rows(spaceUpdate("team", { outputs: old }, next))).toEqual([
      ["erin@example.com", "joins", "member"],
      ["carol@example.com", "role", "manager", "owner"],
      ["bob@example.com", "leaves", "member"],
    ]);
  });

  it("current state: plain emails and UI roles; external, guest and invited come from the outputs", () => {
    const old = {
      ...settings,
      members: {
        "alice@example.com": "owner",
        "dave@partner.example": "member",
        "gina@guests.example.com": "member",
        "groups/eng": "group",
      },
      invited: ["dave@partner.example"],
      affiliation: {
        "dave@partner.example": "EXTERNAL",
        "gina@guests.example.com": "MANAGED_EXTERNAL",
      },
    };
    const next = {
      ...settings,
      members: { "alice@example.com": "owner", "gina@guests.example.com": "manager" },
    };
    const r = buildReport(preview([spaceUpdate("team", { outputs: old }, next)]));
    expect(r.resources[0]!.members).toEqual([
      {
        member: "gina@guests.example.com",
        kind: "role",
        from: "member",
        to: "manager",
        invited: false,
        affiliation: "guest",
      },
      {
        member: "dave@partner.example",
        kind: "leaves",
        from: "member",
        invited: true,
        affiliation: "external",
      },
      { member: "groups/eng", kind: "leaves", invited: false },
    ]);
  });

  it("current state: a user without an email is `Name (users/{id})`; ids behind emails come from __view", () => {
    const old = {
      ...settings,
      members: {
        "alice@example.com": "owner",
        "Bob (users/100000000000000000002)": "member",
        "carol@example.com": "manager",
      },
      __view: {
        ids: { "alice@example.com": ID.alice, "carol@example.com": ID.carol },
        invited: [],
        apps: [],
        external: {},
        caller: ID.alice,
      },
    };
    const next = {
      ...settings,
      // bob's email became known, carol is now declared by id: no change for either.
      members: {
        "alice@example.com": "owner",
        "bob@example.com": "owner",
        [ID.carol]: "manager",
      },
      __view: { ids: { "bob@example.com": ID.bob } },
    };
    expect(rows(spaceUpdate("team", { outputs: old }, next))).toEqual([
      ["bob@example.com", "role", "member", "owner"],
    ]);
    const gone = rows(
      spaceUpdate(
        "team",
        { outputs: old },
        { ...settings, members: { "alice@example.com": "owner", "carol@example.com": "manager" } },
      ),
    );
    expect(gone).toEqual([["Bob (users/100000000000000000002)", "leaves", "member"]]);
  });

  it("external, guest and invited also come from __view, on either side of the step", () => {
    const old = {
      ...settings,
      members: { "alice@example.com": "owner", "dave@partner.example": "member" },
      __view: {
        external: { "dave@partner.example": "EXTERNAL" },
        invited: ["dave@partner.example"],
      },
    };
    const r = buildReport(
      preview([
        spaceUpdate(
          "team",
          { outputs: old },
          { ...settings, members: { "alice@example.com": "owner" } },
        ),
      ]),
    );
    expect(r.resources[0]!.members).toEqual([
      {
        member: "dave@partner.example",
        kind: "leaves",
        from: "member",
        invited: true,
        affiliation: "external",
      },
    ]);
  });

  it("the same members in the other spelling (0.1.0 state, current inputs) are no change", () => {
    const old = {
      ...settings,
      members: {
        "users/alice@example.com": "ROLE_MANAGER",
        [ID.carol]: "ROLE_ASSISTANT_MANAGER",
        "groups/eng": "MEMBERSHIP_ROLE_UNSPECIFIED",
      },
      resolved: { "alice@example.com": ID.alice, "carol@example.com": ID.carol },
    };
    const next = {
      ...settings,
      members: {
        "alice@example.com": "owner",
        "carol@example.com": "manager",
        "groups/eng": "group",
      },
    };
    const r = buildReport(preview([spaceUpdate("team", { outputs: old }, next)]));
    expect(r.resources).toEqual([]);
    expect(r.totals).toMatchObject({ joins: 0, leaves: 0, roleChanges: 0, resources: 0 });
  });

  it("additive: a member no longer declared stays, a demotion does not happen, a promotion does", () => {
    const old = {
      ...settings,
      mode: "additive",
      members: {
        "alice@example.com": "owner",
        "bob@example.com": "manager",
        "carol@example.com": "member",
      },
    };
    const next = {
      ...settings,
      mode: "additive",
      members: {
        "alice@example.com": "owner",
        "bob@example.com": "member",
        "carol@example.com": "manager",
      },
    };
    const r = rows(
      spaceUpdate("team", { outputs: old }, { ...next, members: { ...next.members } }),
    );
    expect(r).toEqual([
      ["carol@example.com", "role", "member", "manager"],
      ["bob@example.com", "stays", "manager", "additive mode never demotes (member)"],
    ]);
    const dropped = rows(
      spaceUpdate("team", { outputs: old }, { ...next, members: { "alice@example.com": "owner" } }),
    );
    expect(dropped).toContainEqual([
      "bob@example.com",
      "stays",
      "manager",
      "no longer declared; additive mode removes nobody",
    ]);
  });

  it("a member moved to ignore, and the undeclared caller, stay", () => {
    const old = {
      ...settings,
      members: { "alice@example.com": "owner", "bob@example.com": "member" },
      caller: "users/alice@example.com",
    };
    const next = { ...settings, members: {}, ignore: ["users/bob@example.com"] };
    expect(rows(spaceUpdate("team", { outputs: old }, next))).toEqual([
      [
        "alice@example.com",
        "stays",
        "owner",
        "the identity the provider acts as is never removed unless declared",
      ],
      ["bob@example.com", "stays", "member", "now ignored: never removed"],
    ]);
  });

  it("names setting changes, such as a raised maxRemovals", () => {
    const old = { ...settings, members: { "alice@example.com": "owner" } };
    const r = buildReport(
      preview([spaceUpdate("team", { outputs: old }, { ...old, maxRemovals: 7 })]),
    );
    expect(r.resources[0]!.settings).toEqual([{ key: "maxRemovals", from: 5, to: 7 }]);
    expect(r.totals.resources).toBe(1);
  });
});

describe("ChatSpaceMembers create, delete and replace", () => {
  const members = { "alice@example.com": "owner", "dave@partner.example": "member" };

  it("create: the declared members, adopted or added", () => {
    const r = buildReport(
      preview([step("create", "ChatSpaceMembers", "team", { next: { ...settings, members } })]),
    );
    expect(r.resources[0]!.members.map((m) => [m.member, m.kind, m.to])).toEqual([
      ["alice@example.com", "declared", "owner"],
      ["dave@partner.example", "declared", "member"],
    ]);
    expect(r.resources[0]!.notes[0]).toMatch(/already in the space are adopted/);
    expect(r.totals).toMatchObject({ declared: 2, joins: 0 });
  });

  it("delete keeps everyone unless removeOnDestroy, which removes only whom it added", () => {
    const kept = buildReport(
      preview([
        step("delete", "ChatSpaceMembers", "team", { old: { outputs: { ...settings, members } } }),
      ]),
    );
    expect(kept.resources[0]!.members).toEqual([]);
    expect(kept.resources[0]!.notes).toEqual([
      `the resource goes; every member of ${SPACE} stays (removeOnDestroy is off)`,
    ]);
    const removing = buildReport(
      preview([
        step("delete", "ChatSpaceMembers", "team", {
          old: {
            outputs: {
              ...settings,
              removeOnDestroy: true,
              members,
              added: [ID.dave],
              resolved: { "dave@partner.example": ID.dave },
            },
          },
        }),
      ]),
    );
    expect(removing.resources[0]!.members.map((m) => [m.member, m.kind, m.from])).toEqual([
      ["dave@partner.example", "leaves", "member"],
    ]);
  });

  it("a replacement is read from its replace step alone", () => {
    const old = { outputs: { ...settings, members } };
    const next = { ...settings, space: "spaces/BBBB", members };
    const r = buildReport(
      preview([
        step("create-replacement", "ChatSpaceMembers", "team", { old, next }),
        step("replace", "ChatSpaceMembers", "team", { old, next }),
        step("delete-replaced", "ChatSpaceMembers", "team", { old, next }),
      ]),
    );
    expect(r.resources).toHaveLength(1);
    expect(r.resources[0]!.space).toBe("spaces/BBBB");
    expect(r.resources[0]!.members.map((m) => m.kind)).toEqual(["declared", "declared"]);
    expect(r.resources[0]!.notes[1]).toMatch(/every member of spaces\/AAAAdemo01 stays/);
  });
});

describe("ChatMembership", () => {
  const inputs = {
    space: "spaces/AAAAapp001",
    member: "users/erin@example.com",
    role: "ROLE_MEMBER",
    onDestroy: "remove-if-created",
    adopt: true,
    useAdminAccess: false,
  };
  const outputs = {
    ...inputs,
    memberName: "users/100000000000000000005",
    state: "JOINED",
    adopted: false,
  };

  it("create joins, a role update is a role change, a group has no role", () => {
    expect(
      rows(
        step("create", "ChatMembership", "erin", { next: inputs }),
        step("create", "ChatMembership", "eng", {
          next: { ...inputs, member: "groups/eng", role: undefined },
        }),
        step("update", "ChatMembership", "erin2", {
          old: { inputs, outputs },
          next: { ...inputs, role: "ROLE_MANAGER" },
        }),
      ),
    ).toEqual([
      ["erin@example.com", "joins", "member"],
      ["groups/eng", "joins"],
      ["erin@example.com", "role", "member", "owner"],
    ]);
  });

  it("delete: removed when this stack added it, kept when adopted or onDestroy keep", () => {
    const del = (o: Record<string, unknown>) =>
      rows(
        step("delete", "ChatMembership", "erin", {
          old: { inputs, outputs: { ...outputs, ...o } },
        }),
      );
    expect(del({})).toEqual([["erin@example.com", "leaves", "member"]]);
    expect(del({ adopted: true })[0]).toEqual([
      "erin@example.com",
      "stays",
      "member",
      'the resource goes; the member stays: adopted, not added by this stack (onDestroy: "remove" would remove them)',
    ]);
    expect(del({ onDestroy: "keep" })[0]?.[1]).toBe("stays");
  });

  it("marks an invited external member, and a replace as one leaving and one joining", () => {
    const dave = {
      ...outputs,
      member: ID.dave,
      memberName: ID.dave,
      state: "INVITED",
      affiliation: "EXTERNAL",
    };
    const r = buildReport(
      preview([
        step("replace", "ChatMembership", "m", {
          old: { inputs: { ...inputs, member: ID.dave }, outputs: dave },
          next: { ...inputs, member: "users/erin@example.com" },
        }),
      ]),
    );
    expect(r.resources[0]!.members).toEqual([
      { member: "erin@example.com", kind: "joins", to: "member", invited: false },
      { member: ID.dave, kind: "leaves", from: "member", invited: true, affiliation: "external" },
    ]);
  });
});

describe("names", () => {
  it("never shows users/{digits} when any step of the preview knows the email", () => {
    const space = spaceUpdate(
      "team",
      { outputs: { ...settings, members: {}, resolved: { "dave@partner.example": ID.dave } } },
      { ...settings, members: {} },
    );
    const membership = step("create", "ChatMembership", "dave", {
      next: { space: SPACE, member: ID.dave, role: "ROLE_MEMBER" },
    });
    expect(rows(space, membership)).toEqual([["dave@partner.example", "joins", "member"]]);
  });

  it("a user whose email nothing in the preview gives stays users/{id}", () => {
    const membership = step("create", "ChatMembership", "x", {
      next: { space: SPACE, member: ID.bob, role: "ROLE_MEMBER" },
    });
    expect(rows(membership)).toEqual([[ID.bob, "joins", "member"]]);
  });

  it("ignores other resource types and steps that change nothing", () => {
    const other = {
      op: "create",
      urn: "urn:pulumi:prod::chat::aws:s3/bucket:Bucket::b",
      newState: { inputs: { members: { "users/x@y.com": "ROLE_MEMBER" } } },
    };
    const same = step("same", "ChatSpaceMembers", "team", {
      old: { outputs: settings },
      next: settings,
    });
    expect(buildReport(preview([other, same])).resources).toEqual([]);
  });
});
