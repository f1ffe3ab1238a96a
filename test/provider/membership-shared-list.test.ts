// Many ChatMembership in one space against the emulator: their create-provenance lookups and
// their refresh share one members.list pass per space within a provider process (the engine
// still calls each resource's method on its own), and writes in between are accounted for.
import { defaultSeed, startEmulator } from "../../emulator/index";
import { membership } from "../../provider/pulumi/runtime";
import { setChatApiForTests } from "../../provider/pulumi/session";
import { userApi, type Emulator, type Seed } from "./api/harness";

jest.setTimeout(120_000);

const WIDE = "spaces/AAAAwide0001";
const MEMBERS = 1_100; // two list pages
const NEWCOMERS = 100;
const person = (i: number) => `p${i}@example.com`;
const PROVIDER = "exports.handler = …";
type Props = Record<string, unknown>;

function seed(): Seed {
  const base = defaultSeed();
  const people = Array.from({ length: MEMBERS + NEWCOMERS }, (_, i) => ({ email: person(i) }));
  return {
    ...base,
    users: [...(base.users ?? []), ...people],
    spaces: [
      ...(base.spaces ?? []),
      {
        name: WIDE,
        spaceType: "SPACE" as const,
        displayName: "Wide",
        createdBy: "alice@example.com",
        members: [
          { member: "alice@example.com", role: "ROLE_MANAGER" as const },
          ...people.slice(0, MEMBERS).map((p) => ({ member: p.email })),
        ],
      },
    ],
  };
}

let emu: Emulator;
let lines: string[];
const counts = async () => {
  const c = await emu.control.counters();
  const n = (rpc: string) => c[rpc]?.total ?? 0;
  return {
    get: n("spaces.members.get"),
    list: n("spaces.members.list"),
    create: n("spaces.members.create"),
    patch: n("spaces.members.patch"),
  };
};
/** A new provider process: nothing listed yet. */
const newProcess = async () => setChatApiForTests(await userApi(emu));

async function created(members: string[], role = "member"): Promise<Props[]> {
  const results = await Promise.all(
    members.map(async (member) => {
      const checked = await membership.check(
        {},
        { __provider: PROVIDER, space: WIDE, member, role },
      );
      expect(checked.failures).toBeUndefined();
      return membership.create({ ...checked.inputs, __provider: PROVIDER });
    }),
  );
  return results.map((r) => ({ ...r.outs, __provider: PROVIDER }) as Props);
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: seed() });
});
afterAll(async () => {
  setChatApiForTests(undefined);
  await emu?.stop();
});
beforeEach(async () => {
  await emu.control.seed(seed());
  await emu.control.resetLog();
  await newProcess();
  lines = [];
  jest.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
});
afterEach(() => jest.restoreAllMocks());

it(`the first create of ${NEWCOMERS} ChatMemberships reads the space once, not once each`, async () => {
  const outs = await created(
    Array.from({ length: NEWCOMERS }, (_, i) => person(MEMBERS + i)),
    "member",
  );
  expect(outs.every((o) => o.adopted === false && o.state === "JOINED")).toBe(true);
  // One get (the first lookup), one list of two pages shared by the other 99, the creates.
  expect(await counts()).toEqual({ get: 1, list: 2, create: NEWCOMERS, patch: 0 });
  const live = await emu.control.listMembers(WIDE);
  expect(live).toHaveLength(MEMBERS + 1 + NEWCOMERS);
});

it(`adopting and refreshing ${MEMBERS} existing members: one list per process`, async () => {
  const outs = await created(Array.from({ length: MEMBERS }, (_, i) => person(i)));
  expect(outs.every((o) => o.adopted === true)).toBe(true);
  expect(await counts()).toEqual({ get: 1, list: 2, create: 0, patch: 0 });

  // Out of band before the refresh: one removed, one made a manager.
  await emu.control.removeMember(WIDE, person(7));
  await emu.control.setRole(WIDE, person(8), "ROLE_MANAGER");
  await newProcess();
  await emu.control.resetLog();
  lines.length = 0;
  const read = await Promise.all(outs.map((o) => membership.read(String(o.name), o)));
  const c = await emu.control.counters();
  expect(c["spaces.members.get"]?.total ?? 0).toBe(1);
  expect(c["spaces.members.list"]?.total).toBe(2);
  expect(read[7]).toEqual({}); // gone: dropped from the state, the next up adds them again
  expect(read[8]!.props).toMatchObject({ role: "owner" });
  const unchanged = read.filter((r, i) => i !== 7 && i !== 8);
  expect(unchanged.every((r, i) => r.props?.name === outs[i < 7 ? i : i + 2]!.name)).toBe(true);
  expect(unchanged.every((r) => r.props?.role === "member")).toBe(true);
  // The drift lines name both, from one read of the space's events.
  expect(c["spaces.spaceEvents.list"]?.total).toBe(1);
  expect(lines.sort()).toEqual([
    expect.stringContaining(`${person(7)} removed out of band on`),
    expect.stringContaining(`${person(8)} re-roled member → owner out of band on`),
  ]);
});

it("writes this process makes between lookups are served from the list, not looked up again", async () => {
  const [a, b] = await created([person(1), person(2)]);
  const [n] = await created([person(MEMBERS)], "manager");
  expect(n).toMatchObject({ adopted: false, role: "manager" });
  await emu.control.resetLog();
  // The role patch and the removal answered: the list accounts for both.
  const updated = await membership.update(String(a!.name), a!, { ...a!, role: "owner" });
  await membership.delete(String(n!.name), { ...n!, onDestroy: "remove" });
  const readA = await membership.read(String(a!.name), { ...updated.outs, __provider: PROVIDER });
  const readN = await membership.read(String(n!.name), n!);
  const readB = await membership.read(String(b!.name), b!);
  expect(readA.props).toMatchObject({ role: "owner" });
  expect(readN).toEqual({});
  expect(readB.props).toMatchObject({ role: "member" });
  expect(await counts()).toEqual({ get: 0, list: 0, create: 0, patch: 1 });
});

it("a create whose answer was lost still counts as made, and the next lookups list afresh", async () => {
  await created([person(1), person(2)]); // the list is taken
  await emu.control.resetLog();
  await emu.control.injectFault({
    rpc: "spaces.members.create",
    drop: true,
    phase: "after",
    count: 1,
  });
  const [n] = await created([person(MEMBERS)]);
  // The retry met ALREADY_EXISTS: the earlier attempt landed, so the membership is ours.
  expect(n).toMatchObject({ adopted: false, state: "JOINED" });
  const before = await counts();
  const read = await membership.read(String(n!.name), n!);
  expect(read.props).toMatchObject({ name: n!.name, role: "member" });
  // The create's outcome was unknown to the list: the read listed (or looked) again.
  const after = await counts();
  expect(after.list + after.get).toBeGreaterThan(before.list + before.get);
});
