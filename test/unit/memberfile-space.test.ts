// A member file declaring the space it wants (`space: {displayName, …}`): parsed beside its
// members, every problem at file:line:col, the schema in step with the parser, two files for one
// display name refused, and the resource inputs a program gets.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { ChatMembersError } from "../../provider/core";
import {
  loadMemberDirectory,
  memberFileSchema,
  parseMemberFile,
  readMemberFile,
  toResourceArgs,
  toSpaceArgs,
} from "../../provider/memberfile";
import { SPACE_BLOCK_KEYS } from "../../provider/memberfile/space-block";

function lines(run: () => unknown): string[] {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ChatMembersError);
    expect((e as ChatMembersError).code).toBe("MEMBER_FILE");
    return (e as ChatMembersError).issues.map((i) => `${i.line}:${i.col} ${i.message}`);
  }
  throw new Error("expected the member file to be rejected");
}

const NEW = `space:
  displayName: Platform team
  description: Where the platform team talks
  guidelines: Be kind
mode: authoritative
members:
  - { user: alice@example.com, role: owner }
  - { user: carol@example.com, role: manager }
  - group: eng
`;

describe("a member file declaring a new space", () => {
  it("gives the space's settings beside the members, whose space is not known yet", () => {
    const parsed = readMemberFile(NEW, "spaces/platform.yaml");
    expect(parsed.space).toEqual({
      settings: {
        displayName: "Platform team",
        description: "Where the platform team talks",
        guidelines: "Be kind",
      },
    });
    expect(parsed.args.space).toBeUndefined();
    expect(parsed.args.members).toHaveLength(3);
  });

  it("with its name (the space it became): the members name it, parseMemberFile reads it", () => {
    const text = NEW.replace("space:\n", "space:\n  name: AAAAplat\n");
    expect(readMemberFile(text, "f.yaml").space?.name).toBe("spaces/AAAAplat");
    expect(parseMemberFile(text, "f.yaml").space).toBe("spaces/AAAAplat");
  });

  it("parseMemberFile, which needs a space name, says how to load a new space", () => {
    expect(lines(() => parseMemberFile(NEW, "f.yaml"))).toEqual([
      expect.stringMatching(/^1:1 space: declares a new space.*loadMemberDirectory/),
    ]);
  });

  it("reports every problem of the block and the members at once, by line and column", () => {
    const text = `space:
  displayNam: Platform
  description: 5
  guidelines: "${"g".repeat(5001)}"
  name: "no such space"
members:
  - bob
`;
    expect(lines(() => readMemberFile(text, "f.yaml"))).toEqual([
      expect.stringMatching(/^2:3 space.displayName: is required.*fix: add displayName/),
      expect.stringMatching(
        /^2:3 space.displayNam: is not a known key.*known keys: name, displayName, description, guidelines/,
      ),
      expect.stringMatching(/^3:16 space.description: must be text \(got 5\)/),
      expect.stringMatching(/^4:15 space.guidelines: is longer than the API's 5000 characters/),
      expect.stringMatching(/^5:9 space.name: contains whitespace/),
      expect.stringMatching(/^7:5 members\[0\]: is neither an email address/),
    ]);
  });

  it("a display name over Chat's 128 characters, an empty one, a list instead of a mapping", () => {
    const long = `space:\n  displayName: "${"x".repeat(129)}"\nmembers: []\n`;
    expect(lines(() => readMemberFile(long, "f.yaml"))).toEqual([
      expect.stringMatching(/^2:16 space.displayName: is longer than the API's 128 characters/),
    ]);
    expect(lines(() => readMemberFile(`space: { displayName: "" }\nmembers: []\n`, "f"))).toEqual([
      expect.stringMatching(/^1:23 space.displayName: must not be empty/),
    ]);
    expect(lines(() => readMemberFile(`space: [a]\nmembers: []\n`, "f"))).toEqual([
      expect.stringMatching(/^1:8 space: must be text or a mapping/),
    ]);
  });

  it("the JSON Schema editors use accepts exactly the block's keys", () => {
    const schema = memberFileSchema as {
      definitions: { declaredSpace: { properties: Record<string, unknown> } };
    };
    expect(Object.keys(schema.definitions.declaredSpace.properties).sort()).toEqual(
      [...SPACE_BLOCK_KEYS].sort(),
    );
    const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(memberFileSchema);
    expect(validate({ space: { displayName: "P" }, members: [] })).toBe(true);
    expect(validate({ space: { displayName: "P", colour: "red" }, members: [] })).toBe(false);
    expect(validate({ space: { description: "no name" }, members: [] })).toBe(false);
  });

  it("toSpaceArgs and toResourceArgs give a ChatSpace and the ChatSpaceMembers on its name", () => {
    const { args, space } = readMemberFile(NEW, "f.yaml");
    expect(toSpaceArgs(space!)).toEqual(space!.settings);
    const members = toResourceArgs(args, "spaces/MADE");
    expect(members.space).toBe("spaces/MADE");
    expect(members.members[0]).toEqual({ member: "users/alice@example.com", role: "ROLE_MANAGER" });
    expect(() => toResourceArgs(args)).toThrow(/declares a new space.*ChatSpace/);
  });
});

describe("a directory of files declaring spaces", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "spacefiles-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const put = (name: string, text: string) => writeFileSync(join(dir, name), text);

  it("loads them beside files naming a space, each with its declared space", () => {
    put("a.yaml", NEW);
    put("b.yaml", "space: spaces/BBBB\nmembers: []\n");
    const entries = loadMemberDirectory(dir);
    expect(entries.map((e) => [e.name, e.args.space, e.space?.settings.displayName])).toEqual([
      ["a", undefined, "Platform team"],
      ["b", "spaces/BBBB", undefined],
    ]);
  });

  it("refuses two files declaring one display name, or one space name, before any call", () => {
    put("a.yaml", NEW);
    put("b.yaml", NEW);
    put("c.yaml", "space: { name: spaces/CCCC, displayName: C }\nmembers: []\n");
    put("d.yaml", "space: spaces/CCCC\nmembers: []\n");
    const issues = lines(() => loadMemberDirectory(dir));
    expect(issues).toEqual([
      expect.stringMatching(
        /^2:16 space.displayName: "Platform team" is also declared in .*a.yaml.*fix: rename one/,
      ),
      expect.stringMatching(/^1:8 space: spaces\/CCCC is also declared in .*c.yaml/),
    ]);
  });
});

describe("the block takes ChatSpace's settings (the core model)", () => {
  it("history, audience, preset, permissions in the UI's words; bad values by line", () => {
    const text = `space:
  displayName: Ops
  history: off
  audience: audiences/default
  preset: announcement
  externalUserAllowed: false
  permissions:
    manageMembersAndGroups: owners-and-managers
    useAtMentionAll: owners
members: []
`;
    expect(readMemberFile(text, "f.yaml").space?.settings).toEqual({
      displayName: "Ops",
      history: "off",
      audience: "audiences/default",
      preset: "announcement",
      externalUserAllowed: false,
      permissions: { manageMembersAndGroups: "owners-and-managers", useAtMentionAll: "owners" },
    });
    const bad = `space:
  displayName: Ops
  history: sometimes
  audience: everyone
  permissions:
    manageMembers: owners
    useAtMentionAll: admins
    postMessages: owners
members: []
`;
    expect(lines(() => readMemberFile(bad, "f.yaml"))).toEqual([
      expect.stringMatching(/^3:12 space.history: is not an accepted value.*use one of on, off/),
      expect.stringMatching(/^4:13 space.audience: /),
      expect.stringMatching(/^6:5 space.permissions.manageMembers: is not a known key/),
      expect.stringMatching(/^7:22 space.permissions.useAtMentionAll: is not an accepted value/),
      expect.stringMatching(/^8:5 space.permissions.postMessages: is not a known key/),
    ]);
  });
});
