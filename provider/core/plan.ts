import { ChatMembersError } from "./errors";
import { canonicalMemberName, isEmailRef, memberResourceName, parseMember } from "./member";
import { roleRank, roleUiName } from "./roles";
import type { DesiredMember, LiveMembership, Member, Role, SpaceMembersMode } from "./types";

// The reconciliation plan of a ChatSpaceMembers: what to add, remove and re-role so the space
// matches the declared list, with the protections users of authoritative IaC resources ask for.
//
// Last-owner policy (chosen: skip and warn, not refuse): when the plan would leave a space that
// has an owner (a JOINED ROLE_MANAGER) with none, the one owner who would lose ownership is kept —
// the removal or demotion is listed in `skipped` with code LAST_OWNER and a warning is raised. The
// API would refuse that write anyway; skipping lets every other change go through, and the next
// run finishes the job once another owner has joined. Owners that are only being added do not
// count (they may end up INVITED, and an invitee is not an owner yet).
//
// Contract for `resolved` (lower-cased email → users/{id}): it must hold every declared email
// that is currently a member. An email absent from it is taken as "not a member" and planned as
// an add (a create that then meets 409 is adopted by the apply layer). Use `unresolvedEmails` to
// find what to look up before planning.

export interface PlanOptions {
  readonly mode: SpaceMembersMode;
  /** Members never touched: not added, removed or re-roled. */
  readonly ignore?: readonly Member[];
  /** Canonical name of the caller (users/{id} or users/app): never removed unless declared. */
  readonly caller?: string;
  readonly resolved?: ReadonlyMap<string, string>;
  /** Declared emails looked up and found not to be members (lower-cased). */
  readonly notMembers?: ReadonlySet<string>;
}

export interface PlannedAdd {
  readonly kind: "add";
  readonly member: Member;
  /** The name to create with: users/{email|id}, groups/{id} or users/app. */
  readonly memberName: string;
  /** Role to patch after create (users and app); undefined for groups. */
  readonly role: Role | undefined;
}

export interface PlannedRoleChange {
  readonly kind: "role";
  readonly memberName: string;
  readonly membershipName: string;
  readonly from: Role;
  readonly to: Role;
}

export interface PlannedRemove {
  readonly kind: "remove";
  readonly memberName: string;
  readonly membershipName: string;
  readonly role: LiveMembership["role"];
}

export type PlannedOperation = PlannedAdd | PlannedRoleChange | PlannedRemove;

export interface SkippedChange {
  readonly memberName: string;
  /** What would have happened without the protection. */
  readonly action: "add" | "remove" | "role";
  readonly code: "LAST_OWNER" | "CALLER" | "IGNORED";
  readonly reason: string;
}

export interface SpacePlan {
  readonly adds: readonly PlannedAdd[];
  readonly removes: readonly PlannedRemove[];
  readonly roleChanges: readonly PlannedRoleChange[];
  /** Declared members already present with the declared role. */
  readonly unchanged: readonly string[];
  readonly skipped: readonly SkippedChange[];
  readonly warnings: readonly string[];
  /**
   * Every write in a safe order: adds (each create then its role patch), promotions, demotions,
   * removals (owners last) — so an owner is never removed before another owner exists.
   */
  readonly operations: readonly PlannedOperation[];
}

/** Declared emails not in `resolved`: look these up (members.get by email) before planning. */
export function unresolvedEmails(
  desired: readonly DesiredMember[],
  resolved: ReadonlyMap<string, string>,
): string[] {
  return desired
    .map((d) => d.member)
    .filter(isEmailRef)
    .map((m) => m.ref.toLowerCase())
    .filter((email) => !resolved.has(email));
}

function isOwner(l: LiveMembership): boolean {
  return l.role === "ROLE_MANAGER" && l.state === "JOINED";
}

function liveRole(l: LiveMembership): Role {
  return l.role === "MEMBERSHIP_ROLE_UNSPECIFIED" ? "ROLE_MEMBER" : l.role;
}

export function planSpace(
  desired: readonly DesiredMember[],
  live: readonly LiveMembership[],
  options: PlanOptions,
): SpacePlan {
  const resolved = options.resolved ?? new Map<string, string>();
  const ignoreKeys = new Set((options.ignore ?? []).map((m) => canonicalMemberName(m, resolved)));
  const callerKey =
    options.caller === undefined
      ? undefined
      : canonicalMemberName(parseMember(options.caller, "caller"), resolved);

  const liveByName = new Map<string, LiveMembership>();
  for (const l of live) if (l.state !== "NOT_A_MEMBER") liveByName.set(l.memberName, l);

  const adds: PlannedAdd[] = [];
  const roleChanges: PlannedRoleChange[] = [];
  let removes: PlannedRemove[] = [];
  const unchanged: string[] = [];
  const skipped: SkippedChange[] = [];
  const warnings: string[] = [];

  const declaredBy = new Map<string, string>();
  for (const d of desired) {
    const declaredName = memberResourceName(d.member);
    const key = canonicalMemberName(d.member, resolved);
    const earlier = declaredBy.get(key);
    if (earlier !== undefined) {
      throw new ChatMembersError({
        code: "DUPLICATE_MEMBER",
        field: "members",
        value: declaredName,
        reason: `${declaredName} and ${earlier} are the same member (${key})`,
        fix: "keep one entry per member",
      });
    }
    declaredBy.set(key, declaredName);
    if (ignoreKeys.has(key)) {
      skipped.push({
        memberName: key,
        action: "add",
        code: "IGNORED",
        reason: `${declaredName} is both declared and ignored; ignore wins`,
      });
      warnings.push(`${declaredName} is both declared and ignored (${key}); it is left untouched`);
      continue;
    }
    const current = liveByName.get(key);
    const role = "role" in d ? d.role : undefined;
    if (!current) {
      adds.push({ kind: "add", member: d.member, memberName: declaredName, role });
      continue;
    }
    // Invited members count as present; groups have no role to reconcile.
    if (role === undefined || liveRole(current) === role) {
      unchanged.push(key);
      continue;
    }
    roleChanges.push({
      kind: "role",
      memberName: key,
      membershipName: current.name,
      from: liveRole(current),
      to: role,
    });
  }

  if (options.mode === "authoritative") {
    for (const l of liveByName.values()) {
      if (declaredBy.has(l.memberName)) continue;
      if (ignoreKeys.has(l.memberName)) {
        skipped.push({
          memberName: l.memberName,
          action: "remove",
          code: "IGNORED",
          reason: "undeclared but on the ignore list",
        });
      } else if (l.memberName === callerKey) {
        skipped.push({
          memberName: l.memberName,
          action: "remove",
          code: "CALLER",
          reason: "the caller's own membership is never removed unless declared",
        });
      } else {
        removes.push({
          kind: "remove",
          memberName: l.memberName,
          membershipName: l.name,
          role: l.role,
        });
      }
    }
    const pending = unresolvedEmails(desired, resolved).filter((e) => !options.notMembers?.has(e));
    if (pending.length > 0 && removes.some((r) => r.memberName.startsWith("users/"))) {
      warnings.push(
        `not resolved to user ids, so taken as not yet members: ${pending.join(", ")}; ` +
          "if one of them is already in the space, a removal below may be that person",
      );
    }
  }

  // Last-owner protection (see the policy above).
  const ownersBefore = [...liveByName.values()].filter(isOwner);
  const losing = new Set<string>();
  for (const r of removes) if (isOwner(liveByName.get(r.memberName)!)) losing.add(r.memberName);
  for (const c of roleChanges)
    if (c.from === "ROLE_MANAGER" && isOwner(liveByName.get(c.memberName)!))
      losing.add(c.memberName);
  const gaining = roleChanges.filter(
    (c) => c.to === "ROLE_MANAGER" && liveByName.get(c.memberName)?.state === "JOINED",
  ).length;
  if (ownersBefore.length > 0 && ownersBefore.length - losing.size + gaining === 0) {
    const keep = chooseOwnerToKeep(losing, roleChanges, callerKey, liveByName);
    const demotion = roleChanges.findIndex((c) => c.memberName === keep);
    if (demotion >= 0) {
      const c = roleChanges[demotion]!;
      roleChanges.splice(demotion, 1);
      skipped.push({
        memberName: keep,
        action: "role",
        code: "LAST_OWNER",
        reason: `would demote the last owner (${c.from} → ${c.to})`,
      });
    } else {
      removes = removes.filter((r) => r.memberName !== keep);
      skipped.push({
        memberName: keep,
        action: "remove",
        code: "LAST_OWNER",
        reason: "would remove the last owner",
      });
    }
    warnings.push(
      `${keep} is kept as owner (ROLE_MANAGER): the space must keep one; ` +
        "declare another owner who has joined, then apply again",
    );
  }

  removes.sort((a, b) => ownerLast(a, b, liveByName) || a.memberName.localeCompare(b.memberName));
  const promotions = roleChanges.filter((c) => roleRank(c.to) > roleRank(c.from));
  const demotions = roleChanges.filter((c) => roleRank(c.to) < roleRank(c.from));
  return {
    adds,
    removes,
    roleChanges: [...promotions, ...demotions],
    unchanged,
    skipped,
    warnings,
    operations: [...adds, ...promotions, ...demotions, ...removes],
  };
}

function ownerLast(a: PlannedRemove, b: PlannedRemove, live: ReadonlyMap<string, LiveMembership>) {
  return Number(isOwner(live.get(a.memberName)!)) - Number(isOwner(live.get(b.memberName)!));
}

/** Prefer keeping the caller, then a declared owner (a skipped demotion), then the oldest owner. */
function chooseOwnerToKeep(
  losing: ReadonlySet<string>,
  roleChanges: readonly PlannedRoleChange[],
  callerKey: string | undefined,
  live: ReadonlyMap<string, LiveMembership>,
): string {
  const candidates = [...losing];
  if (callerKey !== undefined && losing.has(callerKey)) return callerKey;
  const demoted = roleChanges.find((c) => losing.has(c.memberName));
  if (demoted) return demoted.memberName;
  const created = (n: string) => live.get(n)?.createTime ?? "\uffff";
  candidates.sort((a, b) => created(a).localeCompare(created(b)) || a.localeCompare(b));
  return candidates[0]!;
}

export function isEmptyPlan(plan: SpacePlan): boolean {
  return plan.operations.length === 0;
}

/** TOO_MANY_REMOVALS when the plan removes more than `maxRemovals`, listing every removal. */
export function checkRemovalLimit(
  plan: SpacePlan,
  maxRemovals: number,
): ChatMembersError | undefined {
  const names = plan.removes.map((r) => r.memberName);
  if (names.length <= maxRemovals) return undefined;
  return new ChatMembersError({
    code: "TOO_MANY_REMOVALS",
    field: "maxRemovals",
    value: maxRemovals,
    reason: `the plan removes ${names.length} members, more than the limit: ${names.join(", ")}`,
    fix: `check that list, then set maxRemovals: ${names.length} on the resource (or in the member file) and run again; nothing was applied`,
    removals: names,
  });
}

function roleText(role: Role): string {
  return `${role} (${roleUiName(role)})`;
}

/** Human lines for previews: `+ add`, `~ role`, `- remove`, then `! ` skips and warnings. */
export function describePlan(plan: SpacePlan): string[] {
  const lines = plan.operations.map((op) => {
    switch (op.kind) {
      case "add":
        return op.role
          ? `+ add ${op.memberName} as ${roleText(op.role)}`
          : `+ add ${op.memberName}`;
      case "role":
        return `~ role ${op.memberName} ${op.from} → ${op.to} (${roleUiName(op.from)} → ${roleUiName(op.to)})`;
      case "remove":
        return `- remove ${op.memberName}`;
    }
  });
  for (const s of plan.skipped) lines.push(`! keep ${s.memberName} (no ${s.action}): ${s.reason}`);
  for (const w of plan.warnings) lines.push(`! warning: ${w}`);
  return lines;
}
