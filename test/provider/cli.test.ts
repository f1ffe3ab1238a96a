// The compiled chat-members CLI as a user runs it: a child process against a local emulator.
import { execFile, execFileSync } from "node:child_process";
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
import { isEmptyPlan, planSpace, type LiveMembership } from "../../provider/core";
import { loadMemberFile } from "../../provider/memberfile";

const ROOT = join(__dirname, "../..");
const CLI = join(ROOT, "dist/provider/cli/chat-members.js");
const SPACE = "spaces/AAAAdemo01";
const run = promisify(execFile);

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

/** The control API's view as the planner keys it; the calling app's membership is users/app. */
function live(raw: readonly RawMembership[]): LiveMembership[] {
  return raw.map((m) => ({
    name: m.name,
    memberName:
      m.groupMember?.name ?? (m.member!.name === `users/${appId}` ? "users/app" : m.member!.name),
    memberType: m.groupMember ? "GROUP" : m.member!.type,
    role: m.role ?? "MEMBERSHIP_ROLE_UNSPECIFIED",
    state: m.state,
  }));
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
  it("writes users, the invited external user, the group and the app; loading it equals the live list", async () => {
    const r = await cli(["export", SPACE, "--credentials", creds, "-o", "team.yaml"]);
    expect(r).toMatchObject({ code: 0, stdout: "" });
    expect(r.stderr).toMatch(
      /exported spaces\/AAAAdemo01: 4 users \(1 invited\), 1 group, the app/,
    );
    const text = readFileSync(join(dir, "team.yaml"), "utf8");
    expect(text).toMatch(/^# yaml-language-server: \$schema=\S+member-file\.schema\.json$/m);
    expect(text).toMatch(
      /^# .*exported by chat-members from the emulator at http:\/\/127\.0\.0\.1/m,
    );
    expect(text).toContain('{ user: "100000000000000000001", role: owner }');
    expect(text).toContain('{ user: "100000000000000000003", role: manager }');
    expect(text).toMatch(/\{ user: "100000000000000000004", role: member \} # invited/);
    expect(text).toContain("{ group: eng }");
    expect(text).toContain("{ app: true }");

    const args = loadMemberFile(join(dir, "team.yaml"));
    const liveList = live(await emu.control.listMembers(SPACE));
    const otherApp = liveList.find((l) => l.memberType === "BOT" && l.memberName !== "users/app");
    expect(args.ignore).toEqual([{ kind: "user", ref: otherApp!.memberName.slice(6) }]);
    const declared = args.members
      .map((d) => {
        const name =
          d.member.kind === "user"
            ? `users/${d.member.ref}`
            : d.member.kind === "group"
              ? `groups/${d.member.id}`
              : "users/app";
        return `${name} ${"role" in d ? d.role : "MEMBERSHIP_ROLE_UNSPECIFIED"}`;
      })
      .sort();
    const expected = liveList
      .filter((l) => l !== otherApp)
      .map((l) => `${l.memberName} ${l.role}`)
      .sort();
    expect(declared).toEqual(expected);
    expect(isEmptyPlan(planSpace(args.members, liveList, args))).toBe(true);
  });

  it("writes to standard output, in additive mode when asked", async () => {
    const r = await cli(["export", "AAAAdemo01", "--mode", "additive", "--credentials", creds]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^mode: additive$/m);
    expect(r.stdout).toMatch(/^space: spaces\/AAAAdemo01$/m);
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
    expect(r.stdout).toMatch(/Exit codes:/);
  });
});

describe("chat-members validate", () => {
  it("accepts good files and directories", async () => {
    await cli(["export", SPACE, "--credentials", creds, "-o", "good.yaml", "--force"]);
    const r = await cli(["validate", "good.yaml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("good.yaml: ok (spaces/AAAAdemo01, authoritative, 6 members)\n");
    mkdirSync(join(dir, "spaces"));
    copyFileSync(join(dir, "good.yaml"), join(dir, "spaces/team.yml"));
    const d = await cli(["validate", "spaces"]);
    expect(d).toMatchObject({
      code: 0,
      stdout: `${join("spaces", "team.yml")}: ok (spaces/AAAAdemo01, authoritative, 6 members)\n`,
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
