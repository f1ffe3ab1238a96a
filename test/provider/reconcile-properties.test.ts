// Property-based test of the whole reconcile flow (resolve → plan → guard → apply → record)
// against the emulator: random live spaces, declarations, modes, ignore lists and injected
// write faults. After the run converges: nobody ignored was touched, the caller was not removed,
// additive mode removed nobody, no member who was there before is recorded as added, every
// write was a line of a plan, and a space that had a joined owner still has one.
import fc from "fast-check";
import { defaultSeed, startEmulator, type Seed } from "../../emulator/index";
import type { ChatApi } from "../../provider/api";
import {
  isEmptyPlan,
  parseMember,
  planSpace,
  type DesiredMember,
  type NormalizedSpaceMembersArgs,
  type Role,
} from "../../provider/core";
import { entriesOf, resolveSpace } from "../../provider/reconcile/resolve";
import { PartialApplyError, reconcileSpace, type Reporter } from "../../provider/reconcile/space";
import { userApi, type Emulator } from "./api/harness";

jest.setTimeout(600_000);

const SPACE = "spaces/AAAAprops01";
const ALICE = "users/100000000000000000001"; // the caller
const PEOPLE = ["alice", "bob", "carol", "erin", "frank", "grace", "dave"] as const;
type Person = (typeof PEOPLE)[number];
const email = (p: Person) => (p === "dave" ? "dave@partner.example" : `${p}@example.com`);
const ID: Record<Person, string> = {
  alice: ALICE,
  bob: "users/100000000000000000002",
  carol: "users/100000000000000000003",
  dave: "users/100000000000000000004",
  erin: "users/100000000000000000005",
  frank: "users/100000000000000000006",
  grace: "users/100000000000000000007",
};
const ROLES: Role[] = ["ROLE_MEMBER", "ROLE_ASSISTANT_MANAGER", "ROLE_MANAGER"];
const silent: Reporter = { info: () => undefined, warn: () => undefined };

interface LiveSpec {
  readonly people: { who: Person; role: Role; invited: boolean }[];
  readonly group: boolean;
  readonly otherApp: boolean;
}

const liveArb: fc.Arbitrary<LiveSpec> = fc
  .record({
    people: fc.uniqueArray(
      fc.record({
        who: fc.constantFrom(...PEOPLE),
        role: fc.constantFrom(...ROLES),
        invited: fc.boolean(),
      }),
      { selector: (p) => p.who, maxLength: 7 },
    ),
    group: fc.boolean(),
    otherApp: fc.boolean(),
    // The caller must be in the space to list it (user authentication).
    aliceRole: fc.constantFrom(...ROLES),
  })
  .map(({ aliceRole, ...l }) => ({
    ...l,
    people: l.people.some((p) => p.who === "alice")
      ? l.people.map((p) => (p.who === "alice" ? { ...p, invited: false } : p))
      : [{ who: "alice" as const, role: aliceRole, invited: false }, ...l.people],
  }));

const refArb = fc
  .tuple(fc.constantFrom<Person | "group">(...PEOPLE, "group"), fc.boolean(), fc.boolean())
  .map(([who, byId, shout]) => {
    if (who === "group") return { key: "groups/eng", ref: "groups/eng" };
    const ref = byId ? ID[who] : email(who);
    return { key: ID[who], ref: shout && !byId ? `users/${ref.toUpperCase()}` : ref };
  });

const declArb = fc
  .record({
    members: fc.uniqueArray(
      fc.tuple(refArb, fc.option(fc.constantFrom(...ROLES), { nil: undefined })),
      { selector: ([r]) => r.key, maxLength: 6 },
    ),
    ignore: fc.uniqueArray(refArb, { selector: (r) => r.key, maxLength: 2 }),
    mode: fc.constantFrom("authoritative" as const, "additive" as const),
  })
  .map(({ members, ignore, mode }): NormalizedSpaceMembersArgs => {
    const declared = new Set(members.map(([r]) => r.key));
    return {
      space: SPACE,
      mode,
      members: members.map(([r, role]): DesiredMember => {
        const member = parseMember(r.ref);
        return member.kind === "user" && role ? { member, role } : ({ member } as DesiredMember);
      }),
      ignore: ignore.filter((r) => !declared.has(r.key)).map((r) => parseMember(r.ref)),
      maxRemovals: 100,
      useAdminAccess: false,
      removeOnDestroy: false,
      allowExternal: true,
      domains: [],
      staleInvites: "report",
      staleInviteDays: 14,
    };
  });

const faultArb = fc.array(
  fc.record({
    rpc: fc.constantFrom("spaces.members.create", "spaces.members.delete", "spaces.members.patch"),
    status: fc.constantFrom(429, 500, 503),
    phase: fc.constantFrom("before" as const, "after" as const),
    after: fc.nat({ max: 3 }),
  }),
  { maxLength: 3 },
);

function seedOf(live: LiveSpec): Seed {
  const s = defaultSeed();
  return {
    ...s,
    users: [
      ...(s.users ?? []),
      { email: "frank@example.com", id: "100000000000000000006" },
      { email: "grace@example.com", id: "100000000000000000007" },
    ],
    spaces: [
      {
        name: SPACE,
        spaceType: "SPACE",
        createdBy: "alice@example.com",
        members: [
          ...live.people.map((p) => ({
            member: email(p.who),
            role: p.role,
            ...(p.invited ? { state: "INVITED" as const } : {}),
          })),
          ...(live.group ? [{ member: "groups/eng" }] : []),
          ...(live.otherApp ? [{ member: "app:other-project" }] : []),
        ],
      },
    ],
  };
}

let emu: Emulator;
let api: ChatApi;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: defaultSeed(), quotas: { enabled: false } });
  // The emulator's quotas are off, and so is the client's pacing: hundreds of cases in seconds.
  const unlimited = { limit: 1e9, windowMs: 60_000, safetyMarginMs: 0 };
  api = await userApi(emu, "alice@example.com", {
    retry: { initialDelayMs: 1, maxDelayMs: 2 },
    quotas: { membershipWrites: unlimited, membershipReads: unlimited, spaceReads: unlimited },
  });
});
afterAll(async () => emu?.stop());

type Roles = Map<string, string>;
async function liveRoles(): Promise<Roles> {
  const list = await emu.control.listMembers(SPACE);
  return new Map(
    list.map((m) => [m.member?.name ?? m.groupMember?.name ?? "?", m.role ?? "UNSPECIFIED"]),
  );
}

/**
 * Writes that took effect: answered 200, or failed after taking effect ("after" faults). A
 * retried patch or delete of the same membership is one write.
 */
async function effectiveWrites(): Promise<number> {
  const log = await emu.control.requests();
  const took = log.filter(
    (r) =>
      ["spaces.members.create", "spaces.members.delete", "spaces.members.patch"].includes(
        r.rpc ?? "",
      ) &&
      (r.status === 200 || /\(after\)/.test(r.fault ?? "")),
  );
  const creates = took.filter((r) => r.rpc === "spaces.members.create").length;
  const others = new Set(
    took.filter((r) => r.rpc !== "spaces.members.create").map((r) => `${r.rpc} ${r.path}`),
  );
  return creates + others.size;
}

/** Writes a plan makes: one per line, and the role patch of an add with a role. */
const writesOf = (p: ReturnType<typeof planSpace>) =>
  p.adds.length + p.adds.filter((a) => a.role).length + p.roleChanges.length + p.removes.length;

it("converged runs keep every safety promise, and write exactly the plan's lines", async () => {
  let cases = 0;
  await fc.assert(
    fc.asyncProperty(liveArb, declArb, faultArb, async (live, args, faults) => {
      cases++;
      await emu.control.reset();
      await emu.control.seed(seedOf(live));
      const before = await liveRoles();
      const request = { space: SPACE, useAdminAccess: false, entries: entriesOf(args) };
      const snapshot = await resolveSpace(api, request);
      let plan;
      try {
        plan = planSpace(snapshot, args);
      } catch {
        return; // one person declared twice, or declared and ignored: refused before any write
      }
      const ignored = new Set(
        plan.kept.filter((k) => k.code === "IGNORED").map((k) => k.person.id),
      );
      for (const f of faults) await emu.control.injectFault({ ...f, count: 1 });

      let added: readonly string[] = [];
      let refused = false;
      await emu.control.resetLog();
      for (let run = 0; run < 4; run++) {
        const now = planSpace(await resolveSpace(api, request), args);
        if (isEmptyPlan(now)) break;
        await emu.control.resetLog();
        try {
          added = (await reconcileSpace(api, args, added, silent)).added;
          refused = false;
        } catch (e) {
          if (!(e instanceof PartialApplyError)) throw e;
          added = e.record.added;
          // A write Chat refuses for good (a member may not promote themself): no convergence.
          refused = e.error.message.includes("PERMISSION_DENIED");
        }
        // No write outside the plan of its run ("after" faults count once, as they took effect).
        expect(await effectiveWrites()).toBeLessThanOrEqual(writesOf(now));
      }
      await emu.control.clearFaults();
      const after = await liveRoles();
      if (!refused)
        expect(isEmptyPlan(planSpace(await resolveSpace(api, request), args))).toBe(true);

      for (const [id, role] of before) {
        if (ignored.has(id)) expect(after.get(id)).toBe(role);
        if (args.mode === "additive") expect(after.has(id)).toBe(true);
        // Never ours: it was there before.
        expect(added).not.toContain(id);
      }
      const aliceDeclared = args.members.some(
        (d) =>
          d.member.kind === "user" &&
          ["alice@example.com", ALICE.slice("users/".length)].includes(d.member.ref),
      );
      if (before.has(ALICE) && !aliceDeclared) expect(after.has(ALICE)).toBe(true);
      const joinedOwner = live.people.some((p) => p.role === "ROLE_MANAGER" && !p.invited);
      if (joinedOwner) expect([...after.values()]).toContain("ROLE_MANAGER");
    }),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
  );
  expect(cases).toBeGreaterThan(0);
});
