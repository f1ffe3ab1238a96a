// Stale invitations, pure: which are stale at a given time, and what each staleInvites policy
// makes of them in the plan (report: a warning; revoke: a removal counted by maxRemovals, never
// a declared, ignored or calling member's; keep: nothing).
import { describeOp } from "../../provider/core/describe";
import { removalLimitError } from "../../provider/core/guards";
import { planSpace } from "../../provider/core/plan";
import { staleInvites } from "../../provider/core/stale";
import { orThrow } from "../../provider/core/validate/collector";
import { validateSpaceMembersArgs } from "../../provider/core/validate/space-members";
import type { SpaceView, ViewMember } from "../../provider/core/view";

const S = "spaces/AAA";
const NOW = Date.parse("2026-12-05T12:00:00Z");
const daysAgo = (d: number) => new Date(NOW - d * 86_400_000).toISOString();
const m = (id: string, email: string, extra: Partial<ViewMember> = {}): ViewMember => ({
  id: `users/${id}`,
  email,
  kind: "human",
  role: "ROLE_MEMBER",
  state: "JOINED",
  ...extra,
});
const alice = m("1", "alice@x.example", { role: "ROLE_MANAGER" });
const old = m("2", "old@x.example", { state: "INVITED", createTime: daysAgo(20) });
const fresh = m("3", "fresh@x.example", { state: "INVITED", createTime: daysAgo(3) });
const joinedLongAgo = m("4", "joined@x.example", { createTime: daysAgo(400) });
const view: SpaceView = {
  space: S,
  members: [alice, old, fresh, joinedLongAgo],
  caller: alice.id,
  unresolvedEmails: [],
};
const args = (extra: Record<string, unknown>, members: unknown[] = []) =>
  orThrow(
    validateSpaceMembersArgs({
      space: S,
      mode: "additive",
      members: [{ member: "alice@x.example", role: "owner" }, ...members],
      ...extra,
    }),
  );

it("stale: invited, older than the limit; joined members and fresh invitations are not", () => {
  expect(staleInvites(view.members, 14, NOW).map((s) => [s.person.email, s.days])).toEqual([
    ["old@x.example", 20],
  ]);
  expect(staleInvites(view.members, 2, NOW)).toHaveLength(2);
});

it("report (the default): a warning naming the invitation, no write", () => {
  const plan = planSpace(view, args({}), NOW);
  expect(plan.removes).toEqual([]);
  expect(plan.warnings).toEqual([
    "stale invitation: old@x.example invited 20 days ago (2026-11-15), not accepted; staleInvites: revoke would remove it",
  ]);
  // Without a time (a caller that gives none) nothing is stale.
  expect(planSpace(view, args({})).warnings).toEqual([]);
});

it("revoke: a removal line the reviewer sees, counted by maxRemovals", () => {
  const plan = planSpace(view, args({ staleInvites: "revoke", maxRemovals: 0 }), NOW);
  expect(plan.removes.map(describeOp)).toEqual([
    "- remove old@x.example (member): stale invitation: old@x.example invited 20 days ago (2026-11-15), not accepted",
  ]);
  expect(plan.after).not.toHaveProperty(["old@x.example"]);
  expect(removalLimitError(plan, 0)?.code).toBe("TOO_MANY_REMOVALS");
  // staleInviteDays moves the limit.
  expect(
    planSpace(view, args({ staleInvites: "revoke", staleInviteDays: 2 }), NOW).removes,
  ).toHaveLength(2);
});

it("revoke never touches a declared, ignored or calling member's invitation", () => {
  const declared = planSpace(
    view,
    args({ staleInvites: "revoke" }, [{ member: "old@x.example" }]),
    NOW,
  );
  expect(declared.removes).toEqual([]);
  expect(declared.warnings).toEqual([
    expect.stringContaining(
      "declared, so never revoked: re-invite them or take them out of the declaration",
    ),
  ]);
  const ignored = planSpace(view, args({ staleInvites: "revoke", ignore: ["old@x.example"] }), NOW);
  expect(ignored.removes).toEqual([]);
  const caller = planSpace({ ...view, caller: old.id }, args({ staleInvites: "revoke" }), NOW);
  expect(caller.removes).toEqual([]);
});

it("keep: nothing; authoritative already removes an undeclared invitee, said once", () => {
  expect(planSpace(view, args({ staleInvites: "keep" }), NOW).warnings).toEqual([]);
  const auth = planSpace(view, args({ mode: "authoritative", maxRemovals: 10 }), NOW);
  expect(auth.removes.map((r) => r.person.email).sort()).toEqual([
    "fresh@x.example",
    "joined@x.example",
    "old@x.example",
  ]);
  expect(auth.warnings).toEqual([
    expect.stringContaining(
      "old@x.example invited 20 days ago (2026-11-15), not accepted; not declared: the next up removes them",
    ),
  ]);
});

it("staleInvites and staleInviteDays are validated, naming the field and the fix", () => {
  const bad = validateSpaceMembersArgs({
    space: S,
    mode: "additive",
    members: [],
    staleInvites: "drop",
    staleInviteDays: 0,
  });
  expect(bad.ok).toBe(false);
  if (bad.ok) return;
  expect(bad.failures.map((f) => [f.property, f.code])).toEqual([
    ["staleInvites", "INVALID_VALUE"],
    ["staleInviteDays", "INVALID_VALUE"],
  ]);
});
