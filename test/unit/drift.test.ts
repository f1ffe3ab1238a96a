// Drift, pure: what changed between two views, an event → a line (time, author unknown and why),
// the next up's consequence from the plan, and the API's SpaceEvent → membership events.
import { toMembershipEvents } from "../../provider/api/space-events";
import {
  AUTHOR_UNKNOWN,
  driftLine,
  driftRecords,
  driftWithPlan,
  findDrift,
  parseDriftRecords,
  type EventsRead,
  type MembershipEvent,
} from "../../provider/core/drift";
import { planSpace } from "../../provider/core/plan";
import type { SpaceView, ViewMember } from "../../provider/core/view";
import { orThrow } from "../../provider/core/validate/collector";
import { validateSpaceMembersArgs } from "../../provider/core/validate/space-members";

const S = "spaces/AAA";
const m = (id: string, email: string, role: ViewMember["role"] = "ROLE_MEMBER"): ViewMember => ({
  id: `users/${id}`,
  email,
  kind: "human",
  role,
  state: "JOINED",
});
const view = (...members: ViewMember[]): SpaceView => ({
  space: S,
  members,
  caller: "users/1",
  unresolvedEmails: [],
});
const alice = m("1", "alice@x.example", "ROLE_MANAGER");
const bob = m("2", "bob@x.example");
const carol = m("3", "carol@x.example");
const events = (...e: MembershipEvent[]): EventsRead => ({ ok: true, events: e });

describe("findDrift", () => {
  it("added, removed and re-roled, matched by id or email", () => {
    const before = view(alice, bob, { ...carol, id: "users/carol@x.example" });
    const now = view(alice, { ...bob, role: "ROLE_ASSISTANT_MANAGER" }, m("4", "dan@x.example"));
    expect(findDrift(before, now).map((c) => [c.kind, c.person.email, c.from])).toEqual([
      ["role", "bob@x.example", "ROLE_MEMBER"],
      ["added", "dan@x.example", undefined],
      ["removed", "carol@x.example", undefined],
    ]);
    // An email the state knew without its id is the same person once the list gives the id.
    expect(findDrift(view({ ...bob, id: "users/bob@x.example" }), view(bob))).toEqual([]);
  });
});

describe("driftLine: an event → a line", () => {
  const [added] = findDrift(view(alice), view(alice, carol));
  it("the latest matching event's time; the author unknown, and why", () => {
    const line = driftLine(
      added!,
      events(
        { kind: "created", time: "2026-11-30T09:00:00Z", key: "3" },
        { kind: "deleted", time: "2026-12-01T09:00:00Z", key: "3" },
        { kind: "created", time: "2026-12-03T14:02:31Z", key: "3" },
        { kind: "created", time: "2026-12-04T10:00:00Z", key: "9" },
        { kind: "created", time: "2026-12-04T11:00:00Z" }, // an empty payload: gone since
      ),
    );
    expect(line).toBe(
      `carol@x.example added as member out of band on 2026-12-03 14:02 UTC (${AUTHOR_UNKNOWN})`,
    );
    expect(AUTHOR_UNKNOWN).toBe(
      "author unknown: Chat's membership events do not name who made a change",
    );
  });
  it("no matching event: the time unknown, with the 28-day reason", () => {
    expect(driftLine(added!, events())).toBe(
      `carol@x.example added as member out of band (when unknown: no created event for them in the last 28 days; ${AUTHOR_UNKNOWN})`,
    );
  });
  it("events unreadable: both unknown, and why", () => {
    expect(driftLine(added!, { ok: false, why: "spaces.spaceEvents.list failed: X" })).toBe(
      "carol@x.example added as member out of band (when and author unknown: spaces.spaceEvents.list failed: X)",
    );
  });
});

describe("the consequence, from the plan", () => {
  const args = (members: unknown[], mode = "authoritative") =>
    orThrow(validateSpaceMembersArgs({ space: S, mode, members }));
  const none = events();
  const lines = (before: SpaceView, now: SpaceView, a: ReturnType<typeof args>) =>
    driftWithPlan(driftRecords(findDrift(before, now), none), planSpace(now, a)).map((l) =>
      l.split("; ").pop(),
    );

  it.each([
    [
      "added, undeclared, authoritative",
      view(alice),
      view(alice, carol),
      args([{ member: "alice@x.example", role: "owner" }]),
      "the next up removes them",
    ],
    [
      "added, additive",
      view(alice),
      view(alice, carol),
      args([{ member: "alice@x.example", role: "owner" }], "additive"),
      "the next up keeps them",
    ],
    [
      "added, declared",
      view(alice),
      view(alice, carol),
      args([{ member: "alice@x.example", role: "owner" }, { member: "carol@x.example" }]),
      "the next up keeps them",
    ],
    [
      "removed, declared",
      view(alice, carol),
      view(alice),
      args([{ member: "alice@x.example", role: "owner" }, { member: "carol@x.example" }]),
      "declared: the next up adds them back",
    ],
    [
      "removed, undeclared",
      view(alice, carol),
      view(alice),
      args([{ member: "alice@x.example", role: "owner" }]),
      "not declared: the next up leaves them out",
    ],
    [
      "re-roled, declared member",
      view(alice, carol),
      view(alice, { ...carol, role: "ROLE_MANAGER" }),
      args([
        { member: "alice@x.example", role: "owner" },
        { member: "carol@x.example", role: "member" },
      ]),
      "declared member: the next up makes them member",
    ],
    [
      "re-roled, additive, no role declared",
      view(alice, carol),
      view(alice, { ...carol, role: "ROLE_MANAGER" }),
      args(
        [{ member: "alice@x.example", role: "owner" }, { member: "carol@x.example" }],
        "additive",
      ),
      "the next up keeps that role",
    ],
  ])("%s", (_, before, now, a, expected) => {
    expect(lines(before, now, a)).toEqual([expect.stringContaining(expected)]);
  });
});

it("the state form is checked field by field", () => {
  const good = { kind: "added", id: "users/3", label: "carol@x.example", line: "…" };
  expect(parseDriftRecords([good, { ...good, kind: "x" }, null, 3])).toEqual([good]);
  expect(parseDriftRecords("nope")).toEqual([]);
});

describe("toMembershipEvents: the API's SpaceEvent", () => {
  const t = "2026-12-03T14:02:31Z";
  it.each([
    [
      {
        eventType: "google.workspace.chat.membership.v1.created",
        eventTime: t,
        membershipCreatedEventData: { membership: { name: `${S}/members/3` } },
      },
      [{ kind: "created", time: t, key: "3" }],
    ],
    [
      {
        eventType: "google.workspace.chat.membership.v1.created",
        eventTime: t,
        membershipCreatedEventData: { membership: {} },
      },
      [{ kind: "created", time: t }],
    ],
    [
      {
        eventType: "google.workspace.chat.membership.v1.batchDeleted",
        eventTime: t,
        membershipBatchDeletedEventData: {
          memberships: [
            { membership: { name: `${S}/members/3`, state: "NOT_A_MEMBER" } },
            { membership: { name: `${S}/members/eng` } },
          ],
        },
      },
      [
        { kind: "deleted", time: t, key: "3" },
        { kind: "deleted", time: t, key: "eng" },
      ],
    ],
    [{ eventType: "google.workspace.chat.message.v1.created", eventTime: t }, []],
    [{ eventType: "google.workspace.chat.membership.v1.updated" }, []],
  ])("%j", (e, expected) => {
    expect(toMembershipEvents(e)).toEqual(expected);
  });
});
