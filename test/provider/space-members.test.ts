// ChatSpaceMembers' provider methods, called directly (as the dynamic-provider plugin calls them)
// against the emulator: the diff guard, the partial-failure error, API-call counts, destroy.
import { startEmulator } from "../../emulator/index";
import { spaceMembers } from "../../provider/pulumi/runtime";
import { setChatApiForTests } from "../../provider/pulumi/session";
import { forgetAll } from "../../provider/reconcile/recent";
import {
  BIG_SPACE,
  BIG_SPACE_SIZE,
  seedWithBigSpace,
  SPACE,
  userApi,
  type Emulator,
} from "./api/harness";

jest.setTimeout(60_000);

type Props = Record<string, unknown>;
const PROVIDER = "exports.handler = …";
const ALICE = "users/100000000000000000001";
const users = Array.from({ length: 60 }, (_, i) => `user${i}@example.com`); // seeded by seedWithBigSpace

let emu: Emulator;
let lines: string[];
const counters = async () => {
  const c = await emu.control.counters();
  const n = (m: string) => c[`spaces.members.${m}`]?.total ?? 0;
  return { list: n("list"), get: n("get"), writes: n("create") + n("patch") + n("delete") };
};

async function checked(args: Props, olds: Props = {}): Promise<Props> {
  const r = await spaceMembers.check(olds, { __provider: PROVIDER, ...args });
  expect(r.failures).toBeUndefined();
  return { ...r.inputs, __provider: PROVIDER };
}

async function failure(run: () => Promise<unknown>): Promise<Error & Props> {
  try {
    await run();
  } catch (e) {
    return e as Error & Props;
  }
  throw new Error("expected a failure");
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: seedWithBigSpace(), quotas: { enabled: false } });
  setChatApiForTests(
    await userApi(emu, "alice@example.com", {
      quotas: { membershipWrites: { limit: 100_000, windowMs: 60_000, safetyMarginMs: 0 } },
    }),
  );
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
  forgetAll(); // the emulator was reseeded: no list of the previous case may serve this one
});
afterEach(() => jest.restoreAllMocks());

const team = (members: string[], extra: Props = {}) => ({
  space: SPACE,
  mode: "authoritative",
  members: [
    { member: "alice@example.com", role: "owner" },
    ...members.map((member) => ({ member })),
  ],
  ...extra,
});

describe("API calls equal the lower bound", () => {
  it("create with k adds = one list pass + k writes; a no-op update makes no write; k changes = 1 list + k writes", async () => {
    await emu.control.resetLog();
    const inputs = await checked(team(users.slice(0, 10), { maxRemovals: 1 }));
    const created = await spaceMembers.create(inputs);
    // check's list (the first create's preview) served the create too, and gave every email:
    // no lookup. bob is undeclared: removed.
    expect(await counters()).toEqual({ list: 1, get: 0, writes: 11 });

    // `up --refresh`: the refresh's list serves the update in the same process; its own writes
    // make the next one list again.
    await emu.control.resetLog();
    const refreshed = await spaceMembers.read(created.id, created.outs!);
    const again = await checked(team(users.slice(0, 10), { maxRemovals: 1 }), refreshed.inputs);
    await spaceMembers.update(created.id, refreshed.props!, again);
    expect(await counters()).toEqual({ list: 1, get: 0, writes: 0 });

    await emu.control.resetLog();
    const same = await checked(team(users.slice(0, 10), { maxRemovals: 1 }), created.outs);
    await spaceMembers.update(created.id, created.outs!, same);
    expect(await counters()).toEqual({ list: 1, get: 0, writes: 0 });

    await emu.control.resetLog();
    const k = await checked(
      {
        ...team(users.slice(2, 13), { maxRemovals: 2 }),
        members: [
          { member: "alice@example.com", role: "owner" },
          { member: users[2], role: "manager" },
          ...users.slice(3, 13).map((member) => ({ member })),
        ],
      },
      created.outs,
    );
    await spaceMembers.update(created.id, created.outs!, k);
    // 2 removals, 1 role change, 3 adds.
    expect(await counters()).toEqual({ list: 1, get: 0, writes: 6 });
  });

  it(`refresh of a ${BIG_SPACE_SIZE + 1}-member space = ceil(N/1000) list calls`, async () => {
    const props = await checked({
      space: BIG_SPACE,
      mode: "additive",
      members: [{ member: "alice@example.com", role: "owner" }],
    });
    await emu.control.resetLog();
    const r = await spaceMembers.read(BIG_SPACE, {
      ...props,
      resolved: { "alice@example.com": ALICE },
    });
    expect(r.id).toBe(BIG_SPACE);
    expect(await counters()).toEqual({
      list: Math.ceil((BIG_SPACE_SIZE + 1) / 1000),
      get: 0,
      writes: 0,
    });
  });
});

describe("the maxRemovals guard in check", () => {
  it("fails the preview with one line that names every removal by email and how to raise the limit", async () => {
    const inputs = await checked(team(users.slice(0, 4), { maxRemovals: 5 }));
    const { outs } = await spaceMembers.create(inputs);
    await emu.control.resetLog();
    const r = await spaceMembers.check(inputs, {
      __provider: PROVIDER,
      ...team([], { maxRemovals: 3 }),
    });
    expect(r.failures).toEqual([
      {
        property: "maxRemovals",
        reason:
          "TOO_MANY_REMOVALS: maxRemovals: the plan for spaces/AAAAdemo01 removes 4 members, more than the limit: " +
          "user0@example.com, user1@example.com, user2@example.com, user3@example.com " +
          "(got 3); fix: check that list, then set maxRemovals: 4 on the resource (or in the member file) and run again; nothing was applied",
      },
    ]);
    expect(outs!.members).toMatchObject({ "user0@example.com": "member" });
    expect(await counters()).toEqual({ list: 0, get: 0, writes: 0 });
  });
});

describe("a partial failure", () => {
  it("names what was and was not applied, and keeps the applied part (and the provider) in the state", async () => {
    const inputs = await checked(team(users.slice(0, 60), { maxRemovals: 1 }));
    await emu.control.injectFault({
      rpc: "spaces.members.create",
      after: 36,
      count: 10_000,
      status: 500,
    });
    const e = await failure(() => spaceMembers.create(inputs));
    expect(e.code).toBe("PARTIAL_APPLY");
    const [head, failed, notApplied, applied, fix] = e.message.split("\n");
    // 60 adds and bob's removal (alice, the caller, was resolved by check's lookups).
    expect(head).toBe("PARTIAL_APPLY: spaces/AAAAdemo01: applied 36 of 61 changes, then stopped.");
    expect(failed).toMatch(
      /^ {2}failed: \+ add user\d+@example\.com as member: spaces\.members\.create .*INTERNAL/,
    );
    expect(notApplied).toMatch(/^ {2}not applied: .*- remove bob@example\.com \(member\)/);
    expect(applied).toMatch(/^ {2}applied: \+ add /);
    expect(fix).toMatch(/run `pulumi up` again/);
    expect(e.id).toBe(SPACE);
    const props = e.properties as Props & { added: string[]; members: Record<string, string> };
    expect(props.__provider).toBe(PROVIDER);
    const created = (await emu.control.listMembers(SPACE)).length - 2; // alice, bob
    expect(props.added).toHaveLength(created);
    expect(Object.keys(props.members)).toHaveLength(created + 2);
    expect(e.reasons).toEqual([e.message]);

    await emu.control.clearFaults();
    await emu.control.resetLog();
    await spaceMembers.update(SPACE, props, inputs);
    const c = await counters();
    expect(created).toBe(36);
    expect(c.writes).toBe(60 - created + 1); // the rest, and bob
    expect((await emu.control.listMembers(SPACE)).length).toBe(61);
  });
});

describe("destroy", () => {
  it("keeps everyone by default, and with removeOnDestroy removes what it added but never the last owner", async () => {
    const inputs = await checked(team(["carol@example.com"], { removeOnDestroy: true }));
    const { id, outs } = await spaceMembers.create(inputs);
    expect(outs!.added).toEqual(["users/100000000000000000003"]);
    await spaceMembers.delete(id, { ...outs, removeOnDestroy: false });
    expect(await emu.control.listMembers(SPACE)).toHaveLength(2);
    // carol, added by this resource, became the only owner by hand.
    await emu.control.setRole(SPACE, "users/100000000000000000003", "ROLE_MANAGER");
    await emu.control.setRole(SPACE, ALICE, "ROLE_MEMBER");
    await emu.control.resetLog();
    await spaceMembers.delete(id, outs!);
    expect((await counters()).writes).toBe(0);
    expect(lines.join("\n")).toMatch(
      /kept carol@example\.com \(no remove\): added by this resource, but the space's last owner/,
    );
    await emu.control.setRole(SPACE, ALICE, "ROLE_MANAGER");
    await spaceMembers.delete(id, outs!);
    expect((await emu.control.listMembers(SPACE)).map((m) => m.member?.name)).toEqual([ALICE]);
  });
});

describe("one newcomer declared twice (email and numeric id)", () => {
  it("is caught at the first create that shows it: one create, no role flip, DUPLICATE_MEMBER", async () => {
    const ERIN = "users/100000000000000000005";
    const inputs = await checked(
      team([], {
        members: [
          { member: "alice@example.com", role: "owner" },
          { member: "bob@example.com" },
          { member: "erin@example.com", role: "manager" },
          { member: ERIN, role: "member" },
        ],
      }),
    );
    await emu.control.resetLog();
    const e = await failure(() => spaceMembers.create(inputs));
    expect(e.message).toMatch(
      /failed: \+ add users\/100000000000000000005 as member: DUPLICATE_MEMBER: members: is erin@example\.com, declared twice/,
    );
    const c = await emu.control.counters();
    expect(c["spaces.members.create"]?.total).toBe(1);
    expect((await emu.control.listMembers(SPACE)).find((m) => m.member?.name === ERIN)?.role).toBe(
      "ROLE_ASSISTANT_MANAGER",
    );
  });
});

describe("an API revision without member emails (before 20261107)", () => {
  afterEach(() => emu.control.setApiRevision("20261107"));

  it("looks declared and ignored emails up (members.get) only while a listed person has none, and plans the same", async () => {
    await emu.control.setApiRevision("legacy");
    await emu.control.resetLog();
    // alice (declared by email) and bob (ignored by email) are listed without emails.
    const inputs = await checked(
      team([users[0]!], { ignore: ["bob@example.com"], maxRemovals: 0 }),
    );
    const created = await spaceMembers.create(inputs);
    // One list; one get per email until both email-less members are matched; no removal (bob
    // is ignored, found by email) and alice not re-added.
    const c = await counters();
    expect(c.list).toBe(1);
    expect(c.get).toBeGreaterThanOrEqual(2); // alice and bob, by email alias
    expect(c.get).toBeLessThanOrEqual(3);
    expect(c.writes).toBe(1); // user0 joins
    expect(created.outs!.members).toMatchObject({
      "alice@example.com": "owner",
      "bob@example.com": "member",
      [users[0]!]: "member",
    });
  });
});

describe("a state written by bf5c050 (before the compact format)", () => {
  /**
   * `props` as bf5c050 stored them: the declaration (in the outputs too) as objects, ids as a
   * map, no list left out.
   */
  function asBf5c050(props: Props, declared: string[]): Props {
    const emails = Object.keys(props.members as Props)
      .filter((k) => k.includes("@"))
      .sort();
    const view = props.__view as Props;
    const ids = (view.ids as string[] | undefined) ?? [];
    return {
      ...props,
      __declared: declared.map((d) => {
        const [member, role] = d.split(" ");
        const name = member!.includes("@") ? `users/${member}` : member;
        return role ? { member: name, role } : { member: name };
      }),
      __view: {
        ids: Object.fromEntries(
          emails.flatMap((e, i) => (ids[i] ? [[e, `users/${ids[i]}`] as const] : [])),
        ),
        invited: view.invited ?? props.invited ?? [],
        apps: view.apps ?? [],
        external: view.external ?? props.affiliation ?? {},
        caller: view.caller,
      },
    };
  }

  it("diffs as no change, previews with no call, and a refresh rewrites it in the current format (no declaration in the outputs)", async () => {
    const declared = team(["carol@example.com", "dave@partner.example"], { allowExternal: true });
    const inputs = await checked(declared);
    const { id, outs } = await spaceMembers.create(inputs);
    const declaredNow = ["alice@example.com owner", "carol@example.com", "dave@partner.example"];
    expect(inputs.__declared).toEqual(declaredNow);
    expect(outs).not.toHaveProperty("__declared");
    expect(outs!.invited).toEqual(["dave@partner.example"]);
    const oldInputs = asBf5c050(inputs, declaredNow);
    const oldOuts = asBf5c050(outs!, declaredNow);
    expect(oldOuts.__view).toMatchObject({
      ids: { "carol@example.com": "users/100000000000000000003" },
      invited: ["dave@partner.example"],
    });

    await emu.control.resetLog();
    const news = await checked(declared, oldInputs);
    expect((await spaceMembers.diff(id, oldOuts, news)).changes).toBe(false);
    expect(await counters()).toEqual({ list: 0, get: 0, writes: 0 });

    const read = await spaceMembers.read(id, oldOuts);
    expect(read.props).toEqual(outs);
    expect(read.inputs).not.toHaveProperty("__declared");
    expect((await spaceMembers.diff(id, read.props!, news)).changes).toBe(false);
    // A settings change still shows against outputs that hold no declaration.
    const additive = await checked({ ...declared, mode: "additive" }, read.inputs);
    expect((await spaceMembers.diff(id, read.props!, additive)).changes).toBe(true);
    expect(await counters()).toEqual({ list: 1, get: 0, writes: 0 });
  });
});

describe("a space not known yet (a new ChatSpace's name in a preview)", () => {
  const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

  it("previews every declared member as an add, with no API call, the space left unknown", async () => {
    await emu.control.resetLog();
    const r = await spaceMembers.check(
      {},
      {
        __provider: PROVIDER,
        ...team(["carol@example.com", "groups/eng"], { space: UNKNOWN }),
        members: [
          { member: "alice@example.com", role: "owner" },
          { member: "carol@example.com", role: "manager" },
          { member: "groups/eng" },
        ],
      },
    );
    expect(r.failures).toBeUndefined();
    expect(r.inputs?.space).toBe(UNKNOWN);
    expect(r.inputs?.members).toEqual({
      "alice@example.com": "owner",
      "carol@example.com": "manager",
      "groups/eng": "group",
    });
    expect(await counters()).toEqual({ list: 0, get: 0, writes: 0 });
    expect(lines.join("\n")).toMatch(/a new space: 3 member\(s\) to add/);
  });

  it("still fails on every other bad input, naming the field", async () => {
    const r = await spaceMembers.check(
      {},
      {
        __provider: PROVIDER,
        space: UNKNOWN,
        mode: "authoritative",
        members: [{ member: "not an email" }, { member: "groups/eng", role: "owner" }],
      },
    );
    expect(r.failures?.map((f) => f.property)).toEqual(
      expect.arrayContaining(["members[0].member", "members[1].role"]),
    );
    expect(JSON.stringify(r.failures)).not.toContain("spaces/pending");
  });

  it("leaves a value unknown beside the space for the up to check", async () => {
    const r = await spaceMembers.check(
      {},
      {
        __provider: PROVIDER,
        space: UNKNOWN,
        mode: "authoritative",
        members: [{ member: UNKNOWN }],
      },
    );
    expect(r.failures).toBeUndefined();
    expect(r.inputs?.members).toEqual([{ member: UNKNOWN }]);
  });
});

describe("an existing ChatSpaceMembers whose space becomes unknown (its ChatSpace replaced)", () => {
  it("diffs as a replace instead of failing on the unknown", async () => {
    const inputs = await checked(team([]));
    const { outs } = await spaceMembers.create(inputs);
    const news = { ...inputs, space: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" };
    await expect(spaceMembers.diff(SPACE, outs!, news)).resolves.toMatchObject({
      changes: true,
      replaces: ["space"],
    });
  });
});
