// examples/gitops/scripts/drift-issue.sh, the scheduled workflow's step, run here as the runner
// runs it: the compiled chat-members against the emulator and a stand-in `gh` that records its
// calls. Drift opens one issue whose body is `chat-members drift --format markdown`; a second run
// updates it; no drift closes it; a failing drift command leaves it alone and fails the job.
import { execFile, execFileSync } from "node:child_process";
import {
  chmodSync,
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
import { startEmulator } from "../../emulator/index";

jest.setTimeout(60_000);

const ROOT = join(__dirname, "../..");
const CLI = join(ROOT, "dist/provider/cli/chat-members.js");
const SCRIPT = join(ROOT, "examples/gitops/scripts/drift-issue.sh");
const SPACE = "spaces/AAAAdemo01";
let emu: Awaited<ReturnType<typeof startEmulator>>;
let dir: string;

/** A `gh` that logs each call (and the body file's text) and answers `issue list` from OPEN. */
const FAKE_GH = `#!/usr/bin/env bash
log="$FAKE_GH_DIR/calls.log"
echo "gh $*" >> "$log"
prev=""
for a in "$@"; do
  if [ "$prev" = "--body-file" ]; then echo "--- body" >> "$log"; cat "$a" >> "$log"; echo "--- end" >> "$log"; fi
  prev="$a"
done
if [ "$1 $2" = "issue list" ]; then cat "$FAKE_GH_DIR/open" 2>/dev/null; fi
if [ "$1 $2" = "issue create" ]; then echo 7 > "$FAKE_GH_DIR/open"; echo "https://github.com/o/r/issues/7"; fi
if [ "$1 $2" = "issue close" ]; then rm -f "$FAKE_GH_DIR/open"; fi
exit 0
`;

async function script(): Promise<{ code: number; stdout: string; stderr: string; calls: string }> {
  rmSync(join(dir, "calls.log"), { force: true });
  let r: { code: number; stdout: string; stderr: string };
  try {
    const out = await promisify(execFile)("bash", [SCRIPT, "spaces"], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? "",
        CHAT_MEMBERS: `${process.execPath} ${CLI}`,
        GH: join(dir, "gh"),
        FAKE_GH_DIR: dir,
        CHAT_EMULATOR_HOST: emu.hostPort,
        GOOGLE_APPLICATION_CREDENTIALS: join(dir, "alice.json"),
      },
    });
    r = { code: 0, stdout: out.stdout, stderr: out.stderr };
  } catch (e) {
    const x = e as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof x.code !== "number") throw e;
    r = { code: x.code, stdout: x.stdout ?? "", stderr: x.stderr ?? "" };
  }
  const log = join(dir, "calls.log");
  return { ...r, calls: existsSync(log) ? readFileSync(log, "utf8") : "" };
}

beforeAll(async () => {
  try {
    execFileSync(
      process.execPath,
      [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
      { cwd: ROOT, stdio: "pipe" },
    );
  } catch {
    // type errors elsewhere still emit; the CLI's presence is what matters
  }
  expect(existsSync(CLI)).toBe(true);
  emu = await startEmulator({ port: 0, quotas: { enabled: false } });
  dir = mkdtempSync(join(tmpdir(), "gitops-drift-"));
  mkdirSync(join(dir, "spaces"));
  writeFileSync(
    join(dir, "spaces/team.yaml"),
    `space: ${SPACE}\nmembers:\n  - { user: alice@example.com, role: owner }\n  - { user: bob@example.com }\n`,
  );
  writeFileSync(
    join(dir, "alice.json"),
    JSON.stringify(await emu.control.mintAuthorizedUser({ user: "alice@example.com" })),
  );
  writeFileSync(join(dir, "gh"), FAKE_GH);
  chmodSync(join(dir, "gh"), 0o755);
});
afterAll(async () => {
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it("drift opens one issue, a second run updates it, no drift closes it", async () => {
  const none = await script();
  expect(none).toMatchObject({ code: 0 });
  expect(none.stdout).toContain("drift-issue: no drift");
  expect(none.calls).toBe(
    "gh issue list --state open --label chat-members-drift --json number --jq .[0].number // empty\n",
  );

  await emu.control.addMember(
    SPACE,
    { member: "carol@example.com" },
    { at: "2026-12-03T14:02:00Z" },
  );
  const opened = await script();
  expect(opened.code).toBe(0);
  expect(opened.calls).toContain(
    "gh issue create --title Chat members: drift --label chat-members-drift --body-file",
  );
  expect(opened.calls).toContain("# Chat members: drift");
  expect(opened.calls).toContain(
    "- + carol@example.com added as member out of band on 2026-12-03 14:02 UTC (author unknown: Chat's membership events do not name who made a change); not declared: the next up removes them",
  );

  const updated = await script();
  expect(updated.calls).toContain("gh issue edit 7 --body-file");
  expect(updated.calls).not.toContain("issue create");

  await emu.control.removeMember(SPACE, "carol@example.com");
  const closed = await script();
  expect(closed.code).toBe(0);
  expect(closed.calls).toContain("gh issue close 7 --comment No drift any more");
});

it("a failing drift command fails the job and leaves the issue alone", async () => {
  writeFileSync(
    join(dir, "spaces/broken.yaml"),
    "space: spaces/AAAAdemo01\nmembers: [{ user: x }]\n",
  );
  try {
    const r = await script();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("chat-members drift failed (exit 1)");
    expect(r.calls).toBe("");
  } finally {
    rmSync(join(dir, "spaces/broken.yaml"));
  }
});
