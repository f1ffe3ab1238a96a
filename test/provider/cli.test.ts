// The compiled chat-members CLI as a user runs it: a child process against a local emulator.
import { execFile, execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startEmulator, type RawMembership } from "../../emulator/index";
import { isEmptyPlan, planSpace, type LiveMembership, type SpaceView } from "../../provider/core";
import { toViewMember } from "../../provider/reconcile/resolve";
import { loadMemberFile } from "../../provider/memberfile";

const ROOT = join(__dirname, "../..");
const CLI = join(ROOT, "dist/provider/cli/chat-members.js");
const SPACE = "spaces/AAAAdemo01";
const run = promisify(execFile);

// Every case starts the compiled CLI as a child process: seconds apart on a loaded 2-core
// machine, which is not what these tests measure.
jest.setTimeout(30_000);

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emu: Emulator;
let dir: string;
let creds: string;
let appId: string;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: Record<string, string> = {}): Promise<Result> {
  try {
    const r = await run(process.execPath, [CLI, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", CHAT_EMULATOR_HOST: emu.hostPort, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof x.code !== "number") throw e;
    return { code: x.code, stdout: x.stdout ?? "", stderr: x.stderr ?? "" };
  }
}

/** One line on stderr, naming the tool. */
function expectOneLineError(r: Result, code: number, pattern: RegExp) {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe("");
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(/^chat-members: /);
  expect(r.stderr).toMatch(pattern);
}

/** The control API's list as the planner sees the space; the calling app's membership is users/app. */
function view(raw: readonly RawMembership[]): SpaceView {
  const live: LiveMembership[] = raw.map((m) => ({
    name: m.name,
    memberName: m.groupMember?.name ?? m.member!.name,
    memberType: m.groupMember ? "GROUP" : m.member!.type,
    role: m.role ?? "MEMBERSHIP_ROLE_UNSPECIFIED",
    state: m.state,
    ...(m.member?.email ? { email: m.member.email } : {}),
  }));
  return {
    space: SPACE,
    members: live.map((l) => toViewMember(l, `users/${appId}`)),
    caller: "users/100000000000000000001",
    unresolvedEmails: [],
  };
}

beforeAll(async () => {
  // The test runs what users run: the build output.
  try {
    execFileSync(
      process.execPath,
      [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
      {
        cwd: ROOT,
        stdio: "pipe",
      },
    );
  } catch {
    // Type errors elsewhere in the tree still emit; the CLI's presence is what matters.
  }
  expect(existsSync(CLI)).toBe(true);
  emu = await startEmulator();
  const c = emu.control;
  await c.addMember(SPACE, { member: "carol@example.com", role: "ROLE_ASSISTANT_MANAGER" });
  await c.addMember(SPACE, { member: "dave@partner.example", state: "INVITED" });
  await c.addMember(SPACE, { member: "groups/eng" });
  const app = await c.addMember(SPACE, { member: "users/app" });
  appId = app.member!.name.slice("users/".length);
  await c.addMember(SPACE, { member: "app:other-project" });
  dir = mkdtempSync(join(tmpdir(), "chat-members-cli-"));
  creds = join(dir, "alice.json");
  writeFileSync(creds, JSON.stringify(await c.mintAuthorizedUser({ user: "alice@example.com" })));
}, 120_000);

afterAll(async () => {
  await emu?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("chat-members export", () => {
  it("writes users by email, the invited external user, the group and the app; applying it plans nothing", async () => {
    const r = await cli(["export", SPACE, "--credentials", creds, "-o", "team.yaml"]);
    expect(r).toMatchObject({ code: 0, stdout: "" });
    expect(r.stderr).toMatch(
      /exported spaces\/AAAAdemo01: 4 users \(1 invited, 1 external\), 1 group, the app/,
    );
    const text = readFileSync(join(dir, "team.yaml"), "utf8");
    expect(text).toMatch(/^# yaml-language-server: \$schema=\S+member-file\.schema\.json$/m);
    expect(text).toMatch(
      /^# .*exported by chat-members from the emulator at http:\/\/127\.0\.0\.1/m,
    );
    expect(text).toMatch(/^ {2}- \{ user: alice@example\.com, role: owner \}/m);
    expect(text).toMatch(/^ {2}- \{ user: carol@example\.com, role: manager \}/m);
    expect(text).toMatch(/^ {2}- \{ user: bob@example\.com, role: member \}/m);
    expect(text).toMatch(
      /^ {2}- \{ user: dave@partner\.example, role: member \} # .*external — invited, has not joined yet$/m,
    );
    expect(text).not.toMatch(/user: "\d+"|numeric id|without an email/);
    expect(text).toContain("{ group: eng }");
    expect(text).toContain("{ app: true }");

    const args = loadMemberFile(join(dir, "team.yaml"));
    const raw = await emu.control.listMembers(SPACE);
    const otherApp = raw.find(
      (m) => m.member?.type === "BOT" && m.member.name !== `users/${appId}`,
    );
    expect(args.ignore).toEqual([{ kind: "user", ref: otherApp!.member!.name.slice(6) }]);
    expect(args.members).toHaveLength(raw.length - 1);
    expect(isEmptyPlan(planSpace(view(raw), args))).toBe(true);
  });

  it("against an API revision without emails: numeric ids, each with a comment saying why", async () => {
    await emu.control.setApiRevision("legacy");
    try {
      const r = await cli(["export", SPACE, "--credentials", creds]);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/4 users \(1 invited, 4 without email, written as users\/\{id\}\)/);
      expect(r.stdout).toContain(
        '{ user: "100000000000000000001", role: owner } # no email from the API (older API revision or not visible to the caller); numeric id',
      );
      expect(r.stdout).toMatch(/^# 4 user\(s\) came without an email/m);
      expect(r.stdout).not.toMatch(/@/);
    } finally {
      await emu.control.setApiRevision("20261107");
    }
  });

  it("writes to standard output, in additive mode when asked", async () => {
    const r = await cli(["export", "AAAAdemo01", "--mode", "additive", "--credentials", creds]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^mode: additive$/m);
    expect(r.stdout).toMatch(/^space:\n {2}name: spaces\/AAAAdemo01\n/m);
  });

  it("writes the space's settings (one spaces.get) as the space block, or none with --no-settings", async () => {
    await emu.control.resetLog();
    const r = await cli(["export", SPACE, "--credentials", creds]);
    expect(r.code).toBe(0);
    const rpcs = (await emu.control.requests()).map((q) => q.rpc);
    expect(rpcs.filter((x) => x === "spaces.get")).toHaveLength(1);
    const block = r.stdout.slice(r.stdout.indexOf("\nspace:") + 1, r.stdout.indexOf("\nmode:"));
    expect(block.split("\n")).toEqual(
      expect.arrayContaining([
        "space:",
        `  name: ${SPACE}`,
        "  displayName: Platform Team",
        "  externalUserAllowed: true",
        "  history: on",
        "  audience: private",
        "  preset: collaboration",
        "  permissions:",
        "    manageMembersAndGroups: everyone",
        "    modifySpaceDetails: owners-and-managers",
      ]),
    );
    const bare = await cli(["export", SPACE, "--credentials", creds, "--no-settings"]);
    expect(bare.stdout).toMatch(/^space: spaces\/AAAAdemo01$/m);
  });

  it("never overwrites a file without --force", async () => {
    writeFileSync(join(dir, "keep.yaml"), "precious\n");
    const r = await cli(["export", SPACE, "--credentials", creds, "-o", "keep.yaml"]);
    expectOneLineError(r, 3, /keep\.yaml already exists; pass --force/);
    expect(readFileSync(join(dir, "keep.yaml"), "utf8")).toBe("precious\n");
    const forced = await cli([
      "export",
      SPACE,
      "--credentials",
      creds,
      "-o",
      "keep.yaml",
      "--force",
    ]);
    expect(forced.code).toBe(0);
    expect(loadMemberFile(join(dir, "keep.yaml")).space).toBe(SPACE);
  });

  it("uses Application Default Credentials from GOOGLE_APPLICATION_CREDENTIALS", async () => {
    const r = await cli(["export", SPACE], { GOOGLE_APPLICATION_CREDENTIALS: creds });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("{ app: true }");
  });

  it("with app authentication (a service-account key) lists no apps", async () => {
    const key = join(dir, "sa.json");
    writeFileSync(key, JSON.stringify(await emu.control.mintServiceAccountKey({})));
    const r = await cli(["export", SPACE, "--credentials", key]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("app: true");
    expect(r.stdout).not.toContain("ignore:");
    expect(r.stdout).toContain("{ group: eng }");
  });

  it("bad credentials: one line, exit 3, no secret echoed", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({
        type: "authorized_user",
        client_id: "nobody",
        client_secret: "s3cret-value",
        refresh_token: "1//refresh-secret",
      }),
    );
    const r = await cli(["export", SPACE, "--credentials", bad]);
    expectOneLineError(r, 3, /token endpoint refused the credentials.*check --credentials/);
    expect(r.stderr).not.toMatch(/s3cret-value|refresh-secret/);
    expectOneLineError(
      await cli(["export", SPACE, "--credentials", join(dir, "missing.json")]),
      3,
      /--credentials: cannot read .*ENOENT/,
    );
  });

  it("an unknown space: one line naming the call, exit 4", async () => {
    const r = await cli(["export", "spaces/AAAAnothere", "--credentials", creds]);
    expectOneLineError(r, 4, /spaces\.members\.list spaces\/AAAAnothere: NOT_FOUND/);
  });

  it("usage errors exit 2 before any API call", async () => {
    await emu.control.resetLog();
    expectOneLineError(await cli(["export"]), 2, /export takes one space/);
    expectOneLineError(await cli(["export", SPACE, "--mode", "strict"]), 2, /--mode: "strict"/);
    expectOneLineError(await cli(["export", "spaces/a b"]), 2, /contains whitespace/);
    expectOneLineError(await cli(["export", SPACE, "--nope"]), 2, /--nope/);
    expectOneLineError(await cli(["frobnicate"]), 2, /unknown command "frobnicate"/);
    expect(await emu.control.requests()).toEqual([]);
  });

  it("--help lists the commands and the exit codes", async () => {
    const r = await cli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/export <space>/);
    expect(r.stdout).toMatch(/validate <file\|dir>/);
    expect(r.stdout).toMatch(/import-file <dir\|file\|space>/);
    expect(r.stdout).toMatch(/report \[FILE\|-\]/);
    expect(r.stdout).toMatch(/Exit codes:/);
  });
});

describe("chat-members validate", () => {
  it("accepts good files and directories", async () => {
    await cli(["export", SPACE, "--credentials", creds, "-o", "good.yaml", "--force"]);
    const r = await cli(["validate", "good.yaml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "good.yaml: ok (spaces/AAAAdemo01 with its settings, authoritative, 6 members)\n",
    );
    mkdirSync(join(dir, "spaces"));
    copyFileSync(join(dir, "good.yaml"), join(dir, "spaces/team.yml"));
    const d = await cli(["validate", "spaces"]);
    expect(d).toMatchObject({
      code: 0,
      stdout: `${join("spaces", "team.yml")}: ok (spaces/AAAAdemo01 with its settings, authoritative, 6 members)\n`,
    });
  });

  it("prints every error as file:line:col: message and exits 1", async () => {
    writeFileSync(
      join(dir, "broken.yml"),
      [
        "space: spaces/BROKEN",
        "mode: sometimes",
        "members:",
        "  - { user: bob@, role: boss }",
        "  - { group: eng, role: owner }",
        "colour: blue",
        "",
      ].join("\n"),
    );
    const r = await cli(["validate", "broken.yml"]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.map((l) => l.split(": ")[0])).toEqual([
      "broken.yml:2:7",
      "broken.yml:4:13",
      "broken.yml:4:25",
      "broken.yml:5:19",
      "broken.yml:6:1",
    ]);
    expect(lines[4]).toMatch(/colour: is not a known key/);
    expect(r.stderr).toBe("chat-members: 5 problems in 1 of 1 member file\n");
  });

  it("finds a space declared in two files, and GitHub annotations on request", async () => {
    writeFileSync(join(dir, "again.yaml"), "space: AAAAdemo01\nmembers: []\n");
    const r = await cli(["validate", "--format", "github", "good.yaml", "again.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      "::error file=again.yaml,line=1,col=8::space: spaces/AAAAdemo01 is also declared in good.yaml; fix: keep one file per space (merge again.yaml into good.yaml)\n",
    );
  });

  it("a missing file is a located problem too", async () => {
    const r = await cli(["validate", "nope.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^nope\.yaml:1:1: \(file\): cannot be read \(ENOENT\)$/m);
  });
});

describe("chat-members import-file", () => {
  const put = (name: string, space: string) =>
    writeFileSync(join(dir, "imports", name), `space: ${space}\nmembers: [alice@example.com]\n`);
  const entries = (text: string) =>
    (JSON.parse(text) as { resources: Record<string, string>[] }).resources;

  beforeAll(() => {
    mkdirSync(join(dir, "imports"));
    put("eng-team.yaml", "spaces/AAAAeng");
    put("ops.yml", "AAAAops");
    put("Team Chat.yaml", "spaces/AAAAchat");
  });

  it("a directory and spaces → the pulumi import file on standard output, no API call", async () => {
    await emu.control.resetLog();
    const r = await cli(["import-file", "imports", "spaces/AAAAextra"]);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stderr).toBe("chat-members: 4 spaces (googlechat:index:ChatSpaceMembers)\n");
    const type = "googlechat:index:ChatSpaceMembers";
    expect(entries(r.stdout)).toEqual([
      { type, name: "Team-Chat", id: "spaces/AAAAchat", logicalName: "Team Chat" },
      { type, name: "eng-team", id: "spaces/AAAAeng" },
      { type, name: "ops", id: "spaces/AAAAops" },
      { type, name: "AAAAextra", id: "spaces/AAAAextra" },
    ]);
    expect(await emu.control.requests()).toEqual([]);
  });

  it("-o writes the file, and never overwrites it without --force", async () => {
    const r = await cli(["import-file", join("imports", "ops.yml"), "-o", "import.json"]);
    expect(r).toMatchObject({
      code: 0,
      stdout: "",
      stderr:
        "chat-members: 1 space (googlechat:index:ChatSpaceMembers) → import.json; next: pulumi import --file import.json\n",
    });
    expect(entries(readFileSync(join(dir, "import.json"), "utf8"))).toEqual([
      { type: "googlechat:index:ChatSpaceMembers", name: "ops", id: "spaces/AAAAops" },
    ]);
    expectOneLineError(
      await cli(["import-file", "imports", "-o", "import.json"]),
      3,
      /import\.json already exists; pass --force/,
    );
    expect(entries(readFileSync(join(dir, "import.json"), "utf8"))).toHaveLength(1);
    expect((await cli(["import-file", "imports", "-o", "import.json", "--force"])).code).toBe(0);
    expect(entries(readFileSync(join(dir, "import.json"), "utf8"))).toHaveLength(3);
  });

  it("bad member files: validate's messages on stderr, exit 1, nothing written", async () => {
    writeFileSync(join(dir, "imports", "zz-broken.yaml"), "space: AAAAzz\nmembers: [bob@]\n");
    writeFileSync(join(dir, "imports", "zz-again.yaml"), "space: spaces/AAAAeng\nmembers: []\n");
    try {
      const r = await cli(["import-file", "imports", "-o", "never.json"]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines[0]).toMatch(/^imports\/zz-broken\.yaml:2:\d+: /);
      expect(lines[1]).toBe(
        `${join("imports", "zz-again.yaml")}:1:8: space: spaces/AAAAeng is also declared in ${join("imports", "eng-team.yaml")}; fix: keep one file per space (merge ${join("imports", "zz-again.yaml")} into ${join("imports", "eng-team.yaml")})`,
      );
      expect(lines.slice(2)).toEqual([
        "chat-members: 2 problems in 2 of 5 member files",
        "chat-members: no import file written",
      ]);
      expect(existsSync(join(dir, "never.json"))).toBe(false);
    } finally {
      rmSync(join(dir, "imports", "zz-broken.yaml"));
      rmSync(join(dir, "imports", "zz-again.yaml"));
    }
  });

  it("a space given twice, or an argument that is neither path nor space: one line, exit 2", async () => {
    expectOneLineError(
      await cli(["import-file", "imports", "spaces/AAAAops"]),
      2,
      /spaces\/AAAAops is named by both imports\/ops\.yml and the argument spaces\/AAAAops/,
    );
    expectOneLineError(await cli(["import-file"]), 2, /give a directory of member files/);
    expectOneLineError(
      await cli(["import-file", "imprts"]),
      2,
      /"imprts" is neither a member file or directory nor a space name/,
    );
    expectOneLineError(await cli(["import-file", "spaces/a b"]), 2, /contains whitespace/);
    mkdirSync(join(dir, "empty"));
    expectOneLineError(
      await cli(["import-file", "empty"]),
      2,
      /no \*\.yaml or \*\.yml member file in empty/,
    );
  });
});

describe("member files declaring their space", () => {
  const NEW = [
    "space:",
    "  displayName: Platform team",
    "  description: Where the platform team talks",
    "mode: authoritative",
    "members:",
    "  - { user: alice@example.com, role: owner }",
    "  - { user: carol@example.com, role: manager }",
    "",
  ].join("\n");

  beforeAll(() => {
    mkdirSync(join(dir, "declared"));
    writeFileSync(join(dir, "declared", "platform.yaml"), NEW);
    writeFileSync(
      join(dir, "declared", "eng.yaml"),
      "space: { name: spaces/AAAAeng, displayName: Eng }\nmembers: [alice@example.com]\n",
    );
  });

  it("validate accepts them and says which space each declares", async () => {
    const r = await cli(["validate", "declared"]);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toBe(
      [
        `${join("declared", "eng.yaml")}: ok (spaces/AAAAeng with its settings, authoritative, 1 members)`,
        `${join("declared", "platform.yaml")}: ok (a new space "Platform team", authoritative, 2 members)`,
        "",
      ].join("\n"),
    );
  });

  it("validate locates every problem of a space block", async () => {
    writeFileSync(
      join(dir, "bad-space.yaml"),
      "space:\n  displayName: P\n  colour: red\n  name: 12 monkeys\nmembers: []\n",
    );
    const r = await cli(["validate", "bad-space.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split("\n")).toEqual([
      expect.stringMatching(/^bad-space\.yaml:3:3: space\.colour: is not a known key/),
      expect.stringMatching(/^bad-space\.yaml:4:9: space\.name: contains whitespace/),
    ]);
  });

  it("import-file imports a declared space's settings beside its members, and leaves out a space not made yet", async () => {
    await emu.control.resetLog();
    const r = await cli(["import-file", "declared"]);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stderr).toBe(
      [
        `chat-members: left out ${join("declared", "platform.yaml")}: it declares a new space (no space.name yet), which the next pulumi up makes`,
        "chat-members: 1 space (googlechat:index:ChatSpaceMembers), 1 with its settings (googlechat:index:ChatSpace)",
        "",
      ].join("\n"),
    );
    expect((JSON.parse(r.stdout) as { resources: unknown[] }).resources).toEqual([
      {
        type: "googlechat:index:ChatSpace",
        name: "eng-space",
        id: "spaces/AAAAeng",
        logicalName: "eng",
      },
      { type: "googlechat:index:ChatSpaceMembers", name: "eng", id: "spaces/AAAAeng" },
    ]);
    expect(await emu.control.requests()).toEqual([]);
  });
});

describe("chat-members report", () => {
  const FIXTURES = join(ROOT, "test/unit/fixtures/report");

  it("turns a preview JSON file into the Markdown report", async () => {
    const r = await cli(["report", join(FIXTURES, "update-0.1.0.json"), "--title", "Members"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout.split("\n")).toEqual(
      expect.arrayContaining([
        "### Members",
        "| erin@example.com | joins | member |  |",
        "| carol@example.com | role change | manager → owner |  |",
        "| bob@example.com | leaves | member |  |",
        "<details><summary>Raw diff (5 lines)</summary>",
      ]),
    );
  });

  it("reads standard input, and makes no API call", async () => {
    await emu.control.resetLog();
    const r = spawnSync(process.execPath, [CLI, "report"], {
      input: readFileSync(join(FIXTURES, "guard-0.1.0.json")),
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^> - \*\*too many removals\*\* \(`team`\): /m);
    expect(await emu.control.requests()).toEqual([]);
  });

  it("input that is not a preview, or a missing file: one line, exit 3; bad options: exit 2", async () => {
    writeFileSync(join(dir, "preview.txt"), "Previewing update (test):\n  + create\n");
    expectOneLineError(
      await cli(["report", "preview.txt"]),
      3,
      /preview\.txt: the input is not JSON .*; fix: pass the standard output of `pulumi preview --json`/,
    );
    expectOneLineError(
      await cli(["report", "nope.json"]),
      3,
      /nope\.json: cannot read the preview JSON \(ENOENT\)/,
    );
    expectOneLineError(
      await cli(["report", "a.json", "b.json"]),
      2,
      /report takes one preview JSON file/,
    );
    expectOneLineError(
      await cli(["report", "a.json", "--max-chars", "lots"]),
      2,
      /--max-chars: "lots" is not a positive whole number/,
    );
  });
});
