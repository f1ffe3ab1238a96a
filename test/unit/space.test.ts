import { parseSpace, spaceId } from "../../provider/core";

describe("parseSpace", () => {
  it.each([
    ["spaces/AAAAabc_-1", "spaces/AAAAabc_-1"],
    ["AAAAabc", "spaces/AAAAabc"],
  ])("%s → %s", (input, out) => {
    expect(parseSpace(input)).toBe(out);
  });

  it.each([
    "",
    "spaces/",
    "spaces/AAA/members",
    "spaces/../x",
    "AAA?x=1",
    "AAA#x",
    "AAA%2F",
    "AA%2e%2e",
    " AAA",
    "AAA\u0000",
    "AAA\u200b",
    "rooms/AAA",
    "spaces/spaces/AAA",
  ])("rejects %j", (input) => {
    expect(() => parseSpace(input)).toThrow(expect.objectContaining({ code: "INVALID_SPACE" }));
  });

  it("rejects non-strings with the field named", () => {
    expect(() => parseSpace(42, "spec.space")).toThrow(/^spec\.space: must be a string \(got 42\)/);
  });

  it("spaceId strips the prefix", () => {
    expect(spaceId("spaces/XYZ")).toBe("XYZ");
  });
});
