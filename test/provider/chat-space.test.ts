// ChatSpace's provider methods against the emulator: a create with settings (the permission
// settings as one follow-up patch), the faults the membership resources survive (429/503, an
// answer lost after the space was made: one space, not two), updates at the mask rules' cost, a
// refresh whose inputs are the live values, a replace refused under deletionPolicy retain, and
// destroy keeping the space unless the resource says "delete".
import { startEmulator } from "../../emulator/index";
import { space } from "../../provider/pulumi/runtime";
import { setChatApiForTests } from "../../provider/pulumi/session";
import { userApi, type Emulator } from "./api/harness";

jest.setTimeout(60_000);

type Props = Record<string, unknown>;
const PROVIDER = "exports.handler = …";

let emu: Emulator;
let lines: string[];
const calls = async (rpc: string) => (await emu.control.counters())[rpc]?.total ?? 0;
const spacesNamed = async (displayName: string) =>
  (await emu.control.state()).spaces.filter((s) => s.displayName === displayName);

beforeAll(async () => {
  emu = await startEmulator({ port: 0, quotas: { enabled: false } });
});
afterAll(async () => {
  setChatApiForTests(undefined);
  await emu?.stop();
});
beforeEach(async () => {
  lines = [];
  jest.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
  await emu.control.reset();
  await emu.control.resetLog();
  setChatApiForTests(await userApi(emu, "alice@example.com"));
});
afterEach(() => jest.restoreAllMocks());

const team = {
  displayName: "Team Rocket",
  description: "launches",
  history: "off",
  audience: "audiences/default",
  permissions: { manageMembersAndGroups: "owners", manageApps: "everyone" },
};

async function created(args: Props = team) {
  const r = await space.check({}, { __provider: PROVIDER, ...args });
  expect(r.failures).toBeUndefined();
  const res = await space.create({ ...r.inputs, __provider: PROVIDER });
  return { inputs: r.inputs!, id: res.id, outs: res.outs! };
}

it("makes the space with its settings: one create, one patch for the permissions", async () => {
  const { id, outs } = await created();
  expect(id).toMatch(/^spaces\//);
  expect(await calls("spaces.create")).toBe(1);
  expect(await calls("spaces.patch")).toBe(1);
  expect(outs).toMatchObject({
    name: id,
    displayName: "Team Rocket",
    description: "launches",
    history: "off",
    audience: "audiences/default",
    deletionPolicy: "retain",
  });
  expect(outs.spaceUri).toBeTruthy();
  expect((outs.permissions as Props).manageApps).toBe("everyone");
  expect((outs.permissions as Props).manageMembersAndGroups).toBe("owners");
  // No change after: the diff against the outputs is empty.
  const d = await space.diff(id, outs, { ...team, __provider: PROVIDER });
  expect(d.changes).toBe(false);
});

it.each([
  ["a 503 on create", { rpc: "spaces.create", status: 503, count: 1 }],
  ["a 429 on create", { rpc: "spaces.create", status: 429, count: 1 }],
  ["a lost answer on create", { rpc: "spaces.create", drop: true, phase: "after", count: 1 }],
  ["a 503 on the permissions patch", { rpc: "spaces.patch", status: 503, count: 1 }],
  ["a lost answer on the patch", { rpc: "spaces.patch", drop: true, phase: "after", count: 1 }],
] as const)("survives %s: one space, settings applied", async (_what, fault) => {
  await emu.control.injectFault(fault);
  const { outs } = await created();
  expect(await spacesNamed("Team Rocket")).toHaveLength(1);
  expect((outs.permissions as Props).manageApps).toBe("everyone");
});

it("a space made but its settings refused is in the state, and the next update converges", async () => {
  await emu.control.injectFault({ rpc: "spaces.patch", status: 400, count: 1 });
  const r = await space.check({}, { __provider: PROVIDER, ...team });
  const err = await space.create({ ...r.inputs, __provider: PROVIDER }).catch((e) => e);
  expect(err.id).toMatch(/^spaces\//);
  expect(err.properties.__provider).toBe(PROVIDER);
  const d = await space.diff(err.id, err.properties, { ...team, __provider: PROVIDER });
  expect(d.changes).toBe(true);
  const { outs } = await space.update(err.id, err.properties, { ...r.inputs });
  expect((outs!.permissions as Props).manageApps).toBe("everyone");
  expect(await spacesNamed("Team Rocket")).toHaveLength(1);
});

it("an update patches only what changed, at the mask rules' cost", async () => {
  const { id, outs } = await created();
  await emu.control.resetLog();
  const next = { ...team, guidelines: "be kind", history: "on" };
  expect((await space.diff(id, outs, next)).changes).toBe(true);
  const { outs: after } = await space.update(id, outs, { ...next, deletionPolicy: "retain" });
  expect(await calls("spaces.get")).toBe(1);
  expect(await calls("spaces.patch")).toBe(2); // space_details, then space_history_state
  expect(after).toMatchObject({ guidelines: "be kind", description: "launches", history: "on" });
});

it("a refresh writes the live values of the declared keys as inputs: the diff is the plan", async () => {
  const { id, outs } = await created();
  await emu.control.updateSpace(id, {
    description: "by hand",
    permissions: { manageApps: "owners" },
  });
  const read = await space.read(id, outs);
  expect(read.inputs).toMatchObject({
    description: "by hand",
    permissions: { manageApps: "owners", manageMembersAndGroups: "owners" },
  });
  expect(read.inputs).not.toHaveProperty("guidelines");
  const d = await space.diff(id, read.props!, { ...team, __provider: PROVIDER });
  expect(d.changes).toBe(true);
});

it("a space deleted out of band reads as gone", async () => {
  const { id, outs } = await created();
  await emu.control.deleteSpace(id);
  expect(await space.read(id, outs)).toEqual({});
});

it("a change that needs a new space fails the diff under retain, naming the field and the fix", async () => {
  const { id, outs } = await created();
  const err = await space.diff(id, outs, { ...team, externalUserAllowed: true }).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(err?.message).toMatch(/REPLACE_NOT_ALLOWED.*externalUserAllowed/);
  expect(err?.message).toMatch(/deletionPolicy/);
  const allowed = { ...outs, deletionPolicy: "delete" };
  const d = await space.diff(id, allowed, {
    ...team,
    externalUserAllowed: true,
    deletionPolicy: "delete",
  });
  expect(d).toMatchObject({ replaces: ["externalUserAllowed"], deleteBeforeReplace: true });
});

it("bad input fails check before any call: unknown setting, over-long name, unknown permission", async () => {
  for (const bad of [
    { ...team, colour: "red" },
    { ...team, displayName: "x".repeat(129) },
    { ...team, permissions: { postMessages: "everyone" } },
    { ...team, deletionPolicy: "sometimes" },
  ]) {
    const r = await space.check({}, { __provider: PROVIDER, ...bad });
    expect(r.failures?.length).toBeGreaterThan(0);
  }
  expect(await calls("spaces.create")).toBe(0);
});

it("destroy keeps the space by default, and deletes it only with deletionPolicy delete", async () => {
  const kept = await created();
  await space.delete(kept.id, kept.outs);
  expect(await spacesNamed("Team Rocket")).toHaveLength(1);
  expect(lines.join("\n")).toMatch(/kept \(deletionPolicy: retain\)/);
  expect(await calls("spaces.delete")).toBe(0);
  const doomed = await created({ ...team, displayName: "Doomed", deletionPolicy: "delete" });
  await space.delete(doomed.id, doomed.outs);
  expect(await spacesNamed("Doomed")).toHaveLength(0);
});

it("a ChatMembership on a space not made yet keeps the space unknown in its checked inputs", async () => {
  const { membership } = await import("../../provider/pulumi/runtime");
  const { UNKNOWN } = await import("../../provider/pulumi/unknown");
  const r = await membership.check(
    {},
    { space: UNKNOWN, member: "bob@example.com", role: "manager" },
  );
  expect(r.failures).toBeUndefined();
  expect(r.inputs?.space).toBe(UNKNOWN);
  expect(await calls("spaces.members.get")).toBe(0);
});
