import { DEFAULT_ADOPT, DEFAULT_ON_DESTROY, DEFAULT_USE_ADMIN_ACCESS } from "./defaults";
import { canonicalMemberName, parseMember } from "./member";
import { parseRole } from "./roles";
import { parseSpace } from "./space";
import type { Member, Role } from "./types";

// Diff of a ChatMembership: what a change of inputs means for the live membership.
// Role → update (patch); space or member → replace; settings that only steer the provider
// (useAdminAccess, adopt, onDestroy) → update without an API call. An email input and the numeric id it resolved to (kept in the
// state as `memberName`) are the same member.

export interface MembershipDiffInputs {
  readonly space?: unknown;
  readonly member?: unknown;
  readonly role?: unknown;
  readonly useAdminAccess?: unknown;
  readonly adopt?: unknown;
  readonly onDestroy?: unknown;
}

export interface MembershipDiffOlds extends MembershipDiffInputs {
  /** Canonical member name the create resolved to (users/{id}, groups/{id}, users/app). */
  readonly memberName?: unknown;
}

export interface MembershipDiff {
  readonly changes: boolean;
  /** Properties whose change needs a new membership. */
  readonly replaces: readonly string[];
  /** Properties changed in place. */
  readonly updates: readonly string[];
}

function tryParse<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch {
    return undefined;
  }
}

function sameSpace(a: unknown, b: unknown): boolean {
  const pa = tryParse(() => parseSpace(a));
  const pb = tryParse(() => parseSpace(b));
  return pa !== undefined && pb !== undefined ? pa === pb : a === b;
}

function sameMember(
  olds: MembershipDiffOlds,
  news: unknown,
  resolved: ReadonlyMap<string, string>,
) {
  const oldMember = tryParse(() => parseMember(olds.member));
  const newMember = tryParse(() => parseMember(news));
  if (!oldMember || !newMember) return olds.member === news;
  const newKey = canonicalMemberName(newMember, resolved);
  if (newKey === canonicalMemberName(oldMember, resolved)) return true;
  // The state remembers what the old input resolved to; an email that maps to it is that member.
  if (typeof olds.memberName === "string") {
    const known = new Map(resolved);
    if (oldMember.kind === "user" && oldMember.ref.includes("@"))
      known.set(oldMember.ref, olds.memberName);
    return canonicalMemberName(newMember, known) === olds.memberName;
  }
  return false;
}

function given(v: unknown): boolean {
  return v !== undefined && v !== null;
}

function effectiveRole(member: Member | undefined, role: unknown): Role | undefined | "invalid" {
  // A group's state holds the live MEMBERSHIP_ROLE_UNSPECIFIED; its input has no role at all.
  if (
    member?.kind === "group" &&
    (role === "MEMBERSHIP_ROLE_UNSPECIFIED" || role === "group" || !given(role))
  )
    return undefined;
  if (!given(role)) return "ROLE_MEMBER";
  return tryParse(() => parseRole(role)) ?? "invalid";
}

function flag(v: unknown, dflt: unknown): unknown {
  return given(v) ? v : dflt;
}

export function diffMembership(
  olds: MembershipDiffOlds,
  news: MembershipDiffInputs,
  resolved: ReadonlyMap<string, string> = new Map(),
): MembershipDiff {
  const replaces: string[] = [];
  const updates: string[] = [];
  if (!sameSpace(olds.space, news.space)) replaces.push("space");
  if (!sameMember(olds, news.member, resolved)) replaces.push("member");
  const member = tryParse(() => parseMember(news.member));
  const oldMember = tryParse(() => parseMember(olds.member));
  const newRole = effectiveRole(member, news.role);
  const oldRole = effectiveRole(oldMember, olds.role);
  if (newRole !== oldRole || (newRole === "invalid" && news.role !== olds.role))
    updates.push("role");
  if (
    flag(olds.useAdminAccess, DEFAULT_USE_ADMIN_ACCESS) !==
    flag(news.useAdminAccess, DEFAULT_USE_ADMIN_ACCESS)
  )
    updates.push("useAdminAccess");
  if (flag(olds.adopt, DEFAULT_ADOPT) !== flag(news.adopt, DEFAULT_ADOPT)) updates.push("adopt");
  if (flag(olds.onDestroy, DEFAULT_ON_DESTROY) !== flag(news.onDestroy, DEFAULT_ON_DESTROY))
    updates.push("onDestroy");
  return { changes: replaces.length + updates.length > 0, replaces, updates };
}
