import {
  importFileOf,
  importFileText,
  plainName,
  SPACE_MEMBERS_TYPE,
  SPACE_TYPE,
  type ImportFileResult,
  type ImportSource,
} from "../../provider/cli/import-file";

const file = (
  fileName: string,
  space: string,
  origin = `spaces/${fileName}.yaml`,
): ImportSource => ({
  space,
  origin,
  fileName,
});
const bare = (space: string): ImportSource => ({ space, origin: space });

function resources(r: ImportFileResult) {
  if (!r.ok) throw new Error(`expected an import file, got: ${r.problems.join("; ")}`);
  return r.file.resources;
}

function problems(r: ImportFileResult) {
  if (r.ok) throw new Error("expected problems");
  return r.problems;
}

describe("importFileOf", () => {
  it("one ChatSpaceMembers per source, in order: a file by its name, a space by its id", () => {
    const r = importFileOf([
      file("eng-team", "spaces/AAAAeng"),
      file("ops_v2.1", "spaces/AAAAops"),
      bare("spaces/AAAAxyz-_9"),
    ]);
    expect(resources(r)).toEqual([
      { type: SPACE_MEMBERS_TYPE, name: "eng-team", id: "spaces/AAAAeng" },
      { type: SPACE_MEMBERS_TYPE, name: "ops_v2.1", id: "spaces/AAAAops" },
      { type: SPACE_MEMBERS_TYPE, name: "AAAAxyz-_9", id: "spaces/AAAAxyz-_9" },
    ]);
    expect(SPACE_MEMBERS_TYPE).toBe("googlechat:index:ChatSpaceMembers");
  });

  it("a file name that is not plain: a plain name for the code, the file name as logicalName", () => {
    expect(
      resources(
        importFileOf([
          file("Team Chat (EU)", "spaces/AAAA1"),
          file("équipe", "spaces/AAAA2"),
          file("日本", "spaces/-AAAA3"),
        ]),
      ),
    ).toEqual([
      {
        type: SPACE_MEMBERS_TYPE,
        name: "Team-Chat-EU",
        id: "spaces/AAAA1",
        logicalName: "Team Chat (EU)",
      },
      { type: SPACE_MEMBERS_TYPE, name: "equipe", id: "spaces/AAAA2", logicalName: "équipe" },
      // Nothing plain is left of the file name: the space id stands in.
      { type: SPACE_MEMBERS_TYPE, name: "AAAA3", id: "spaces/-AAAA3", logicalName: "日本" },
    ]);
  });

  it("made-up names never take a file's name, nor each other's: -2, -3, …", () => {
    const r = importFileOf([
      file("team chat", "spaces/AAAA1"),
      bare("spaces/team-chat"),
      file("team-chat", "spaces/AAAA2"),
      file("team_chat", "spaces/AAAA3"),
      bare("spaces/team_chat"),
    ]);
    expect(resources(r).map((s) => [s.name, s.logicalName ?? "(name)"])).toEqual([
      // "team-chat" is a file's own name, so the made-up one moves aside.
      ["team-chat-2", "team chat"],
      ["team-chat-3", "(name)"],
      ["team-chat", "(name)"],
      ["team_chat", "(name)"],
      ["team_chat-2", "(name)"],
    ]);
    const names = resources(r).map((s) => s.logicalName ?? s.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("a space named twice is a problem naming both places", () => {
    expect(
      problems(
        importFileOf([
          file("eng", "spaces/AAAA1", "dir/eng.yaml"),
          file("ops", "spaces/AAAA1", "dir/ops.yaml"),
          bare("spaces/AAAA2"),
          bare("spaces/AAAA2"),
          bare("spaces/AAAA1"),
        ]),
      ),
    ).toEqual([
      "spaces/AAAA1 is named by both dir/eng.yaml and dir/ops.yaml; an import file holds each space once: keep one",
      "spaces/AAAA2 is named by both the argument spaces/AAAA2 and the argument spaces/AAAA2; an import file holds each space once: keep one",
      "spaces/AAAA1 is named by both dir/eng.yaml and the argument spaces/AAAA1; an import file holds each space once: keep one",
    ]);
  });

  it("two files with one resource name (a.yaml, a.yml) are a problem: their URNs would collide", () => {
    expect(
      problems(
        importFileOf([file("a", "spaces/AAAA1", "d/a.yaml"), file("a", "spaces/AAAA2", "d/a.yml")]),
      ),
    ).toEqual(['d/a.yaml and d/a.yml both give the resource name "a"; rename one of the files']);
  });

  it("no source: an empty list of resources", () => {
    expect(resources(importFileOf([]))).toEqual([]);
  });
});

describe("plainName", () => {
  it.each([
    ["eng-team", "eng-team"],
    ["v1.2_x", "v1.2_x"],
    ["a  b//c", "a-b-c"],
    ["--x--", "x"],
    [".hidden.", "hidden"],
    ["a - b", "a-b"],
    ["Crème brûlée", "Creme-brulee"],
    ["日本", ""],
  ])("%j → %j", (input, plain) => expect(plainName(input)).toBe(plain));
});

describe("importFileText", () => {
  it("is the JSON `pulumi import --file` reads, ending in a newline", () => {
    const text = importFileText({ resources: resources(importFileOf([bare("spaces/AAAA1")])) });
    expect(text.endsWith("}\n")).toBe(true);
    expect(JSON.parse(text)).toEqual({
      resources: [{ type: "googlechat:index:ChatSpaceMembers", name: "AAAA1", id: "spaces/AAAA1" }],
    });
  });
});

describe("a member file declaring its space (space: { name, … })", () => {
  it("imports the space's settings too: a ChatSpace under the file's name, before its members", () => {
    const r = importFileOf([
      { ...file("platform", "spaces/AAAAplat"), declaresSpace: true },
      { ...file("Team Chat", "spaces/AAAAteam"), declaresSpace: true },
      file("ops", "spaces/AAAAops"),
    ]);
    expect(resources(r)).toEqual([
      // The URN a program naming both after the file gives; a name of its own for the code.
      { type: SPACE_TYPE, name: "platform-space", id: "spaces/AAAAplat", logicalName: "platform" },
      { type: SPACE_MEMBERS_TYPE, name: "platform", id: "spaces/AAAAplat" },
      {
        type: SPACE_TYPE,
        name: "Team-Chat-space",
        id: "spaces/AAAAteam",
        logicalName: "Team Chat",
      },
      {
        type: SPACE_MEMBERS_TYPE,
        name: "Team-Chat",
        id: "spaces/AAAAteam",
        logicalName: "Team Chat",
      },
      { type: SPACE_MEMBERS_TYPE, name: "ops", id: "spaces/AAAAops" },
    ]);
    expect(SPACE_TYPE).toBe("googlechat:index:ChatSpace");
  });
});
