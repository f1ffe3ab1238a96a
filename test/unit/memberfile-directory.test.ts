import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChatMembersError } from "../../provider/core";
import { loadMemberDirectory, loadMemberFiles, memberFilesIn } from "../../provider/memberfile";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "memberdir-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const put = (name: string, text: string) => writeFileSync(join(dir, name), text);
const file = (space: string, members = "[alice@example.com]") =>
  `space: ${space}\nmembers: ${members}\n`;

function failure(run: () => unknown): ChatMembersError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ChatMembersError);
    expect((e as ChatMembersError).code).toBe("MEMBER_FILE");
    return e as ChatMembersError;
  }
  throw new Error("expected a MEMBER_FILE error");
}

describe("loadMemberDirectory", () => {
  it("loads every *.yaml and *.yml file, sorted, named after the file", () => {
    put("b-team.yml", file("spaces/BBBB"));
    put("a-team.yaml", file("AAAA", "[{ user: bob@example.com, role: owner }]"));
    put("README.md", "not a member file");
    put(".draft.yaml", "broken: [");
    mkdirSync(join(dir, "nested.yaml"));
    const entries = loadMemberDirectory(dir);
    expect(entries.map((e) => [e.name, e.file, e.args.space])).toEqual([
      ["a-team", join(dir, "a-team.yaml"), "spaces/AAAA"],
      ["b-team", join(dir, "b-team.yml"), "spaces/BBBB"],
    ]);
    expect(entries[0]!.args.members).toEqual([
      { member: { kind: "user", ref: "bob@example.com" }, role: "ROLE_MANAGER" },
    ]);
  });

  it("reports every problem of every file in one error, with file:line:col", () => {
    put("a.yaml", "space: AAAA\nmembers:\n  - { user: bob@, role: boss }\n");
    put("b.yaml", file("BBBB"));
    put("c.yaml", "space: CCCC\nmembers: [x@example.com]\nfoo: 1\n");
    const e = failure(() => loadMemberDirectory(dir));
    expect(e.issues.map((i) => `${i.file}:${i.line}:${i.col}`)).toEqual([
      `${join(dir, "a.yaml")}:3:13`,
      `${join(dir, "a.yaml")}:3:25`,
      `${join(dir, "c.yaml")}:3:1`,
    ]);
    const lines = e.message.split("\n");
    expect(lines[0]).toBe(`${dir}: 3 problems in 2 member files`);
    expect(lines[1]).toMatch(/a\.yaml:3:13: members\[0\]\.user: is not a valid email/);
    expect(lines[3]).toMatch(/c\.yaml:3:1: foo: is not a known key/);
  });

  it("fails on two files for one space, naming both and pointing at the space line", () => {
    put("one.yaml", file("spaces/AAAA"));
    put("two.yaml", "# same space, other spelling\nmode: additive\nspace: AAAA\nmembers: []\n");
    const e = failure(() => loadMemberDirectory(dir));
    expect(e.issues).toHaveLength(1);
    const [i] = e.issues;
    expect(i).toMatchObject({ file: join(dir, "two.yaml"), line: 3, col: 8 });
    expect(i!.message).toContain(join(dir, "one.yaml"));
    expect(i!.message).toContain("spaces/AAAA");
  });

  it("fails when two files give the same resource name", () => {
    put("team.yaml", file("AAAA"));
    put("team.yml", file("BBBB"));
    const e = failure(() => loadMemberDirectory(dir));
    expect(e.issues[0]!.message).toMatch(/resource name "team", as .*team\.yaml/);
  });

  it("refuses an empty or missing directory unless allowed", () => {
    expect(failure(() => loadMemberDirectory(dir)).message).toMatch(/holds no \*\.yaml/);
    expect(loadMemberDirectory(dir, { allowEmpty: true })).toEqual([]);
    expect(failure(() => loadMemberDirectory(join(dir, "nope"))).message).toMatch(/ENOENT/);
  });

  it("loadMemberFiles reports an unreadable file among the others", () => {
    put("ok.yaml", file("AAAA"));
    const e = failure(() => loadMemberFiles([join(dir, "ok.yaml"), join(dir, "gone.yaml")]));
    expect(e.issues).toEqual([expect.objectContaining({ file: join(dir, "gone.yaml"), line: 1 })]);
    expect(e.issues[0]!.message).toMatch(/cannot be read \(ENOENT\)/);
  });

  it("memberFilesIn sorts by code point, not locale", () => {
    put("b.yaml", "");
    put("B.yaml", "");
    put("a.YML", "");
    expect(memberFilesIn(dir).map((f) => f.slice(dir.length + 1))).toEqual([
      "B.yaml",
      "a.YML",
      "b.yaml",
    ]);
  });
});
