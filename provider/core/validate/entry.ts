import { memberResourceName, parseMember } from "../member";
import { parseRole } from "../roles";
import type { DesiredMember } from "../types";
import { given } from "./checks";
import type { Collector, PropertyPath } from "./collector";

// One declared member with its role, and the per-kind rules: a group takes no role; the app is
// only a member and never via admin access; a user may have any role or none.

/**
 * Parses one declared member and its role and applies the per-kind rules. Returns undefined
 * (after recording failures) when the entry is unusable.
 */
export function desiredMember(
  c: Collector,
  rawMember: unknown,
  rawRole: unknown,
  useAdminAccess: boolean,
  memberPath: PropertyPath,
  rolePath: PropertyPath,
  adminPath: PropertyPath,
): DesiredMember | undefined {
  if (!given(rawMember)) {
    c.fail(
      memberPath,
      "MISSING_PROPERTY",
      rawMember,
      "is required",
      'name the member, e.g. "users/alice@example.com"',
    );
    return undefined;
  }
  const member = c.attempt(memberPath, (f) => parseMember(rawMember, f));
  const role = given(rawRole) ? c.attempt(rolePath, (f) => parseRole(rawRole, f)) : undefined;
  if (!member) return undefined;
  if (given(rawRole) && role === undefined) return undefined;
  switch (member.kind) {
    case "group":
      if (given(rawRole)) {
        c.fail(
          rolePath,
          "ROLE_NOT_ALLOWED",
          rawRole,
          `a group (${memberResourceName(member)}) has no role: Chat always gives groups MEMBERSHIP_ROLE_UNSPECIFIED`,
          "remove the role from the group entry",
        );
        return undefined;
      }
      return { member };
    case "app":
      if (useAdminAccess) {
        c.fail(
          adminPath,
          "ADMIN_ACCESS_NOT_ALLOWED",
          true,
          "admin access cannot create or delete the app's membership (users/app)",
          "drop useAdminAccess, or manage users/app with a separate resource that does not use admin access",
        );
        return undefined;
      }
      if (role !== undefined && role !== "ROLE_MEMBER") {
        c.fail(
          rolePath,
          "ROLE_NOT_ALLOWED",
          rawRole,
          "the app (users/app) can only be a member",
          'remove the role or set it to "member"',
        );
        return undefined;
      }
      return { member, role: "ROLE_MEMBER" };
    case "user":
      // No role given: authoritative mode makes them a member, additive keeps theirs (plan.ts).
      return role === undefined ? { member } : { member, role };
  }
}
