import { diffMembership } from "../../provider/core";

describe("diffMembership", () => {
  const olds = {
    space: "spaces/AAA",
    member: "alice@example.com",
    role: "ROLE_MEMBER",
    memberName: "users/1",
  };

  it("no change for equivalent spellings", () => {
    expect(
      diffMembership(olds, { space: "AAA", member: "Alice@Example.com", role: "member" }),
    ).toEqual({ changes: false, replaces: [], updates: [] });
    expect(diffMembership(olds, { space: "AAA", member: "alice@example.com" }).changes).toBe(false);
  });

  it("an email input and the id it resolved to are the same member", () => {
    expect(diffMembership(olds, { space: "AAA", member: "users/1" }).changes).toBe(false);
    const byId = { space: "AAA", member: "users/1", memberName: "users/1" };
    expect(
      diffMembership(
        byId,
        { space: "AAA", member: "alice@example.com" },
        new Map([["alice@example.com", "users/1"]]),
      ).changes,
    ).toBe(false);
  });

  it("role change is an in-place update", () => {
    expect(
      diffMembership(olds, { space: "AAA", member: "alice@example.com", role: "owner" }),
    ).toEqual({ changes: true, replaces: [], updates: ["role"] });
  });

  it("space or member change is a replace", () => {
    expect(diffMembership(olds, { space: "BBB", member: "alice@example.com" }).replaces).toEqual([
      "space",
    ]);
    expect(diffMembership(olds, { space: "AAA", member: "bob@example.com" }).replaces).toEqual([
      "member",
    ]);
    expect(diffMembership(olds, { space: "AAA", member: "users/2" }).replaces).toEqual(["member"]);
  });

  it("groups compare without roles; settings changes update without replace", () => {
    const g = { space: "AAA", member: "groups/g", memberName: "groups/g" };
    expect(diffMembership(g, { space: "AAA", member: "groups/g" }).changes).toBe(false);
    expect(
      diffMembership(g, {
        space: "AAA",
        member: "groups/g",
        useAdminAccess: true,
        adopt: false,
        onDestroy: "keep",
      }),
    ).toEqual({
      changes: true,
      replaces: [],
      updates: ["useAdminAccess", "adopt", "onDestroy"],
    });
  });

  it("falls back to raw comparison for unparseable values", () => {
    expect(
      diffMembership({ space: "AAA", member: "bad value" }, { space: "AAA", member: "bad value" })
        .changes,
    ).toBe(false);
    expect(
      diffMembership({ space: "AAA", member: "bad value" }, { space: "AAA", member: "other bad" })
        .replaces,
    ).toEqual(["member"]);
  });
});
