import { ChatMembersError, formatErrorLine, showValue } from "../../provider/core";

describe("ChatMembersError", () => {
  it("names field, value and fix on one line", () => {
    const e = new ChatMembersError({
      code: "INVALID_ROLE",
      field: "members[1].role",
      value: "boss",
      reason: "is not a role",
      fix: "use owner",
    });
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe("INVALID_ROLE");
    expect(e.message).toBe('members[1].role: is not a role (got "boss"); fix: use owner');
    expect(e.message).not.toContain("\n");
  });

  it("escapes line breaks and invisible characters in values", () => {
    const line = formatErrorLine({
      field: "f",
      value: "a\nb\u2028c\u202ed\u0085",
      reason: "r",
      fix: "x",
    });
    expect(line).not.toMatch(/[\n\u2028\u202e\u0085]/);
    expect(line).toContain("\\u2028");
  });

  it("shows missing values and truncates long ones", () => {
    expect(showValue(undefined)).toBe("nothing");
    expect(showValue("x".repeat(500)).length).toBeLessThan(130);
  });
});
