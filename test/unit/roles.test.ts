import { ACCEPTED_ROLE_NAMES, parseRole, roleUiName, type Role } from "../../provider/core";

describe("roles", () => {
  it.each([
    ["member", "ROLE_MEMBER"],
    ["Member", "ROLE_MEMBER"],
    ["manager", "ROLE_ASSISTANT_MANAGER"],
    ["MANAGER", "ROLE_ASSISTANT_MANAGER"],
    ["owner", "ROLE_MANAGER"],
    ["Owner", "ROLE_MANAGER"],
    ["ROLE_MEMBER", "ROLE_MEMBER"],
    ["ROLE_ASSISTANT_MANAGER", "ROLE_ASSISTANT_MANAGER"],
    ["ROLE_MANAGER", "ROLE_MANAGER"],
    ["role_manager", "ROLE_MANAGER"],
  ])("%s → %s", (input, role) => {
    expect(parseRole(input)).toBe(role);
  });

  it("UI Manager is not the API's ROLE_MANAGER", () => {
    expect(parseRole("manager")).not.toBe("ROLE_MANAGER");
  });

  it.each(["admin", "", "MEMBERSHIP_ROLE_UNSPECIFIED", "constructor", "toString", 1, null])(
    "rejects %j listing the accepted values",
    (input) => {
      expect(() => parseRole(input)).toThrow(expect.objectContaining({ code: "INVALID_ROLE" }));
      expect(() => parseRole(input)).toThrow(/owner.*ROLE_MANAGER/);
    },
  );

  it("maps back to UI names and round-trips", () => {
    for (const role of ["ROLE_MEMBER", "ROLE_ASSISTANT_MANAGER", "ROLE_MANAGER"] as Role[]) {
      expect(parseRole(roleUiName(role))).toBe(role);
    }
    expect(roleUiName("ROLE_MANAGER")).toBe("owner");
    expect(ACCEPTED_ROLE_NAMES).toHaveLength(6);
  });
});
