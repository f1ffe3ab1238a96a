import { ChatMembersError } from "./errors";
import { label, type MemberId } from "./identity";
import { matchDeclaration, type DeclaredEntry, type Matched } from "./match";
import { ownerToKeep } from "./owners";
import { roleRank } from "./roles";
import { staleInvites, staleLine } from "./stale";
import { rosterOf, viewRoster, type Roster } from "./roster";
import type { Member, Role, SpaceMembersMode } from "./types";
import type { NormalizedSpaceMembersArgs } from "./validate/normalized";
import { isOwner, type SpaceView, type ViewMember } from "./view";

// The plan of a ChatSpaceMembers: desired (the declaration) + actual (the resolved snapshot) →
// the adds, role changes and removals that make the space match, in the order they are safe to
// run. The same function plans the preview (from the state) and the apply (from the live list).
//
// Roles: in authoritative mode the declaration is the whole truth (no role declared = member);
// in additive mode a role changes only where one is declared, and nobody is removed.
// Never touched: ignored members, the caller (unless declared), other Chat apps, and the last
// owner (owners.ts).

export interface PlannedAdd {
  readonly kind: "add";
  /** What to create with: users/{email|id}, groups/{id} or users/app. */
  readonly member: Member;
  readonly label: string;
  /** Role to patch after the create; undefined when the create's ROLE_MEMBER is the role. */
  readonly role: Role | undefined;
}

export interface PlannedRoleChange {
  readonly kind: "role";
  readonly person: ViewMember;
  readonly from: Role;
  readonly to: Role;
}

export interface PlannedRemove {
  readonly kind: "remove";
  readonly person: ViewMember;
  /** Why, when it is not "undeclared": a stale invitation revoked. */
  readonly reason?: string;
}

export type PlannedOperation = PlannedAdd | PlannedRoleChange | PlannedRemove;

export interface KeptMember {
  readonly person: ViewMember;
  /** What would have happened without the protection. */
  readonly action: "remove" | "role";
  readonly code: "IGNORED" | "CALLER" | "OTHER_APP" | "LAST_OWNER";
  readonly reason: string;
}

export interface SpacePlan {
  readonly space: string;
  readonly adds: readonly PlannedAdd[];
  /** Promotions first, then demotions: a space never passes through fewer owners than needed. */
  readonly roleChanges: readonly PlannedRoleChange[];
  /** Owners last. */
  readonly removes: readonly PlannedRemove[];
  readonly kept: readonly KeptMember[];
  readonly warnings: readonly string[];
  /** The space now, and after the plan: label → role. Their diff is the plan, line by line. */
  readonly before: Roster;
  readonly after: Roster;
}

type Decision = { readonly keep: true; readonly role: Role | undefined } | { readonly keep: false };

/** What becomes of one live member who is not declared. */
function undeclared(
  m: ViewMember,
  mode: SpaceMembersMode,
  matched: Matched,
  caller: MemberId | undefined,
  kept: KeptMember[],
): Decision {
  const stay: Decision = { keep: true, role: m.role };
  if (mode === "additive") return stay;
  if (matched.ignored.has(m.id)) {
    kept.push({ person: m, action: "remove", code: "IGNORED", reason: "on the ignore list" });
    return stay;
  }
  if (m.kind === "otherApp") {
    kept.push({
      person: m,
      action: "remove",
      code: "OTHER_APP",
      reason: "another Chat app: only an app can remove itself",
    });
    return stay;
  }
  if (m.id === caller) {
    kept.push({
      person: m,
      action: "remove",
      code: "CALLER",
      reason: "the caller's own membership is never removed unless declared",
    });
    return stay;
  }
  return { keep: false };
}

/** The role a present, declared member should hold; undefined = keep theirs. */
function wantedRole(d: DeclaredEntry, mode: SpaceMembersMode): Role | undefined {
  if (d.desired.member.kind === "group") return undefined;
  const role = "role" in d.desired ? d.desired.role : undefined;
  if (role !== undefined) return role;
  return mode === "authoritative" ? "ROLE_MEMBER" : undefined;
}

/**
 * `now` (ms) is when the plan is made: it tells which invitations are stale (without it, none
 * are — the core reads no clock).
 */
export function planSpace(
  view: SpaceView,
  args: NormalizedSpaceMembersArgs,
  now?: number,
): SpacePlan {
  const matched = matchDeclaration(view, args.members, args.ignore);
  const adds: PlannedAdd[] = [];
  const roleChanges: PlannedRoleChange[] = [];
  let removes: PlannedRemove[] = [];
  const kept: KeptMember[] = [];
  const warnings: string[] = [];

  if (!args.allowExternal) refuseExternal(matched.declared, warnings, view);
  const declaredIds = new Set<MemberId>();
  for (const d of matched.declared) {
    if (!d.present) {
      const role = wantedRole(d, args.mode);
      adds.push({
        kind: "add",
        member: d.desired.member,
        label: d.label,
        role: role === "ROLE_MEMBER" ? undefined : role,
      });
      continue;
    }
    declaredIds.add(d.present.id);
    const to = wantedRole(d, args.mode);
    const from = d.present.role;
    if (to !== undefined && from !== undefined && to !== from)
      roleChanges.push({ kind: "role", person: d.present, from, to });
  }
  for (const m of view.members) {
    if (declaredIds.has(m.id)) continue;
    if (!undeclared(m, args.mode, matched, view.caller, kept).keep)
      removes.push({ kind: "remove", person: m });
  }

  if (now !== undefined) staleRule(view, args, now, { declaredIds, matched, removes, warnings });

  // The last owner stays (owners.ts): the caller first, then a declared owner being demoted.
  const losing = new Set<MemberId>([
    ...removes.filter((r) => isOwner(r.person)).map((r) => r.person.id),
    ...roleChanges
      .filter((c) => c.from === "ROLE_MANAGER" && isOwner(c.person))
      .map((c) => c.person.id),
  ]);
  const gaining = roleChanges.filter(
    (c) => c.to === "ROLE_MANAGER" && c.person.state === "JOINED",
  ).length;
  const prefer = [
    ...(view.caller ? [view.caller] : []),
    ...roleChanges.filter((c) => c.from === "ROLE_MANAGER").map((c) => c.person.id),
  ];
  const keep = ownerToKeep(view.members, losing, gaining, prefer);
  if (keep !== undefined) {
    const demotion = roleChanges.findIndex((c) => c.person.id === keep);
    const person = view.members.find((m) => m.id === keep)!;
    if (demotion >= 0) roleChanges.splice(demotion, 1);
    else removes = removes.filter((r) => r.person.id !== keep);
    kept.push({
      person,
      action: demotion >= 0 ? "role" : "remove",
      code: "LAST_OWNER",
      reason: "the space's last owner: declare another owner who has joined, then apply again",
    });
  }

  if (view.unresolvedEmails.length > 0 && removes.length > 0) {
    warnings.push(
      `not matched to a member yet (the state has members without an email): ${view.unresolvedEmails.join(", ")}; ` +
        "a removal below may be one of them — preview with --refresh to resolve them",
    );
  }
  if (matched.ignoredAbsent.length > 0 && args.mode === "authoritative") {
    warnings.push(`ignored but not in the space: ${matched.ignoredAbsent.join(", ")}`);
  }

  const ownerLast = (a: PlannedRemove, b: PlannedRemove) =>
    Number(isOwner(a.person)) - Number(isOwner(b.person)) ||
    label(a.person).localeCompare(label(b.person));
  const promotions = roleChanges.filter((c) => roleRank(c.to) > roleRank(c.from));
  const demotions = roleChanges.filter((c) => roleRank(c.to) < roleRank(c.from));
  const plan = {
    space: view.space,
    adds,
    roleChanges: [...promotions, ...demotions],
    removes: [...removes].sort(ownerLast),
    kept,
    warnings,
  };
  return { ...plan, before: viewRoster(view.members), after: afterPlan(view, plan) };
}

/**
 * Invitations older than staleInviteDays: `report` names each in a warning; `revoke` removes
 * those of undeclared members (a removal like any other: counted by maxRemovals, a line in the
 * preview). Never revoked: a declared member's (the declaration asks for them, revoking would
 * re-invite them on the next up), an ignored member's, the caller's.
 */
function staleRule(
  view: SpaceView,
  args: NormalizedSpaceMembersArgs,
  now: number,
  into: {
    declaredIds: ReadonlySet<MemberId>;
    matched: Matched;
    removes: PlannedRemove[];
    warnings: string[];
  },
) {
  if (args.staleInvites === "keep") return;
  for (const s of staleInvites(view.members, args.staleInviteDays, now)) {
    const id = s.person.id;
    const declared = into.declaredIds.has(id);
    const removing = into.removes.some((r) => r.person.id === id);
    const untouchable = into.matched.ignored.has(id) || id === view.caller;
    if (args.staleInvites === "revoke" && !declared && !removing && !untouchable) {
      into.removes.push({
        kind: "remove",
        person: s.person,
        reason: `stale invitation: ${staleLine(s)}`,
      });
      continue;
    }
    if (args.staleInvites === "revoke" && !declared) continue;
    const next = declared
      ? "declared, so never revoked: re-invite them or take them out of the declaration"
      : removing
        ? "not declared: the next up removes them"
        : untouchable
          ? "kept (ignored or the caller)"
          : "staleInvites: revoke would remove it";
    into.warnings.push(`stale invitation: ${staleLine(s)}; ${next}`);
  }
}

/**
 * allowExternal: false. Validation already refused declared addresses outside the
 * organisation's domains; the list's affiliation also catches guests and anyone declared
 * before it changed. External members in the space are named on every plan.
 */
function refuseExternal(declared: readonly DeclaredEntry[], warnings: string[], view: SpaceView) {
  const outside = (m: ViewMember | undefined) =>
    m?.affiliation === "EXTERNAL" || m?.affiliation === "MANAGED_EXTERNAL";
  const bad = declared.find((d) => outside(d.present));
  if (bad) {
    throw new ChatMembersError({
      code: "EXTERNAL_NOT_ALLOWED",
      field: `members[${bad.index}]`,
      value: bad.label,
      reason: `is ${bad.present!.affiliation === "MANAGED_EXTERNAL" ? "a guest account" : "outside the organisation"} (allowExternal is false)`,
      fix: "remove the entry, or set allowExternal: true",
    });
  }
  const found = view.members.filter(outside);
  if (found.length > 0)
    warnings.push(
      `external members in the space (allowExternal is false): ${found
        .map((m) => `${label(m)} (${m.affiliation === "MANAGED_EXTERNAL" ? "guest" : "external"})`)
        .join(", ")}`,
    );
}

/** The roster the space will have once the plan has run. */
function afterPlan(
  view: SpaceView,
  plan: Pick<SpacePlan, "adds" | "roleChanges" | "removes">,
): Roster {
  const removed = new Set(plan.removes.map((r) => r.person.id));
  const reroled = new Map(plan.roleChanges.map((c) => [c.person.id, c.to]));
  const entries: [string, Role | undefined][] = view.members
    .filter((m) => !removed.has(m.id))
    .map((m) => [label(m), reroled.get(m.id) ?? m.role]);
  for (const a of plan.adds)
    entries.push([a.label, a.member.kind === "group" ? undefined : (a.role ?? "ROLE_MEMBER")]);
  return rosterOf(entries);
}

/** Every write of the plan. */
export function operationsOf(plan: SpacePlan): PlannedOperation[] {
  return [...plan.adds, ...plan.roleChanges, ...plan.removes];
}

export function isEmptyPlan(plan: SpacePlan): boolean {
  return operationsOf(plan).length === 0;
}
