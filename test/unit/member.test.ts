import fc from "fast-check";
import {
  isSameMember,
  isValidEmail,
  memberResourceName,
  parseMember,
  type Member,
} from "../../provider/core";

describe("parseMember", () => {
  it.each<[string, Member, string]>([
    ["users/123", { kind: "user", ref: "123" }, "users/123"],
    ["123", { kind: "user", ref: "123" }, "users/123"],
    ["alice@example.com", { kind: "user", ref: "alice@example.com" }, "users/alice@example.com"],
    [
      "users/Alice@Example.COM",
      { kind: "user", ref: "alice@example.com" },
      "users/alice@example.com",
    ],
    [
      "o'brien+chat@sub.example.co.uk",
      { kind: "user", ref: "o'brien+chat@sub.example.co.uk" },
      "users/o'brien+chat@sub.example.co.uk",
    ],
    ["groups/03abc_x-1", { kind: "group", id: "03abc_x-1" }, "groups/03abc_x-1"],
    ["users/app", { kind: "app" }, "users/app"],
    ["app", { kind: "app" }, "users/app"],
  ])("%s", (input, member, name) => {
    expect(parseMember(input)).toEqual(member);
    expect(memberResourceName(parseMember(input))).toBe(name);
  });

  it.each([
    "",
    "users/",
    "users/alice",
    "users/../spaces/x",
    "users/1/../2",
    "users/1?useAdminAccess=true",
    "users/1#x",
    "users/1%2F2",
    "users/%2E%2E",
    "users/1%3Fa",
    "users/1%23",
    "users/a%40b.com",
    "alice@example.com ",
    "alice@@example.com",
    "alice@example",
    "alice@-example.com",
    ".alice@example.com",
    "alice..b@example.com",
    "alice@example..com",
    "users/1\u0000",
    "users/1\u202e",
    "users/1\u200b",
    "users/1\n",
    "groups/",
    "groups/a/b",
    "groups/a.b",
    "people/123",
    "spaces/AAA/members/1",
    "users\\1",
  ])("rejects %j", (input) => {
    expect(() => parseMember(input)).toThrow(expect.objectContaining({ code: "INVALID_MEMBER" }));
  });

  it("rejects non-strings", () => {
    expect(() => parseMember({ name: "users/1" }, "member")).toThrow(/^member: must be a string/);
  });

  it("validates email syntax", () => {
    expect(isValidEmail("a@b.co")).toBe(true);
    expect(isValidEmail(`${"a".repeat(65)}@b.co`)).toBe(false);
    expect(isValidEmail("a@b.c")).toBe(false);
    expect(isValidEmail("a@b")).toBe(false);
  });

  const SAFE_NAME = /^(users\/([0-9]+|app|[a-z0-9_+'.-]+@[a-z0-9.-]+)|groups\/[A-Za-z0-9_-]+)$/;
  const pieces = fc.constantFrom(
    "users/",
    "groups/",
    "app",
    "@",
    ".",
    "..",
    "/",
    "?",
    "#",
    "%",
    "%2F",
    "%2e",
    "%3F",
    "%23",
    "\u0000",
    "\u001f",
    "\u007f",
    "\u0085",
    "\u200b",
    "\u202e",
    "\u2028",
    "\ufeff",
    " ",
    "\t",
    "\\",
    "1",
    "42",
    "alice",
    "example.com",
    "a-b",
    "_",
    "+",
    "'",
    "é",
    "A",
  );
  const hostile = fc.oneof(
    fc.array(pieces, { maxLength: 8 }).map((p) => p.join("")),
    fc.string({ unit: "binary", maxLength: 20 }),
  );

  it("property: no accepted member name can alter a request path or query", () => {
    fc.assert(
      fc.property(hostile, (input) => {
        let m: Member;
        try {
          m = parseMember(input);
        } catch {
          return;
        }
        const name = memberResourceName(m);
        expect(name).toMatch(SAFE_NAME);
        expect(name).not.toMatch(/\.\.|[?#%\\\s]|[\p{Cc}\p{Cf}]/u);
        expect(name.split("/")).toHaveLength(2);
        expect(decodeURIComponent(name)).toBe(name);
        // parsing is idempotent on canonical names
        expect(parseMember(name)).toEqual(m);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("isSameMember", () => {
  const resolved = new Map([["alice@example.com", "users/111"]]);
  it("matches an email to its resolved id, case-insensitively", () => {
    expect(isSameMember(parseMember("Alice@example.com"), "users/111", resolved)).toBe(true);
    expect(isSameMember(parseMember("alice@example.com"), "users/222", resolved)).toBe(false);
    expect(
      isSameMember(parseMember("ALICE@EXAMPLE.COM"), parseMember("alice@example.com"), new Map()),
    ).toBe(true);
  });
  it("matches ids, groups and the app by name", () => {
    expect(isSameMember(parseMember("111"), "users/111", new Map())).toBe(true);
    expect(isSameMember(parseMember("groups/g"), "groups/g", new Map())).toBe(true);
    expect(isSameMember(parseMember("groups/g"), "groups/h", new Map())).toBe(false);
    expect(isSameMember(parseMember("app"), "users/app", new Map())).toBe(true);
    expect(isSameMember(parseMember("bob@example.com"), "users/111", resolved)).toBe(false);
  });
});
