import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import fc from "fast-check";
import { parse as parseYaml } from "yaml";
import {
  ChatMembersError,
  parseMember,
  type DesiredMember,
  type NormalizedSpaceMembersArgs,
  type Role,
} from "../../provider/core";
import {
  formatMemberFile,
  loadMemberFile,
  memberFileSchema,
  parseMemberFile,
} from "../../provider/memberfile";

function problems(text: string, file = "spaces/eng.yaml"): ChatMembersError {
  try {
    parseMemberFile(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(ChatMembersError);
    expect((e as ChatMembersError).code).toBe("MEMBER_FILE");
    return e as ChatMembersError;
  }
  throw new Error("expected the member file to be rejected");
}

const GOOD = `# team
space: AAAA
members:
  - alice@example.com
  - { user: "123456789012345678901", role: owner }
  - user: 123456789012345678902
    role: ROLE_ASSISTANT_MANAGER
  - group: groups/g1
  - group: g2
  - app: true
ignore:
  - breakglass@example.com
`;

describe("parseMemberFile", () => {
  it("returns typed ChatSpaceMembers args with defaults", () => {
    expect(parseMemberFile(GOOD, "f.yaml")).toEqual({
      space: "spaces/AAAA",
      mode: "authoritative",
      maxRemovals: 5,
      useAdminAccess: false,
      removeOnDestroy: false,
      allowExternal: true,
      domains: [],
      staleInvites: "report",
      staleInviteDays: 14,
      members: [
        { member: { kind: "user", ref: "alice@example.com" } },
        { member: { kind: "user", ref: "123456789012345678901" }, role: "ROLE_MANAGER" },
        // unquoted long ids keep every digit
        { member: { kind: "user", ref: "123456789012345678902" }, role: "ROLE_ASSISTANT_MANAGER" },
        { member: { kind: "group", id: "g1" } },
        { member: { kind: "group", id: "g2" } },
        { member: { kind: "app" }, role: "ROLE_MEMBER" },
      ],
      ignore: [{ kind: "user", ref: "breakglass@example.com" }],
    });
  });

  it("reads additive mode, limits and flags", () => {
    const args = parseMemberFile(
      "space: spaces/B\nmode: additive\nmaxRemovals: 0\nremoveOnDestroy: true\nmembers: []\n",
      "f",
    );
    expect(args).toMatchObject({
      mode: "additive",
      maxRemovals: 0,
      removeOnDestroy: true,
      members: [],
    });
  });

  it("reports every problem with file, line and column", () => {
    const text = [
      "space: spaces/AAA", // 1
      "colour: blue", // 2
      "members:", // 3
      "  - alice@", // 4
      "  - { user: bob@example.com, role: boss }", // 5
      "  - { group: g1, role: member }", // 6
      "  - { user: BOB@example.com }", // 7
      "  - { app: true, role: owner }", // 8
      "  - { user: groups/x }", // 9
      "  - { usr: carol@example.com }", // 10
    ].join("\n");
    const e = problems(text);
    const at = e.issues.map((i) => [i.line, i.col, i.code]);
    expect(at).toEqual([
      [2, 1, "UNKNOWN_PROPERTY"],
      [4, 5, "INVALID_MEMBER"],
      [5, 36, "INVALID_ROLE"],
      [6, 18, "ROLE_NOT_ALLOWED"],
      [7, 13, "DUPLICATE_MEMBER"],
      [8, 24, "ROLE_NOT_ALLOWED"],
      [9, 13, "INVALID_MEMBER"],
      [10, 5, "MISSING_PROPERTY"],
      [10, 7, "UNKNOWN_PROPERTY"],
    ]);
    expect(e.issues.every((i) => i.file === "spaces/eng.yaml")).toBe(true);
    const lines = e.message.split("\n");
    expect(lines[0]).toBe("spaces/eng.yaml: 9 problems in the member file");
    expect(lines[3]).toMatch(
      /^spaces\/eng\.yaml:5:36: members\[1\]\.role: is not a role \(got "boss"\); fix: use one of member, manager, owner/,
    );
    expect(e.message).toContain("members[2].role: a group has no role");
    expect(e.message).toContain("members[3].user: declares users/bob@example.com again");
    expect(e.message).toContain("write group: x");
  });

  it.each([
    ["members: []\n", 1, 1, /space: is required/],
    ["space: AAA\nmembers: [\n", 3, 1, /YAML syntax/],
    ["space: a\nspace: b\nmembers: []\n", 2, 1, /YAML syntax: Map keys must be unique/],
    ["", 1, 1, /is empty/],
    [
      "space: AAA\nmode: sync\nmembers: []\n",
      2,
      7,
      /mode: is not an accepted value .*authoritative, additive/,
    ],
    ["space: AAA\nmaxRemovals: 2.5\nmembers: []\n", 2, 14, /maxRemovals: must be a whole number/],
    ["space: A/../B\nmembers: []\n", 1, 8, /space: contains "\.\."/],
    ["space: AAA\nmembers:\n  - users/1%2F..\n", 3, 5, /members\[0\]: contains/],
    ["space: AAA\nmembers:\n  - { app: false }\n", 3, 12, /app: must be true/],
    ["space: AAA\nmembers: [1]\nignore: [users/1]\n", 3, 10, /also declared/],
    ["space: AAA\nuseAdminAccess: true\nmembers: [{ app: true }]\n", 3, 18, /admin access cannot/],
  ])("%j → line %i col %i", (text, line, col, message) => {
    const e = problems(text);
    expect(e.issues[0]).toMatchObject({ line, col });
    expect(e.issues[0]!.message).toMatch(message);
  });
});

describe("loadMemberFile", () => {
  it("reads a file and names it in errors", () => {
    const dir = mkdtempSync(join(tmpdir(), "memberfile-"));
    try {
      const ok = join(dir, "ok.yaml");
      writeFileSync(ok, GOOD);
      expect(loadMemberFile(ok).members).toHaveLength(6);
      const bad = join(dir, "bad.yaml");
      writeFileSync(bad, "space: AAA\nmembers:\n  - nope\n");
      expect(() => loadMemberFile(bad)).toThrow(`${bad}:3:5: members[0]:`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("member-file JSON Schema", () => {
  const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(memberFileSchema);
  it("accepts the documented format", () => {
    expect(
      validate(parseYaml(GOOD.replace("123456789012345678902", '"123456789012345678902"'))),
    ).toBe(true);
  });
  it("rejects what the loader rejects structurally", () => {
    expect(validate({ space: "A", members: [{ group: "g", role: "member" }] })).toBe(false);
    expect(validate({ space: "A", members: [{ user: "a@b.co", role: "boss" }] })).toBe(false);
    expect(validate({ space: "A", members: [], extra: 1 })).toBe(false);
    expect(validate({ members: [] })).toBe(false);
  });
  it("documents every top-level key", () => {
    for (const [key, schema] of Object.entries(memberFileSchema.properties)) {
      expect([key, typeof (schema as { description?: string }).description]).toEqual([
        key,
        "string",
      ]);
    }
  });
});

describe("formatMemberFile", () => {
  const args = parseMemberFile(GOOD, "f.yaml");

  it("writes one member per line with UI role names", () => {
    const text = formatMemberFile(args);
    expect(text).toContain('  - { user: "123456789012345678901", role: owner }\n');
    expect(text).toContain("  - { user: alice@example.com }\n");
    expect(text).toContain("  - { group: g1 }\n");
    expect(text).toContain("  - { app: true }\n");
    expect(text).not.toContain("maxRemovals");
  });

  it("adds a header, schema modeline and one-line member notes", () => {
    const text = formatMemberFile(args, {
      comments: { memberNotes: new Map([["users/alice@example.com", "Alice\nEvil: injected"]]) },
      schemaPath: "../schema/member-file.schema.json",
    });
    expect(text.split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../schema/member-file.schema.json",
    );
    expect(text).toContain("{ user: alice@example.com } # Alice Evil: injected\n");
    expect(parseMemberFile(text, "x")).toEqual(args);
  });

  const role = fc.constantFrom<Role>("ROLE_MEMBER", "ROLE_ASSISTANT_MANAGER", "ROLE_MANAGER");
  const userRef = fc.oneof(
    fc.bigInt({ min: 1n, max: 10n ** 21n }).map(String),
    fc
      .tuple(
        fc.stringMatching(/^[a-z0-9][a-z0-9_+'-]{0,8}(\.[a-z0-9]{1,4})?$/),
        fc.constantFrom("example.com", "b-c.example.org"),
      )
      .map(([l, d]) => `${l}@${d}`),
  );
  const desired: fc.Arbitrary<DesiredMember> = fc.oneof(
    fc
      .tuple(userRef, role)
      .map(([r, ro]) => ({ member: parseMember(r) as { kind: "user"; ref: string }, role: ro })),
    fc
      .stringMatching(/^[A-Za-z0-9_-]{1,12}$/)
      .map((id) => ({ member: { kind: "group" as const, id } })),
    fc.constant<DesiredMember>({ member: { kind: "app" }, role: "ROLE_MEMBER" }),
  );
  const argsArb: fc.Arbitrary<NormalizedSpaceMembersArgs> = fc
    .record({
      space: fc.stringMatching(/^[A-Za-z0-9_-]{1,16}$/).map((id) => `spaces/${id}`),
      mode: fc.constantFrom("authoritative", "additive"),
      members: fc.uniqueArray(desired, { selector: (d) => JSON.stringify(d.member), maxLength: 8 }),
      ignore: fc.uniqueArray(
        fc.constantFrom(
          parseMember("users/app"),
          parseMember("users/42"),
          parseMember("x@example.com"),
        ),
        { selector: (m) => JSON.stringify(m) },
      ),
      maxRemovals: fc.nat({ max: 1000 }),
      useAdminAccess: fc.constant(false),
      removeOnDestroy: fc.boolean(),
      staleInvites: fc.constantFrom("keep" as const, "report" as const, "revoke" as const),
      staleInviteDays: fc.integer({ min: 1, max: 90 }),
      allowExternal: fc.constant(true),
      domains: fc.constant([]),
    })
    .filter(
      (a) =>
        !a.ignore.some((i) =>
          a.members.some((d) => JSON.stringify(d.member) === JSON.stringify(i)),
        ),
    );

  it("property: parse(format(x)) deep-equals x", () => {
    fc.assert(
      fc.property(argsArb, fc.boolean(), (x, comments) => {
        expect(parseMemberFile(formatMemberFile(x, { comments }), "rt.yaml")).toEqual(x);
      }),
      { numRuns: 200 },
    );
  });
});
