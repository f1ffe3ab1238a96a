// Upgrade from release 0.1.0 through the real engine: a stack that 0.1.0 wrote (state.json, made
// by fixtures/upgrade-0.1.0/make-state.ts: numeric ids in `added`, `resolved` and `caller`, API
// role names, members keyed `users/{email|id}`) is imported into a project whose node_modules
// hold this release. `__provider` in that state requires `pulumi-googlechat-members/runtime` by
// name, so every method now runs the new code. It must preview no change, `up` must rewrite the
// state without a write to Chat, a refresh must leave nothing to do, and a real change must read
// as one line in the Chat UI's words.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { EmulatorControl } from "../../emulator";
import { openProject, type EngineProject, type State } from "../../scripts/lib/engine-harness";
import { startChat, type ChatTestEnv } from "./chat";
import { liveEntries, SPACES, STACK, type LiveEntry } from "./fixtures/upgrade-0.1.0/make-state";

jest.setTimeout(900_000);

const FIXTURE = path.join(__dirname, "fixtures/upgrade-0.1.0");
const PROJECT = /^name:\s*(\S+)/m.exec(
  fs.readFileSync(path.join(FIXTURE, "program/Pulumi.yaml"), "utf8"),
)![1]!;

type Exported = { version: number; deployment: State };
type Resource = NonNullable<State["resources"]>[number];

/**
 * The export of stack `release-0.1.0` as the export of `stack` of the same project: the URNs
 * name the stack, and the root resource is named project-stack.
 */
function retarget(exported: Exported, stack: string): Exported {
  const root = exported.deployment.resources?.find((r) => r.type === "pulumi:pulumi:Stack");
  const [, oldStack, project] = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(root?.urn ?? "") ?? [];
  if (oldStack !== STACK || project !== PROJECT)
    throw new Error(`state.json is not stack ${STACK} of project ${PROJECT}: ${root?.urn}`);
  const text = JSON.stringify(exported)
    .split(`urn:pulumi:${oldStack}::${project}::`)
    .join(`urn:pulumi:${stack}::${project}::`)
    .split(`::pulumi:pulumi:Stack::${project}-${oldStack}"`)
    .join(`::pulumi:pulumi:Stack::${project}-${stack}"`);
  return JSON.parse(text) as Exported;
}

/** Makes `space` hold exactly `want` (members, roles, states), out of band. */
async function rebuild(control: EmulatorControl, space: string, want: readonly LiveEntry[]) {
  const have = new Map(liveEntries(await control.listMembers(space)).map((e) => [e.member, e]));
  const wanted = new Set(want.map((e) => e.member));
  for (const h of have.values())
    if (!wanted.has(h.member)) await control.removeMember(space, h.member);
  for (const w of want) {
    const h = have.get(w.member);
    if (h && h.state !== w.state) await control.removeMember(space, w.member);
    if (!h || h.state !== w.state)
      await control.addMember(space, {
        member: w.member,
        ...(w.role === "MEMBERSHIP_ROLE_UNSPECIFIED" ? {} : { role: w.role }),
        state: w.state === "INVITED" ? "INVITED" : "JOINED",
      });
    else if (h.role !== w.role) await control.setRole(space, w.member, w.role);
  }
}

/** The lines of a `--diff` preview that change something (`+`, `-`, `~`, `+-`), trimmed. */
function changeLines(stdout: string): string[] {
  return stdout
    .split("\n")
    .filter((l) => /^\s*(\+-|[-+~])\s/.test(l))
    .map((l) => l.trim());
}

/** A resource's step header in `--diff` output: `~ type: (update)`; the op. */
const STEP = /^\s*(?:[-+~]+\s+)?[\w:/.-]+: \(([\w-]+)\)\s*$/;

/**
 * The plan of a `--diff --refresh` preview: its output without the refresh steps' blocks (what
 * the refresh read, shown before the plan).
 */
function planPart(stdout: string): string {
  let op = "";
  return stdout
    .split("\n")
    .filter((l) => {
      op = STEP.exec(l)?.[1] ?? op;
      return op !== "refresh";
    })
    .join("\n");
}

/** Roster and property entries that change (`~ carol@example.com: "manager" => "owner"`). */
const entryLines = (stdout: string) =>
  changeLines(stdout).filter((l) => /^(\+-|[-+~]) \S+\s*: "/.test(l));

const exported = JSON.parse(fs.readFileSync(path.join(FIXTURE, "state.json"), "utf8")) as Exported;
const live = JSON.parse(fs.readFileSync(path.join(FIXTURE, "live.json"), "utf8")) as Record<
  string,
  LiveEntry[]
>;
const noWrites = { create: 0, patch: 0, delete: 0 };

/** A fresh emulator holding what the 0.1.0 run left, and a stack holding its state. */
interface Upgraded {
  readonly chat: ChatTestEnv;
  readonly project: EngineProject;
  /** Membership writes since the last resetLog. */
  writes(): Promise<typeof noWrites>;
  /** The three resources of the state, as exported. */
  resources(): Promise<Record<"team" | "carol" | "eng", Resource>>;
  /** The spaces the 0.1.0 run touched, as live.json records them. */
  spaces(): Promise<Record<string, LiveEntry[]>>;
  close(): Promise<void>;
}

async function openUpgraded(): Promise<Upgraded> {
  // The demo seed, as make-state.ts started it; then what the 0.1.0 run changed in it.
  const chat = await startChat();
  for (const space of SPACES) await rebuild(chat.emulator.control, space, live[space] ?? []);
  // Credentials as the 0.1.0 run had them (see make-state.ts): Application Default
  // Credentials, so the default provider's config is the same (empty) before and after.
  const adcDir = fs.mkdtempSync(path.join(os.tmpdir(), "chat-upgrade-adc-"));
  const adc = path.join(adcDir, "adc.json");
  fs.writeFileSync(adc, String(chat.config["googlechat:credentials"]?.value), { mode: 0o600 });
  const project = await openProject(path.join(FIXTURE, "program"), {
    env: { ...chat.env, GOOGLE_APPLICATION_CREDENTIALS: adc },
  });
  // `pulumi stack import --file` of the 0.1.0 export, renamed to this stack.
  await project.stack.importStack(retarget(exported, project.stack.name));
  return {
    chat,
    project,
    async writes() {
      const c = await chat.emulator.control.counters();
      const n = (m: string) => c[`spaces.members.${m}`]?.total ?? 0;
      return { create: n("create"), patch: n("patch"), delete: n("delete") };
    },
    async resources() {
      const state = await project.exportState();
      const byName = (name: string): Resource => {
        const r = state.resources?.find(
          (x) => x.urn.endsWith(`::${name}`) && x.type !== "pulumi:pulumi:Stack",
        );
        if (!r) throw new Error(`no resource ${name} in the state`);
        return r;
      };
      return { team: byName("team"), carol: byName("app-carol"), eng: byName("app-eng") };
    },
    async spaces() {
      const out: Record<string, LiveEntry[]> = {};
      for (const s of SPACES) out[s] = liveEntries(await chat.emulator.control.listMembers(s));
      return out;
    },
    async close() {
      await project.cleanup();
      await chat.emulator.stop();
      fs.rmSync(adcDir, { recursive: true, force: true });
    },
  };
}

describe("upgrade from 0.1.0: a stack 0.1.0 wrote", () => {
  let u: Upgraded;
  let chat: ChatTestEnv;
  let project: EngineProject;
  const counters = () => u.writes();
  const resources = () => u.resources();
  const snapshot = () => u.spaces();

  beforeAll(async () => {
    u = await openUpgraded();
    ({ chat, project } = u);
  });
  afterAll(async () => {
    await u?.close();
  });

  it("starts where the 0.1.0 run left off: its spaces and its state", async () => {
    expect(await snapshot()).toEqual(live);
    const { team, carol, eng } = await resources();
    // What 0.1.0 stored: members keyed as declared, API role names, numeric ids elsewhere.
    expect(team.inputs?.members).toEqual({
      "users/alice@example.com": "ROLE_MANAGER",
      "users/carol@example.com": "ROLE_ASSISTANT_MANAGER",
      "users/100000000000000000005": "ROLE_MEMBER",
      "users/dave@partner.example": "ROLE_MEMBER",
      "groups/eng": "MEMBERSHIP_ROLE_UNSPECIFIED",
    });
    expect(team.outputs).toMatchObject({
      caller: "users/100000000000000000001",
      invited: ["users/dave@partner.example"],
    });
    expect(team.outputs?.added).toEqual(
      expect.arrayContaining(["users/100000000000000000003", "groups/eng"]),
    );
    expect(team.inputs?.__declared).toBeUndefined();
    expect(carol.inputs).toMatchObject({ member: "users/carol@example.com", role: "ROLE_MANAGER" });
    expect(carol.outputs).toMatchObject({ memberName: "users/100000000000000000003" });
    expect(eng.outputs).toMatchObject({ role: "MEMBERSHIP_ROLE_UNSPECIFIED" });
    for (const r of [team, carol, eng])
      expect(r.inputs?.__provider).toContain("pulumi-googlechat-members/runtime");
  });

  it("previews no change, with or without --diff, and writes nothing", async () => {
    await chat.emulator.control.resetLog();
    expect((await project.preview()).changes).toEqual({});
    const preview = await project.preview({ diff: true });
    expect(preview.changes).toEqual({});
    expect(changeLines(preview.stdout)).toEqual([]);
    expect(await counters()).toEqual(noWrites);
  });

  it("the next up changes nothing in Chat and rewrites the inputs in the new format", async () => {
    await chat.emulator.control.resetLog();
    expect((await project.up()).changes).toEqual({});
    expect(await counters()).toEqual(noWrites);
    expect(await snapshot()).toEqual(live);

    const { team, carol, eng } = await resources();
    // People by email, roles in the Chat UI's words, the declaration kept apart.
    expect(team.inputs?.members).toEqual({
      "alice@example.com": "owner",
      "carol@example.com": "manager",
      "dave@partner.example": "member",
      // Declared by id; the 0.1.0 state never held her email, the list that check made did.
      "erin@example.com": "member",
      "groups/eng": "group",
    });
    expect(team.inputs?.__declared).toEqual([
      "alice@example.com owner",
      "carol@example.com manager",
      "users/100000000000000000005",
      "dave@partner.example",
      "groups/eng",
    ]);
    expect(team.inputs?.__view).toBeDefined();
    expect(JSON.stringify(team.inputs)).not.toMatch(/ROLE_/);
    expect(carol.inputs).toMatchObject({ member: "users/carol@example.com", role: "owner" });
    expect(eng.inputs?.role).toBeUndefined();

    const again = await project.preview({ diff: true });
    expect(again.changes).toEqual({});
    expect(changeLines(again.stdout)).toEqual([]);
  });

  it("the view that up stored for the next preview holds what the 0.1.0 state knew", async () => {
    const { team } = await resources();
    // 0.1.0 inputs hold only the roster (ids, invitees and the caller were in its outputs), so
    // check lists the space once instead of planning against a view it cannot rebuild.
    // The ids follow the roster's emails: alice, carol, dave, erin.
    expect(team.inputs?.__view).toMatchObject({
      ids: [
        "100000000000000000001",
        "100000000000000000003",
        "100000000000000000004",
        "100000000000000000005",
      ],
      invited: ["dave@partner.example"],
      caller: "users/100000000000000000001",
    });
  });

  it("a refresh writes nothing and leaves nothing to do; the outputs are the new format", async () => {
    await chat.emulator.control.resetLog();
    const refresh = await project.refresh();
    // The outputs are rewritten in the new format (emails, UI roles, affiliation), and the
    // provider's diff of old and new state is no change: the refresh reports none.
    expect(refresh.changes).toEqual({});
    expect(await counters()).toEqual(noWrites);

    const preview = await project.preview({ diff: true });
    expect(preview.changes).toEqual({});
    expect(changeLines(preview.stdout)).toEqual([]);
    expect((await project.preview()).changes).toEqual({});

    const { team, carol, eng } = await resources();
    const roster = {
      "alice@example.com": "owner",
      "carol@example.com": "manager",
      "dave@partner.example": "member",
      "erin@example.com": "member",
      "groups/eng": "group",
    };
    expect(team.outputs?.members).toEqual(roster);
    expect(team.inputs?.members).toEqual(roster);
    expect(team.outputs).toMatchObject({
      invited: ["dave@partner.example"],
      affiliation: { "dave@partner.example": "EXTERNAL" },
    });
    expect(JSON.stringify(team.outputs)).not.toMatch(/ROLE_/);
    expect(carol.outputs).toMatchObject({
      role: "owner",
      email: "carol@example.com",
      affiliation: "INTERNAL",
      memberName: "users/100000000000000000003",
    });
    expect(typeof carol.outputs?.displayName).toBe("string");
    expect(eng.outputs).toMatchObject({ role: "group" });
  });

  it("a real change previews as one line in the Chat UI's words and applies as one write", async () => {
    await project.stack.setConfig("carolRole", { value: "owner" });
    const preview = await project.preview({ diff: true });
    expect(preview.changes).toEqual({ update: 1 });
    // One roster entry changes: carol, by email, from manager to owner; nobody joins or leaves.
    expect(entryLines(preview.stdout)).toEqual([
      expect.stringMatching(/^~ carol@example\.com\s*: "manager" => "owner"$/),
    ]);
    expect(preview.stdout).not.toMatch(/users\/\d+|ROLE_/);

    await chat.emulator.control.resetLog();
    expect((await project.up()).changes).toEqual({ update: 1 });
    expect(await counters()).toEqual({ create: 0, patch: 1, delete: 0 });
    const demo = (await snapshot())["spaces/AAAAdemo01"];
    expect(demo?.find((e) => e.member === "users/100000000000000000003")?.role).toBe(
      "ROLE_MANAGER",
    );
  });
});

describe("upgrade from 0.1.0: a change in the first run after the upgrade", () => {
  let u: Upgraded;
  beforeAll(async () => {
    u = await openUpgraded();
  });
  afterAll(async () => {
    await u?.close();
  });

  // The pull request that upgrades the package also re-roles carol; nothing has rewritten the
  // 0.1.0 state yet. Previews write no state, so each of them starts from the 0.1.0 state.
  const reRoleCarol = async (refresh: boolean) => {
    await u.project.stack.setConfig("carolRole", { value: "owner" });
    const preview = await u.project.preview({ diff: true, refresh });
    expect(preview.changes).toEqual({ update: 1 });
    // With --refresh, the refresh steps come first and show, once, the state rewritten from the
    // 0.1.0 format (the read's new outputs); the plan after them is what the reviewer approves.
    const plan = refresh ? planPart(preview.stdout) : preview.stdout;
    expect(entryLines(plan)).toEqual([
      expect.stringMatching(/^~ carol@example\.com\s*: "manager" => "owner"$/),
    ]);
    expect(plan).not.toMatch(/users\/\d+|ROLE_/);
  };

  it("`pulumi preview --diff --refresh` (the pull-request flow) shows only that change", async () => {
    await reRoleCarol(true);
  });

  it("`pulumi preview --diff` without --refresh: one update, the new roster in full (documented)", async () => {
    // The engine draws this diff from the stored inputs to the new ones, and a dynamic provider
    // cannot send it a detailed diff: against inputs still in the 0.1.0 form (`users/{email|id}`
    // keys, API role names) every entry reads as re-keyed. The README's upgrade note says to
    // preview the first change with --refresh (the pull-request flow does) or to run `pulumi up`
    // once after upgrading (it writes nothing to Chat). What the up will do is still one update.
    await u.project.stack.setConfig("carolRole", { value: "owner" });
    const preview = await u.project.preview({ diff: true });
    expect(preview.changes).toEqual({ update: 1 });
    expect(preview.stdout).toMatch(/\+ carol@example\.com\s*: "owner"/);
  });

  it("the up applies that change as one write and leaves nothing to do", async () => {
    await u.project.stack.setConfig("carolRole", { value: "owner" });
    await u.chat.emulator.control.resetLog();
    expect((await u.project.up()).changes).toEqual({ update: 1 });
    expect(await u.writes()).toEqual({ create: 0, patch: 1, delete: 0 });
    const demo = (await u.spaces())["spaces/AAAAdemo01"];
    expect(demo?.find((e) => e.member === "users/100000000000000000003")?.role).toBe(
      "ROLE_MANAGER",
    );
    const after = await u.project.preview({ diff: true });
    expect(after.changes).toEqual({});
    expect(changeLines(after.stdout)).toEqual([]);
    expect((await u.project.preview({ diff: true, refresh: true })).changes).toEqual({});
  });
});
