// ChatSpaceMembers at scale and through member files, with the real engine: member-file errors
// with line numbers in the preview, export → apply of the exported file as a no-op, and a
// 1,000-member apply with progress lines and ceil(N/1000) list calls per refresh.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { defaultSeed } from "../../emulator";
import { openProject, type EngineProject } from "../../scripts/lib/engine-harness";
import { startChat, type ChatTestEnv } from "./chat";

jest.setTimeout(300_000);

const EXPORTED = "spaces/AAAAexport1";
const BIG = "spaces/AAAAbig0001";
const N = 1_000;
const bigUsers = Array.from({ length: N }, (_, i) => `big${i}@example.com`);
const repoRoot = path.resolve(__dirname, "../..");

function seed() {
  const s = defaultSeed();
  return {
    ...s,
    users: [...(s.users ?? []), ...bigUsers.map((email) => ({ email }))],
    spaces: [
      ...(s.spaces ?? []),
      {
        name: EXPORTED,
        createdBy: "alice@example.com",
        members: [
          { member: "alice@example.com", role: "ROLE_MANAGER" as const },
          { member: "carol@example.com", role: "ROLE_ASSISTANT_MANAGER" as const },
          { member: "bob@example.com" },
          { member: "dave@partner.example", state: "INVITED" as const },
          { member: "groups/eng" },
          { member: "app:demo-project" },
        ],
      },
      {
        name: BIG,
        createdBy: "alice@example.com",
        members: [{ member: "alice@example.com", role: "ROLE_MANAGER" as const }],
      },
    ],
  };
}

describe("ChatSpaceMembers: member files, export, 1,000 members", () => {
  let chat: ChatTestEnv;
  let project: EngineProject;
  let dir: string;
  const counts = async () => {
    const c = await chat.emulator.control.counters();
    const n = (m: string) => c[`spaces.members.${m}`]?.total ?? 0;
    return { list: n("list"), get: n("get"), writes: n("create") + n("patch") + n("delete") };
  };
  const useFiles = async (files: Record<string, string>) => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    await project.stack.setConfig("membersDir", { value: dir });
  };

  beforeAll(async () => {
    // Quotas off in the emulator and raised in the provider: this file tests behaviour and call
    // counts; the quota-bound timing of 1,000 writes is a benchmark (bench/).
    chat = await startChat({ seed: seed(), quotas: { enabled: false } });
    project = await openProject(path.join(__dirname, "fixtures/space-members"), {
      env: chat.env,
      config: { ...chat.config, "googlechat:writesPerMinute": { value: "100000" } },
    });
    dir = path.join(project.workDir, "spaces");
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
  });

  it("a bad member file fails the preview with file:line:col for each problem, before any API call", async () => {
    await useFiles({
      "bad.yaml": [
        "space: spaces/AAAAdemo01",
        "members:",
        "  - { user: alice@example.com, role: owner }",
        "  - { user: not-an-email, role: member }",
        "  - { group: eng, role: owner }",
        "",
      ].join("\n"),
    });
    await chat.emulator.control.resetLog();
    const message = await project.preview().then(
      () => "",
      (e: Error) => e.message,
    );
    expect(message).toMatch(/bad\.yaml:4:\d+: .*not-an-email/);
    expect(message).toMatch(/bad\.yaml:5:\d+: .*group/);
    expect(message).not.toMatch(/\n\s+at /);
    expect(await counts()).toEqual({ list: 0, get: 0, writes: 0 });
  });

  it("export → apply of the exported file adopts the space with zero writes and previews no change", async () => {
    const creds = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "chat-creds-")), "creds.json");
    fs.writeFileSync(
      creds,
      JSON.stringify(await chat.emulator.control.mintAuthorizedUser({ user: "alice@example.com" })),
    );
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    const file = path.join(dir, "exported.yaml");
    await promisify(execFile)(process.execPath, [
      path.join(repoRoot, "dist/provider/cli/chat-members.js"),
      "export",
      EXPORTED,
      "-o",
      file,
      "--credentials",
      creds,
      "--emulator-host",
      chat.emulator.hostPort,
    ]);
    fs.rmSync(path.dirname(creds), { recursive: true, force: true });
    const text = fs.readFileSync(file, "utf8");
    expect(text).toMatch(/app: true/);
    expect(text).toMatch(/group: eng/);
    expect(text).toMatch(/user: dave@partner\.example, role: member \} # .*external.*invited/);
    await project.stack.setConfig("membersDir", { value: dir });

    await chat.emulator.control.resetLog();
    const preview = await project.preview();
    expect(preview.changes).toEqual({ create: 2 });
    expect(preview.stdout).not.toMatch(/first apply will remove/);
    const up = await project.up();
    expect(up.changes).toEqual({ create: 2 });
    expect((await counts()).writes).toBe(0);
    const roster = (up.outputs.rosters as Record<string, { added: string[]; invited: string[] }>)
      .exported;
    expect(roster?.added).toEqual([]);
    expect(roster?.invited).toHaveLength(1);
    expect((await project.preview({ refresh: true })).changes).toEqual({});
    expect((await counts()).writes).toBe(0);
  });

  it("1,000 members: one apply with progress lines, then refresh with ceil(N/1000) list calls and a no-op up", async () => {
    const big = {
      space: BIG,
      mode: "authoritative",
      members: [
        { member: "alice@example.com", role: "owner" },
        ...bigUsers.map((member) => ({ member })),
      ],
    };
    await project.stack.setConfig("spaces", { value: JSON.stringify({ big }) });
    await chat.emulator.control.resetLog();
    const up = await project.up();
    // alice (the caller) is declared by email; the list gives her email, so she is matched, not
    // planned as an add: exactly the 1,000 missing members are created, no call wasted.
    for (let k = 100; k <= N; k += 100) expect(up.stdout).toContain(`${BIG}: added ${k}/${N}`);
    expect((await chat.emulator.control.counters())["spaces.members.create"]?.byStatus).toEqual({
      "200": N,
    });
    expect((await counts()).writes).toBe(N);
    expect(await chat.emulator.control.listMembers(BIG)).toHaveLength(N + 1);

    await chat.emulator.control.resetLog();
    expect((await project.refresh()).changes).toEqual({});
    // One pass per resource: 1,001 members → 2 pages; the exported space → 1 page.
    const c = await counts();
    expect(c.list).toBe(Math.ceil((N + 1) / 1000) + 1);
    expect(c.writes).toBe(0);

    await chat.emulator.control.resetLog();
    expect((await project.up()).changes).toEqual({});
    expect((await counts()).writes).toBe(0);
  });
});
