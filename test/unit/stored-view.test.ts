// The view a ChatSpaceMembers state stores for the next preview (core/stored-view.ts): what the
// roster cannot say, nothing it says already; read back in every format written so far.
import {
  planSpace,
  isEmptyPlan,
  storedView,
  storeView,
  type NormalizedSpaceMembersArgs,
  type SpaceView,
  type ViewMember,
} from "../../provider/core";
import { validateSpaceMembersArgs } from "../../provider/core/validate/space-members";

const SPACE = "spaces/AAA";

const members: ViewMember[] = [
  {
    id: "users/1",
    email: "alice@example.com",
    kind: "human",
    role: "ROLE_MANAGER",
    state: "JOINED",
  },
  { id: "users/2", email: "bob@example.com", kind: "human", role: "ROLE_MEMBER", state: "JOINED" },
  {
    id: "users/4",
    email: "dave@partner.example",
    affiliation: "EXTERNAL",
    kind: "human",
    role: "ROLE_MEMBER",
    state: "INVITED",
  },
  {
    id: "users/6",
    email: "gus@guest.example",
    affiliation: "MANAGED_EXTERNAL",
    kind: "human",
    role: "ROLE_MEMBER",
    state: "JOINED",
  },
  { id: "users/7", displayName: "No Email", kind: "human", role: "ROLE_MEMBER", state: "JOINED" },
  { id: "groups/eng", kind: "group", role: undefined, state: "JOINED" },
  { id: "users/app", kind: "app", role: "ROLE_MEMBER", state: "JOINED" },
  { id: "users/900", kind: "otherApp", role: "ROLE_MEMBER", state: "JOINED" },
];
const live: SpaceView = { space: SPACE, members, caller: "users/1", unresolvedEmails: [] };

const byId = (v: SpaceView) => [...v.members].sort((a, b) => (a.id < b.id ? -1 : 1));

/** The outputs' form (pulumi/space-members.ts): invited and external as public outputs. */
function asOutputs(v: SpaceView) {
  const { members: roster, __view } = storeView(v);
  const { invited = [], external = {}, ...rest } = __view;
  return { members: roster, invited, affiliation: external, __view: rest };
}

function declared(): NormalizedSpaceMembersArgs {
  const v = validateSpaceMembersArgs({
    space: SPACE,
    mode: "authoritative",
    allowExternal: true,
    domains: ["example.com"],
    members: [
      { member: "alice@example.com", role: "owner" },
      { member: "users/2" },
      { member: "dave@partner.example" },
      { member: "gus@guest.example" },
      { member: "users/7" },
      { member: "groups/eng" },
      { member: "users/app" },
    ],
  });
  if (!v.ok) throw new Error(JSON.stringify(v.failures));
  return v.value;
}
const declaration = declared();

describe("stored view", () => {
  it("round-trips a view: ids, invited, external, guests, apps, the caller", () => {
    expect(byId(storedView(SPACE, storeView(live)))).toEqual(byId(live));
    expect(storedView(SPACE, storeView(live)).caller).toBe("users/1");
  });

  it("in the outputs' form, invited and external are read from the public outputs", () => {
    const outs = asOutputs(live);
    expect(outs.__view).not.toHaveProperty("invited");
    expect(outs.__view).not.toHaveProperty("external");
    expect(byId(storedView(SPACE, outs))).toEqual(byId(live));
  });

  it("repeats no roster key: the ids follow the roster's emails in order; empty lists are left out", () => {
    const { members: roster, __view } = storeView(live);
    expect(Object.keys(roster)).toContain("bob@example.com");
    expect(__view.ids).toEqual(["1", "2", "4", "6"]);
    expect(JSON.stringify(__view)).not.toContain("bob@example.com");
    const plain = storeView({ ...live, members: members.slice(0, 2) }).__view;
    expect(plain).toEqual({ ids: ["1", "2"], caller: "users/1" });
  });

  it("beside the roster a plan leads to: an email not in the space yet has no id", () => {
    const { members: roster } = storeView(live);
    const after = { ...roster, "new@example.com": "member" as const };
    delete (after as Record<string, string>)["bob@example.com"];
    const stored = storeView(live, after);
    expect(stored.__view.ids).toEqual(["1", "4", "6", ""]);
    const back = storedView(SPACE, stored);
    expect(back.members.find((m) => m.email === "new@example.com")?.id).toBe(
      "users/new@example.com",
    );
    expect(back.members.find((m) => m.email === "dave@partner.example")?.id).toBe("users/4");
  });

  it("reads the state bf5c050 wrote (ids as a map, invited and external inside __view)", () => {
    const bf5c050 = {
      members: {
        "No Email (users/7)": "member",
        "alice@example.com": "owner",
        "bob@example.com": "member",
        "dave@partner.example": "member",
        "groups/eng": "group",
        "gus@guest.example": "member",
        "users/900": "member",
        "users/app": "member",
      },
      __view: {
        apps: ["users/900"],
        caller: "users/1",
        external: { "dave@partner.example": "EXTERNAL", "gus@guest.example": "MANAGED_EXTERNAL" },
        ids: {
          "alice@example.com": "users/1",
          "bob@example.com": "users/2",
          "dave@partner.example": "users/4",
          "gus@guest.example": "users/6",
        },
        invited: ["dave@partner.example"],
      },
      // bf5c050's outputs also carried these; the map inside __view is what it read.
      invited: ["dave@partner.example"],
      affiliation: { "dave@partner.example": "EXTERNAL", "gus@guest.example": "MANAGED_EXTERNAL" },
    };
    expect(byId(storedView(SPACE, bf5c050))).toEqual(byId(live));
    expect(isEmptyPlan(planSpace(storedView(SPACE, bf5c050), declaration))).toBe(true);
    // And what the current format stores for the same space plans the same.
    expect(isEmptyPlan(planSpace(storedView(SPACE, storeView(live)), declaration))).toBe(true);
    expect(isEmptyPlan(planSpace(storedView(SPACE, asOutputs(live)), declaration))).toBe(true);
  });
});
