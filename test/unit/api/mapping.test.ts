import { ApiError } from "../../../provider/api/errors";
import {
  membershipName,
  spaceName,
  toCreateBody,
  toLiveMembership,
} from "../../../provider/api/mapping";

describe("mapping", () => {
  it("builds create bodies for users, the app and groups", () => {
    expect(toCreateBody({ kind: "user", ref: "a@example.com" })).toEqual({
      member: { name: "users/a@example.com", type: "HUMAN" },
    });
    expect(toCreateBody({ kind: "user", ref: "123" })).toEqual({
      member: { name: "users/123", type: "HUMAN" },
    });
    expect(toCreateBody({ kind: "app" })).toEqual({ member: { name: "users/app", type: "BOT" } });
    expect(toCreateBody({ kind: "group", id: "g1" })).toEqual({
      groupMember: { name: "groups/g1" },
    });
  });

  it("maps memberships of users and groups to LiveMembership", () => {
    expect(
      toLiveMembership(
        {
          name: "spaces/A/members/1",
          state: "INVITED",
          role: "ROLE_MANAGER",
          member: { name: "users/1", type: "HUMAN" },
          createTime: "2026-01-01T00:00:00Z",
        },
        "spaces.members.get",
      ),
    ).toEqual({
      name: "spaces/A/members/1",
      memberName: "users/1",
      memberType: "HUMAN",
      role: "ROLE_MANAGER",
      state: "INVITED",
      createTime: "2026-01-01T00:00:00Z",
    });
    expect(
      toLiveMembership(
        { name: "spaces/A/members/g", state: "JOINED", groupMember: { name: "groups/g" } },
        "spaces.members.list",
      ),
    ).toMatchObject({ memberType: "GROUP", role: "MEMBERSHIP_ROLE_UNSPECIFIED" });
  });

  it("refuses responses it cannot map", () => {
    expect(() =>
      toLiveMembership(
        { name: "spaces/A/members/1", state: "WEIRD", member: { name: "users/1", type: "HUMAN" } },
        "spaces.members.get",
      ),
    ).toThrow(ApiError);
  });

  it("normalises spaces and refuses names that could reshape the URL", () => {
    expect(spaceName("AAA", "spaces.get")).toBe("spaces/AAA");
    expect(spaceName("spaces/AAA", "spaces.get")).toBe("spaces/AAA");
    for (const bad of ["spaces/A/B", "A?x=1", "A#f", "..", "A%2F", "A B", ""]) {
      expect(() => spaceName(bad, "spaces.get")).toThrow(ApiError);
    }
    expect(membershipName("spaces/A/members/a@b.com", "spaces.members.get")).toBe(
      "spaces/A/members/a@b.com",
    );
    for (const bad of [
      "spaces/A/members/..",
      "spaces/A/members/x/y",
      "spaces/A/members/x?y",
      "users/1",
    ]) {
      expect(() => membershipName(bad, "spaces.members.get")).toThrow(ApiError);
    }
  });
});
