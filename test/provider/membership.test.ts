// ChatMembership's provider methods, called directly (as the dynamic-provider plugin calls them)
// against the emulator: check, create/adopt, read, update, delete, partial creates, one-line errors.
import { defaultSeed, startEmulator } from "../../emulator/index";
import { membership } from "../../provider/pulumi/runtime";
import { setChatApiForTests } from "../../provider/pulumi/session";
import { SPACE, userApi, type Emulator } from "./api/harness";

const ALICE = "users/100000000000000000001";
const BOB = "users/100000000000000000002";
const CAROL = "users/100000000000000000003";
const ERIN = "users/100000000000000000005";
const memberId = (user: string) => user.slice("users/".length);

let emu: Emulator;
let lines: string[];
const calls = async () =>
  (await emu.control.requests()).filter((r) => r.rpc?.startsWith("spaces.")).map((r) => r.rpc);
const liveRole = async (member: string) =>
  (await emu.control.listMembers(SPACE)).find((m) => m.member?.name === member)?.role;

/** What the engine sends: check's inputs plus the serialized provider. */
async function checked(args: Record<string, unknown>) {
  const r = await membership.check({}, { __provider: "exports.handler = …", ...args });
  expect(r.failures).toBeUndefined();
  return { ...r.inputs, __provider: "exports.handler = …" } as Record<string, unknown>;
}

async function failure(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a failure");
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: defaultSeed() });
});
afterAll(async () => {
  setChatApiForTests(undefined);
  await emu?.stop();
});
beforeEach(async () => {
  // A provider process per case: lists shared within one (api/shared-lists.ts) never leak across.
  setChatApiForTests(await userApi(emu));
  lines = [];
  jest.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
  await emu.control.resetLog();
});
afterEach(() => jest.restoreAllMocks());

describe("check", () => {
  it.each([
    [{ member: "users/alice@@example.com" }, "member", "is not a valid email address"],
    [{ member: "users/../x" }, "member", 'contains ".." (path traversal)'],
    [{ member: "users/%2e%2e" }, "member", "contains a percent-encoded path character"],
    [{ member: "users/a?b" }, "member", 'contains "?"'],
    [{ member: "groups/eng", role: "owner" }, "role", "a group (groups/eng) has no role"],
    [{ member: "users/app", useAdminAccess: true }, "useAdminAccess", "admin access cannot"],
    [{ member: "bob@example.com", role: "boss" }, "role", "is not a role"],
    [{ member: "bob@example.com", onDestroy: "never" }, "onDestroy", 'is not one of "remove-if-'],
    [{ member: "bob@example.com", space: "spaces/A/B" }, "space", "is not a space name"],
  ])(
    "rejects %j naming the field, the value and the fix, before any call",
    async (args, field, reason) => {
      const r = await membership.check({}, { space: SPACE, ...args });
      expect(r.inputs).toBeUndefined();
      expect(r.failures).toHaveLength(1);
      const [f] = r.failures!;
      expect(f!.property).toBe(field);
      expect(f!.reason).toContain(`${field}: ${reason}`);
      expect(f!.reason).toContain(
        `(got ${JSON.stringify((args as Record<string, unknown>)[field])})`,
      );
      expect(f!.reason).toMatch(/; fix: \S/);
      expect(f!.reason).not.toContain("\n");
      expect(await emu.control.requests()).toEqual([]);
    },
  );

  it("normalizes inputs and leaves values not known yet to be checked during up", async () => {
    expect(
      (
        await membership.check(
          {},
          { space: "AAAAdemo01", member: "Carol@Example.com", role: "Owner" },
        )
      ).inputs,
    ).toEqual({
      space: SPACE,
      member: "users/carol@example.com",
      role: "owner",
      useAdminAccess: false,
      adopt: true,
      onDestroy: "remove-if-created",
    });
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const r = await membership.check({}, { space: unknown, member: "bob@example.com" });
    expect(r.failures).toBeUndefined();
    expect((await membership.check({}, { space: unknown, member: "a/b/c" })).failures).toHaveLength(
      1,
    );
  });
});

describe("create, read, update, delete", () => {
  it("creates and patches the role; read returns the state and the inputs; delete removes it", async () => {
    const inputs = await checked({ space: SPACE, member: "carol@example.com", role: "manager" });
    const created = await membership.create(inputs);
    expect(created.id).toBe(`${SPACE}/members/${memberId(CAROL)}`);
    expect(created.outs).toMatchObject({
      name: created.id,
      memberName: CAROL,
      memberType: "HUMAN",
      state: "JOINED",
      role: "manager",
      adopted: false,
      onDestroy: "remove-if-created",
    });
    // A look first (who was there before decides provenance), then the create and its patch.
    expect(await calls()).toEqual([
      "spaces.members.get",
      "spaces.members.create",
      "spaces.members.patch",
    ]);
    expect(lines).toEqual([]);

    const read = await membership.read(created.id, created.outs!);
    expect(read).toEqual({
      id: created.id,
      props: created.outs,
      inputs: expect.objectContaining({
        role: "manager",
        member: "users/carol@example.com",
      }),
    });
    // Role drift out of band: the next refresh (another provider process) reports it, and diff
    // then wants an update.
    await emu.control.setRole(SPACE, "carol@example.com", "ROLE_MEMBER");
    setChatApiForTests(await userApi(emu));
    const drifted = await membership.read(created.id, created.outs!);
    expect(drifted.props).toMatchObject({ role: "member" });
    // …with when it happened (one events pass), the author unknown (Chat's events name none).
    expect(lines).toEqual([
      expect.stringMatching(
        /^warning: spaces\/AAAAdemo01: carol@example\.com re-roled manager → member out of band on \d{4}-\d\d-\d\d \d\d:\d\d UTC \(author unknown: Chat's membership events do not name who made a change\); the next up sets the declared role again$/,
      ),
    ]);
    expect(await membership.diff(created.id, drifted.props!, inputs)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });

    await emu.control.resetLog();
    const updated = await membership.update(created.id, drifted.props!, inputs);
    expect(updated.outs).toMatchObject({ role: "manager" });
    expect(await calls()).toEqual(["spaces.members.patch"]);
    expect(await liveRole(CAROL)).toBe("ROLE_ASSISTANT_MANAGER");

    // Settings that only steer the provider: an update with no call.
    await emu.control.resetLog();
    const keep = await checked({
      space: SPACE,
      member: "carol@example.com",
      role: "manager",
      onDestroy: "keep",
    });
    expect((await membership.diff(created.id, updated.outs!, keep)).changes).toBe(true);
    const kept = await membership.update(created.id, updated.outs!, keep);
    expect(kept.outs).toMatchObject({ onDestroy: "keep", role: "manager" });
    expect(await calls()).toEqual([]);
    await membership.delete(created.id, kept.outs!);
    expect(await calls()).toEqual([]);
    expect(lines.join("\n")).toContain("kept carol@example.com");
    expect(await liveRole(CAROL)).toBe("ROLE_ASSISTANT_MANAGER");

    await membership.delete(created.id, { ...kept.outs!, onDestroy: "remove-if-created" });
    expect(await calls()).toEqual(["spaces.members.delete"]);
    expect(await liveRole(CAROL)).toBeUndefined();
    // Gone already (and read drops it from state).
    await membership.delete(created.id, { ...kept.outs!, onDestroy: "remove" });
    expect(lines.join("\n")).toContain("was already gone");
    expect(await membership.read(created.id, kept.outs!)).toEqual({});
    expect(lines.join("\n")).toContain("carol@example.com removed out of band on ");
  });

  it("diff ignores the serialized provider and equivalent spellings", async () => {
    const olds = {
      ...(await checked({ space: SPACE, member: "users/erin@example.com" })),
      memberName: ERIN,
      role: "ROLE_MEMBER",
    };
    const news = {
      ...(await checked({ space: "AAAAdemo01", member: "Erin@example.com", role: "member" })),
      __provider: "// another version",
    };
    expect((await membership.diff("x", olds, news)).changes).toBe(false);
    expect((await membership.diff("x", olds, { ...news, member: ERIN })).changes).toBe(false);
    expect(await membership.diff("x", olds, { ...news, member: "users/bob@example.com" })).toEqual({
      changes: true,
      replaces: ["member"],
      deleteBeforeReplace: false,
    });
  });

  it("adopts an existing member with a warning; destroy keeps it unless onDestroy is remove", async () => {
    const inputs = await checked({ space: SPACE, member: "bob@example.com", role: "owner" });
    const r = await membership.create(inputs);
    expect(r.outs).toMatchObject({ memberName: BOB, adopted: true, role: "owner" });
    // Found before any write: adopted, never created, so never "ours".
    expect(await calls()).toEqual(["spaces.members.get", "spaces.members.patch"]);
    expect(lines).toEqual([
      expect.stringMatching(
        /^warning: users\/bob@example.com was already a member of spaces\/AAAAdemo01 \(JOINED\): adopted, not created; destroy will keep it/,
      ),
    ]);
    await emu.control.resetLog();
    await membership.delete(r.id, r.outs!);
    expect(await calls()).toEqual([]);
    expect(await liveRole(BOB)).toBe("ROLE_MANAGER");
    await membership.delete(r.id, { ...r.outs!, onDestroy: "remove" });
    expect(await liveRole(BOB)).toBeUndefined();
  });

  it("adopt: false fails, saying how to resolve it, and changes nothing", async () => {
    const inputs = await checked({ space: SPACE, member: ALICE, adopt: false });
    const e = await failure(() => membership.create(inputs));
    expect(e.message).toMatch(
      /^ALREADY_A_MEMBER: member: is already a member of spaces\/AAAAdemo01 \(JOINED\) and adopt is false; nothing was changed \(got "users\/100000000000000000001"\); fix: set adopt: true to manage the existing membership, or remove the member in Chat first$/,
    );
    // Refused before any write.
    expect(await calls()).toEqual(["spaces.members.get"]);
  });

  it("a role patch that fails after the create keeps the membership (id and state) for the next up", async () => {
    await emu.control.injectFault({ rpc: "spaces.members.patch", count: 1, status: 403 });
    const inputs = {
      ...(await checked({ space: SPACE, member: "erin@example.com", role: "owner" })),
      __provider: "serialized provider text",
    };
    const e = (await failure(() => membership.create(inputs))) as Error & {
      id?: string;
      properties?: Record<string, unknown>;
      reasons?: string[];
    };
    expect(e.id).toBe(`${SPACE}/members/${memberId(ERIN)}`);
    expect(e.properties).toMatchObject({
      name: e.id,
      memberName: ERIN,
      role: "member",
      adopted: false,
      // The engine stores these properties as the whole state: the provider must be in it.
      __provider: "serialized provider text",
    });
    expect(e.message).toMatch(/^spaces\.members\.patch .*PERMISSION_DENIED/);
    expect(e.reasons).toEqual([e.message]);
    expect(e.stack).toBe("");
    expect(await liveRole(ERIN)).toBe("ROLE_MEMBER");
    // The next up sees the role differ from the declared one and patches it.
    expect((await membership.diff(e.id!, e.properties!, inputs)).changes).toBe(true);
    await membership.update(e.id!, e.properties!, inputs);
    expect(await liveRole(ERIN)).toBe("ROLE_MANAGER");
  });

  it("the last owner cannot be removed: LAST_OWNER on one line, and nothing else happens", async () => {
    // erin (owner from the previous test) leaves first, so alice is the last owner.
    await emu.control.removeMember(SPACE, "erin@example.com");
    const inputs = await checked({
      space: SPACE,
      member: "alice@example.com",
      role: "owner",
      onDestroy: "remove",
    });
    const r = await membership.create(inputs);
    await emu.control.resetLog();
    const e = await failure(() => membership.delete(r.id, r.outs!));
    expect(e.message).toMatch(
      /^LAST_OWNER: member: cannot be removed: Chat refused \(.+\); a space must keep an owner \(got "spaces\/AAAAdemo01\/members\/100000000000000000001"\); fix: make another member owner first, or set onDestroy: "keep" on this resource$/,
    );
    // What the plugin prints for a failed delete: `${e}: ${e.stack}`, one line.
    expect(`${e}: ${e.stack}`).toBe(e.message);
    expect(await calls()).toEqual(["spaces.members.delete"]);
    expect((await emu.control.counters())["spaces.members.delete"]?.byStatus).toEqual({ 400: 1 });
    expect(await liveRole(ALICE)).toBe("ROLE_MANAGER");
  });

  it("read and delete failures are Chat's reason on one line", async () => {
    await emu.control.injectFault({ rpc: "spaces.members.get", count: 1, status: 403 });
    const e = await failure(() =>
      membership.read("x", {
        name: `${SPACE}/members/${memberId(BOB)}`,
        member: "bob@example.com",
      }),
    );
    expect(e.message).toMatch(
      /^spaces\.members\.get spaces\/AAAAdemo01\/members\/\d+: PERMISSION_DENIED — /,
    );
    expect(`${e}: ${e.stack}`).toBe(`ApiError: ${e.message}`);
  });
});
