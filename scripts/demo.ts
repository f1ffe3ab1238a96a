// The demo, end to end against a local Chat emulator, with the real Pulumi CLI on the root
// project (Pulumi.yaml → demo/index.ts) and the real OAuth refresh-token flow:
//   1. start the emulator with a space that already has members;
//   2. export that space to a member file (chat-members export);
//   3. edit the file (one more manager) and `pulumi up`: the space is adopted, nothing else moves;
//   4. a pull request (an add, a removal, a role change): `pulumi preview --diff --refresh`,
//      and the Markdown report `chat-members report` makes of its JSON for the pull request;
//   5. apply, print the space's members, and tear everything down.
// People read as emails and roles as member/manager/owner everywhere, as in the Chat UI.
import { spawn, type SpawnOptions } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { defaultSeed, startEmulator, DEMO_SPACE } from "../emulator";
import { roleUiName, type Role } from "../provider/core";

const repo = path.resolve(__dirname, "..");
const pulumiRoot = process.env.CHAT_MEMBERS_PULUMI_ROOT;
if (!pulumiRoot) throw new Error("run the demo with `npm run demo` (it sets up the Pulumi CLI)");
const bin = path.join(pulumiRoot, "bin");

/**
 * Runs a command without blocking this process's event loop: the emulator serves from it.
 * `input` goes to stdin; stdout is shown unless `quiet`.
 */
function run(
  cmd: string,
  args: string[],
  opts: SpawnOptions & { input?: string; quiet?: boolean; stdoutFile?: string },
) {
  return new Promise<void>((resolve, reject) => {
    const out = opts.stdoutFile ? fs.openSync(opts.stdoutFile, "w") : undefined;
    const child = spawn(cmd, args, {
      ...opts,
      stdio: ["pipe", out ?? (opts.quiet ? "ignore" : "inherit"), "inherit"],
    });
    if (out !== undefined) child.on("close", () => fs.closeSync(out));
    child.stdin?.end(opts.input ?? "");
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(cmd)} ${args[0]} failed (exit ${code})`)),
    );
  });
}

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const step = (s: string) => console.log(`\n${bold(`==> ${s}`)}`);
const show = (file: string) =>
  console.log(
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .map((l) => `    ${l}`)
      .join("\n"),
  );

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "chat-members-demo-"));
  const spacesDir = path.join(work, "spaces");
  fs.mkdirSync(spacesDir);

  step("Starting the Google Chat emulator");
  const seed = defaultSeed();
  const demoSpace = seed.spaces?.find((s) => s.name === DEMO_SPACE);
  demoSpace?.members?.push(
    { member: "erin@example.com", role: "ROLE_MEMBER" },
    { member: "groups/eng" },
  );
  const emulator = await startEmulator({ seed });
  console.log(`    ${emulator.url} (CHAT_EMULATOR_HOST=${emulator.hostPort})`);
  console.log(`    ${DEMO_SPACE} "Platform Team" has alice (owner), bob, erin and the group eng`);

  try {
    // Alice's OAuth credentials, as `authorized_user` JSON: the provider and the export command
    // exchange its refresh token for access tokens at the emulator's token endpoint.
    const creds = await emulator.control.mintAuthorizedUser({ user: "alice@example.com" });
    const credsFile = path.join(work, "alice.json");
    fs.writeFileSync(credsFile, JSON.stringify(creds), { mode: 0o600 });
    const env = {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      CHAT_EMULATOR_HOST: emulator.hostPort,
      PULUMI_HOME: path.join(work, "pulumi-home"),
      PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      TS_NODE_TRANSPILE_ONLY: "true",
    };
    fs.mkdirSync(path.join(work, "state"));
    const configFile = path.join(work, "Pulumi.demo.yaml");
    const stackArgs = ["--stack", "demo", "--config-file", configFile];
    const pulumi = (...args: string[]) =>
      run("pulumi", [...args, ...stackArgs], { cwd: repo, env });
    const quiet = (args: string[], input?: string) =>
      run("pulumi", [...args, ...stackArgs], { cwd: repo, env, quiet: true, input });

    step(`Exporting ${DEMO_SPACE} to a member file (chat-members export)`);
    const file = path.join(spacesDir, "platform-team.yaml");
    await run(
      process.execPath,
      [path.join(repo, "dist/provider/cli/chat-members.js"), "export", DEMO_SPACE, "-o", file],
      { env: { ...env, GOOGLE_APPLICATION_CREDENTIALS: credsFile } },
    );
    show(file);

    step("Editing it: carol joins as a manager; `pulumi up` adopts the space");
    editMembers(file, (members) => {
      members.push(entry("carol@example.com", "manager"));
    });
    show(file);
    await run("pulumi", ["stack", "init", "demo"], { cwd: repo, env, quiet: true });
    await quiet(["config", "set", "membersDir", spacesDir]);
    // The secret goes in on stdin, never on a command line.
    await quiet(["config", "set", "--secret", "googlechat:credentials"], JSON.stringify(creds));
    await pulumi("up", "--yes", "--skip-preview");

    step("A pull request: dave (external) joins, bob leaves, carol becomes an owner");
    editMembers(file, (members) => {
      members.splice(
        members.findIndex((m) => m.get("user") === "bob@example.com"),
        1,
      );
      members.find((m) => m.get("user") === "carol@example.com")?.set("role", "owner");
      members.push(entry("dave@partner.example", "member"));
    });
    show(file);
    step("pulumi preview --diff --refresh (what the reviewer sees)");
    await pulumi("preview", "--diff", "--refresh");
    step("chat-members report (the pull-request comment, from `pulumi preview --json`)");
    const previewJson = path.join(work, "preview.json");
    await run("pulumi", ["preview", "--refresh", "--json", ...stackArgs], {
      cwd: repo,
      env,
      stdoutFile: previewJson,
    });
    await run(
      process.execPath,
      [path.join(repo, "dist/provider/cli/chat-members.js"), "report", previewJson],
      { env },
    );
    step("Merged: pulumi up");
    await pulumi("up", "--yes", "--skip-preview");

    step(`Members of ${DEMO_SPACE} now`);
    for (const m of await emulator.control.listMembers(DEMO_SPACE)) {
      const who = m.email ?? m.groupMember?.name ?? m.member?.name;
      const role =
        m.role && m.role !== "MEMBERSHIP_ROLE_UNSPECIFIED" ? roleUiName(m.role as Role) : "group";
      console.log(`    ${String(who).padEnd(24)} ${role.padEnd(8)} ${m.state}`);
    }
  } finally {
    await emulator.stop();
    fs.rmSync(work, { recursive: true, force: true });
    console.log("\nEmulator stopped; temporary state removed.");
  }
}

/** Edits the `members` list of a member file in place, keeping its comments and layout. */
function editMembers(file: string, edit: (members: YAML.YAMLMap[]) => void) {
  const doc = YAML.parseDocument(fs.readFileSync(file, "utf8"));
  const seq = doc.get("members") as YAML.YAMLSeq<YAML.YAMLMap>;
  edit(seq.items);
  fs.writeFileSync(file, doc.toString());
}

function entry(user: string, role: string): YAML.YAMLMap {
  const m = new YAML.YAMLMap();
  m.set("user", user);
  m.set("role", role);
  m.flow = true;
  return m;
}

main().catch((e) => {
  console.error(`demo failed: ${(e as Error).message}`);
  process.exit(1);
});
