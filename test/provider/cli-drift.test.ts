// `chat-members drift` against the emulator, the compiled CLI as a user runs it: exit codes (0 no
// drift, 5 drift, 1 bad file, 2 usage), the text, GitHub-annotation, Markdown (the drift issue's
// body) and JSON outputs, stale invitations, and the calls: one list per space, one events call
// per space that drifted, none for one that did not.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startEmulator } from "../../emulator/index";
import type { DriftResult } from "../../provider/cli/drift-command";

const ROOT = join(__dirname, "../..");
const CLI = join(ROOT, "dist/provider/cli/chat-members.js");

// Each case starts the compiled CLI: seconds apart on a loaded machine.
jest.setTimeout(60_000);

const SPACE = "spaces/AAAAdemo01";
const AT = "2026-12-03T14:02:00.000Z";
let emu: Awaited<ReturnType<typeof startEmulator>>;
let dir: string;
let creds: string;

const TEAM = `space: ${SPACE}
members:
  - { user: alice@example.com, role: owner }
  - { user: bob@example.com, role: member }
`;

async function drift(...args: string[]) {
  const argv = [CLI, "drift", ...args, "--credentials", creds, "--emulator-host", emu.hostPort];
  try {
    const r = await promisify(execFile)(process.execPath, argv, {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "" },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof x.code !== "number") throw e;
    return { code: x.code, stdout: x.stdout ?? "", stderr: x.stderr ?? "" };
  }
}
const calls = async (rpc: string) => (await emu.control.counters())[rpc]?.total ?? 0;

beforeAll(async () => {
  // What users run: the build output (type errors elsewhere still emit).
  try {
    execFileSync(
      process.execPath,
      [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
      { cwd: ROOT, stdio: "pipe" },
    );
  } catch {
    // the CLI's presence is what matters
  }
  expect(existsSync(CLI)).toBe(true);
  emu = await startEmulator({ port: 0, quotas: { enabled: false } });
  dir = mkdtempSync(join(tmpdir(), "chat-members-drift-"));
  mkdirSync(join(dir, "spaces"));
  writeFileSync(join(dir, "spaces/team.yaml"), TEAM);
  creds = join(dir, "alice.json");
  writeFileSync(
    creds,
    JSON.stringify(await emu.control.mintAuthorizedUser({ user: "alice@example.com" })),
  );
});
afterAll(async () => {
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await emu.control.reset();
  await emu.control.resetLog();
});

it("no drift: exit 0, one list, no events call", async () => {
  const r = await drift("spaces");
  expect(r).toMatchObject({ code: 0, stdout: `${SPACE} (spaces/team.yaml): no drift\n` });
  expect(r.stderr).toBe("chat-members: 0 of 1 space drifted\n");
  expect(await calls("spaces.members.list")).toBe(1);
  expect(await calls("spaces.spaceEvents.list")).toBe(0);
});

it("drift: exit 5, each change with its time, the author unknown, and what the next up does", async () => {
  await emu.control.addMember(
    SPACE,
    { member: "carol@example.com" },
    { actor: "erin@example.com", at: AT },
  );
  await emu.control.setRole(SPACE, "bob@example.com", "ROLE_ASSISTANT_MANAGER", { at: AT });
  const r = await drift("spaces");
  expect(r.code).toBe(5);
  const author = "author unknown: Chat's membership events do not name who made a change";
  expect(r.stdout.split("\n")).toEqual([
    `${SPACE} (spaces/team.yaml): 2 changed out of band`,
    `  + carol@example.com added as member out of band on 2026-12-03 14:02 UTC (${author}); not declared: the next up removes them`,
    `  ~ bob@example.com re-roled member → manager out of band on 2026-12-03 14:02 UTC (${author}); declared member: the next up makes them member`,
    "",
  ]);
  expect(r.stdout).not.toContain("erin");
  expect(await calls("spaces.members.list")).toBe(1);
  expect(await calls("spaces.spaceEvents.list")).toBe(1);
});

it("--format github: one annotation per change, on the member file", async () => {
  await emu.control.addMember(SPACE, { member: "carol@example.com" }, { at: AT });
  const r = await drift("spaces/team.yaml", "--format", "github");
  expect(r.code).toBe(5);
  expect(r.stdout).toBe(
    "::warning file=spaces/team.yaml,title=Drift in spaces/AAAAdemo01::carol@example.com added as member out of band on 2026-12-03 14:02 UTC (author unknown%3A Chat's membership events do not name who made a change); not declared%3A the next up removes them\n".replace(
      /%3A/g,
      ":",
    ),
  );
});

it("--json and stale invitations (--stale-days); the file's staleInvites: revoke says the next up removes it", async () => {
  const old = new Date(Date.now() - 20 * 86_400_000).toISOString();
  await emu.control.addMember(
    SPACE,
    { member: "dave@partner.example", state: "INVITED" },
    { at: old },
  );
  const r = await drift("spaces", "--json");
  expect(r.code).toBe(5);
  const json = JSON.parse(r.stdout) as DriftResult;
  expect(json.drifted).toBe(1);
  expect(json.spaces[0]!.changes.map((c) => [c.kind, c.label, c.next])).toEqual([
    ["added", "dave@partner.example", "not declared: the next up removes them"],
  ]);
  expect(json.spaces[0]!.stale).toEqual([
    `stale invitation: dave@partner.example invited 20 days ago (${old.slice(0, 10)}), not accepted; the next up removes it`,
  ]);
  expect(
    JSON.parse((await drift("spaces", "--json", "--stale-days", "30")).stdout).spaces[0].stale,
  ).toEqual([]);
  // Additive with revoke: dave is no drift, his invitation is revoked by the next up.
  writeFileSync(join(dir, "spaces/team.yaml"), `${TEAM}mode: additive\nstaleInvites: revoke\n`);
  try {
    const revoke = await drift("spaces");
    expect(revoke.code).toBe(0);
    expect(revoke.stdout).toContain(
      `  ! stale invitation: dave@partner.example invited 20 days ago (${old.slice(0, 10)}), not accepted; the next up removes it`,
    );
  } finally {
    writeFileSync(join(dir, "spaces/team.yaml"), TEAM);
  }
});

it("--format markdown: the drift issue's body, with how to undo or adopt", async () => {
  await emu.control.removeMember(SPACE, "bob@example.com", { at: AT });
  const r = await drift("spaces", "--format", "markdown");
  expect(r.code).toBe(5);
  expect(r.stdout).toMatch(/^# Chat members: drift\n/);
  expect(r.stdout).toContain("Checked 1 space on ");
  expect(r.stdout).toContain("`pulumi up`");
  expect(r.stdout).toContain("`chat-members export <space> -o <file>`");
  expect(r.stdout).toContain(`## \`${SPACE}\` — \`spaces/team.yaml\``);
  expect(r.stdout).toContain(
    "- - bob@example.com removed out of band (when unknown: declared by email, and a removal's event names the membership by id only; author unknown",
  );
});

it("an events call refused: still exit 5, the line says why; nothing blocks", async () => {
  await emu.control.addMember(SPACE, { member: "carol@example.com" });
  await emu.control.injectFault({ rpc: "spaces.spaceEvents.list", status: 403, count: 1 });
  const r = await drift("spaces");
  expect(r.code).toBe(5);
  expect(r.stdout).toContain(
    "carol@example.com added as member out of band (when and author unknown: spaces.spaceEvents.list was refused",
  );
  await emu.control.clearFaults();
});

it("exit codes: 1 for a bad member file, 2 for usage, 4 for a space the caller cannot see", async () => {
  writeFileSync(join(dir, "bad.yaml"), `space: ${SPACE}\nmembers: [{ user: x, role: boss }]\n`);
  const bad = await drift("bad.yaml");
  expect(bad.code).toBe(1);
  expect(bad.stdout).toMatch(/^bad\.yaml:2:/);
  expect((await drift("spaces", "--stale-days", "0")).code).toBe(2);
  expect((await drift("spaces", "--format", "xml")).code).toBe(2);
  expect((await drift()).code).toBe(2);
  writeFileSync(join(dir, "gone.yaml"), "space: spaces/NOPE\nmembers: []\n");
  const gone = await drift("gone.yaml");
  expect(gone.code).toBe(4);
  expect(gone.stderr).toMatch(/spaces\/NOPE/);
});
