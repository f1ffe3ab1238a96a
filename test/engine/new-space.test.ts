// A new space with its settings and members through the real engine against the emulator: the
// preview shows every member while the space's name is unknown, one `up` makes the space and then
// its members (roles patched, members counted as added), the next preview shows no change, and
// destroy keeps the space. The same from a directory of member files declaring their space, and
// `chat-members export` of an existing space applied as a no-op.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { openProject, type EngineProject } from "../../scripts/lib/engine-harness";
import { startChat, type ChatTestEnv } from "./chat";

jest.setTimeout(300_000);

const ROOT = path.join(__dirname, "../..");
const CLI = path.join(ROOT, "dist/provider/cli/chat-members.js");
const ID = {
  alice: "users/100000000000000000001",
  bob: "users/100000000000000000002",
  carol: "users/100000000000000000003",
};

describe("a new space with its members in one up", () => {
  let chat: ChatTestEnv;
  let project: EngineProject;
  let dir: string;

  beforeAll(async () => {
    chat = await startChat();
    project = await openProject(path.join(__dirname, "fixtures/new-space"), {
      env: chat.env,
      config: chat.config,
    });
    dir = mkdtempSync(path.join(tmpdir(), "new-space-files-"));
  });
  afterAll(async () => {
    await project?.cleanup();
    await chat?.emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The space of that display name, as spaces/{id}. */
  const spaceNamed = async (displayName: string) => {
    const s = (await chat.emulator.control.state()).spaces.find(
      (x) => x.displayName === displayName,
    );
    return s && `spaces/${s.id}`;
  };
  const live = async (space: string) =>
    Object.fromEntries(
      (await chat.emulator.control.listMembers(space)).map((m) => [
        m.member?.name ?? m.groupMember?.name,
        m.role ?? "MEMBERSHIP_ROLE_UNSPECIFIED",
      ]),
    );

  it("a program: preview lists every member, up makes the space then the members, no change after, destroy keeps the space", async () => {
    await project.stack.setConfig("spaces", {
      value: JSON.stringify({
        platform: {
          space: { displayName: "Platform team", description: "Where the platform team talks" },
          members: {
            mode: "authoritative",
            members: [
              { member: "alice@example.com", role: "owner" },
              { member: "bob@example.com", role: "owner" },
              { member: "carol@example.com", role: "manager" },
              { member: "groups/eng" },
            ],
            removeOnDestroy: true,
          },
        },
        support: {
          space: { displayName: "Support" },
          membership: { member: "bob@example.com", role: "manager" },
        },
      }),
    });
    await chat.emulator.control.resetLog();
    const preview = await project.preview({ diff: true });
    expect(preview.changes).toEqual({ create: 5 });
    // Every member of the new space is a line of the preview, in the UI's words.
    for (const line of [
      /alice@example\.com\s*: "owner"/,
      /bob@example\.com\s*: "owner"/,
      /carol@example\.com\s*: "manager"/,
      /groups\/eng\s*: "group"/,
    ])
      expect(preview.stdout).toMatch(line);
    // No membership call before the space exists.
    const calls = (await chat.emulator.control.requests()).map((r) => r.rpc);
    expect(calls.filter((c) => c?.startsWith("spaces.members"))).toEqual([]);

    const up = await project.up();
    expect(up.changes).toEqual({ create: 5 });
    const made = up.outputs.made as Record<string, { space: string; added: string[] }>;
    const space = made.platform!.space;
    expect(space).toMatch(/^spaces\/\w+$/);
    expect(await spaceNamed("Platform team")).toBe(space);
    expect(await live(space)).toEqual({
      [ID.alice]: "ROLE_MANAGER",
      [ID.bob]: "ROLE_MANAGER",
      [ID.carol]: "ROLE_ASSISTANT_MANAGER",
      "groups/eng": "MEMBERSHIP_ROLE_UNSPECIFIED",
    });
    // The creator was there first: every other member is this stack's own.
    expect(made.platform!.added).toEqual([ID.bob, ID.carol, "groups/eng"].sort());
    const support = (await spaceNamed("Support"))!;
    expect((await live(support))[ID.bob]).toBe("ROLE_ASSISTANT_MANAGER");

    expect((await project.preview({ refresh: true })).changes).toEqual({});

    await project.destroy();
    // The spaces stay; removeOnDestroy removed the members this stack added, the creator stays.
    expect(await spaceNamed("Platform team")).toBeDefined();
    expect(await live(space)).toEqual({ [ID.alice]: "ROLE_MANAGER" });
    expect(await spaceNamed("Support")).toBeDefined();
    await project.stack.removeConfig("spaces");
  });

  it("member files declaring their space: one up, no change after; export of the space applies as a no-op", async () => {
    const files = path.join(dir, "spaces");
    mkdirSync(files);
    writeFileSync(
      path.join(files, "design.yaml"),
      [
        "space:",
        "  displayName: Design",
        "  description: Design reviews",
        "  guidelines: Be kind",
        "mode: authoritative",
        "members:",
        "  - { user: alice@example.com, role: owner }",
        "  - { user: carol@example.com, role: manager }",
        "  - bob@example.com",
        "",
      ].join("\n"),
    );
    await project.stack.setConfig("membersDir", { value: files });
    const preview = await project.preview({ diff: true });
    // The stack (destroyed by the test before), the space and its members.
    expect(preview.changes).toEqual({ create: 3 });
    expect(preview.stdout).toMatch(/carol@example\.com\s*: "manager"/);
    const up = await project.up();
    expect(up.changes).toEqual({ create: 3 });
    const space = (up.outputs.made as Record<string, { space: string }>).design!.space;
    expect(space).toBe(await spaceNamed("Design"));
    expect(await live(space)).toEqual({
      [ID.alice]: "ROLE_MANAGER",
      [ID.carol]: "ROLE_ASSISTANT_MANAGER",
      [ID.bob]: "ROLE_MEMBER",
    });
    expect((await project.preview({ refresh: true })).changes).toEqual({});

    // The export of the space (its settings and members) replaces the file: applying it changes
    // nothing, and the space keeps its id (the file now names it).
    const creds = path.join(dir, "creds.json");
    writeFileSync(creds, String(chat.config["googlechat:credentials"]!.value));
    // Asynchronously: the emulator answers from this process.
    await promisify(execFile)(
      process.execPath,
      [
        CLI,
        "export",
        space,
        "--credentials",
        creds,
        "-o",
        path.join(files, "design.yaml"),
        "--force",
      ],
      { env: { PATH: process.env.PATH ?? "", CHAT_EMULATOR_HOST: chat.emulator.hostPort } },
    );
    await chat.emulator.control.resetLog();
    expect((await project.preview({ refresh: true, diff: true })).changes).toEqual({});
    const writes = (await chat.emulator.control.requests()).filter((r) =>
      /create|patch|delete|setup/.test(r.rpc ?? ""),
    );
    expect(writes).toEqual([]);
    expect((await project.up()).changes).toEqual({});

    await project.destroy();
    expect(await spaceNamed("Design")).toBeDefined();
  });

  it("a change that needs a new space fails the preview under deletionPolicy retain; a settings change is an update", async () => {
    const declare = (space: Record<string, unknown>) =>
      project.stack.setConfig("spaces", { value: JSON.stringify({ ops: { space } }) });
    await project.stack.removeConfig("membersDir");
    await declare({ displayName: "Ops", history: "on" });
    expect((await project.up()).changes).toEqual({ create: 2 }); // the stack and the space
    const id = (await spaceNamed("Ops"))!;

    await declare({ displayName: "Ops", history: "on", externalUserAllowed: true });
    const err = await project.preview().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(String(err?.message)).toMatch(/REPLACE_NOT_ALLOWED/);
    expect(String(err?.message)).toMatch(/externalUserAllowed/);
    expect(String(err?.message)).toMatch(/deletionPolicy/);

    await declare({ displayName: "Ops", history: "off", description: "on call" });
    expect((await project.preview({ diff: true })).changes).toEqual({ update: 1 });
    expect((await project.up()).changes).toEqual({ update: 1 });
    const live = await chat.emulator.control.getSpace(id);
    expect(live).toMatchObject({
      spaceHistoryState: "HISTORY_OFF",
      spaceDetails: { description: "on call" },
    });
    expect((await project.preview({ refresh: true })).changes).toEqual({});

    await project.destroy();
    expect(await spaceNamed("Ops")).toBe(id);
    await project.stack.removeConfig("spaces");
  });
});
