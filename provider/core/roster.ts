import { canonicalMemberName, memberResourceName, parseMember } from "./member";
import type { DesiredMember, GroupRole, LiveMembership, Member, Role } from "./types";
import type { NormalizedSpaceMembersArgs } from "./validate";

// A roster is a space's member list as ChatSpaceMembers stores and shows it: a map from the
// member as declared (`users/alice@example.com`, `groups/eng`, `users/app`) to its role. Keyed
// by member, the engine's diff of two rosters names each add, removal and role change — an
// array would shift and show every later entry as changed.

export type Roster = Readonly<Record<string, Role | GroupRole>>;

/** The declared members as a roster. */
export function declaredRoster(members: readonly DesiredMember[]): Roster {
  const out: Record<string, Role | GroupRole> = {};
  for (const d of members)
    out[memberResourceName(d.member)] = "role" in d ? d.role : "MEMBERSHIP_ROLE_UNSPECIFIED";
  return out;
}

/** Back from the stored roster to the declared list (the inverse of declaredRoster). */
export function rosterMembers(roster: Roster): { member: string; role?: Role }[] {
  return Object.entries(roster).map(([member, role]) =>
    role === "MEMBERSHIP_ROLE_UNSPECIFIED" ? { member } : { member, role },
  );
}

export interface MirrorOptions {
  readonly resolved: ReadonlyMap<string, string>;
  /** Canonical name of the caller: not shown unless declared (it is never removed). */
  readonly caller?: string;
}

/**
 * The live list as the roster this resource manages: every live member it would keep or remove
 * (authoritative) or only the declared ones (additive); ignored members and an undeclared caller
 * never appear, so the diff against the declared roster is exactly the plan. Declared members
 * keep their declared names (an email stays an email); others appear as `users/{id}`.
 */
export function liveRoster(
  args: Pick<NormalizedSpaceMembersArgs, "members" | "mode" | "ignore">,
  live: readonly LiveMembership[],
  opts: MirrorOptions,
): Roster {
  const key = (m: Member) => canonicalMemberName(m, opts.resolved);
  const declared = new Map(args.members.map((d) => [key(d.member), memberResourceName(d.member)]));
  const ignored = new Set(args.ignore.map(key));
  const caller = opts.caller === undefined ? undefined : key(parseMember(opts.caller));
  const out: Record<string, Role | GroupRole> = {};
  for (const l of live) {
    if (l.state === "NOT_A_MEMBER" || ignored.has(l.memberName)) continue;
    const declaredName = declared.get(l.memberName);
    if (declaredName === undefined && (args.mode === "additive" || l.memberName === caller))
      continue;
    out[declaredName ?? l.memberName] = l.role;
  }
  return out;
}
