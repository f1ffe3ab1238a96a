import { ChatMembersError } from "./errors";
import type { Role } from "./types";

// The Chat UI and the API name the roles differently, and the names cross over:
//
//   | Chat UI   | API name                | can                                   |
//   |-----------|-------------------------|---------------------------------------|
//   | Member    | ROLE_MEMBER             | take part                             |
//   | Manager   | ROLE_ASSISTANT_MANAGER  | manage members and settings (2025-10) |
//   | Owner     | ROLE_MANAGER            | everything, incl. owners and deletion |
//
// So the UI's "Manager" is NOT the API's ROLE_MANAGER. Groups have no role
// (MEMBERSHIP_ROLE_UNSPECIFIED) and are never given one.

export type UiRoleName = "member" | "manager" | "owner";

export const API_ROLES: readonly Role[] = ["ROLE_MEMBER", "ROLE_ASSISTANT_MANAGER", "ROLE_MANAGER"];

const UI_TO_API: Readonly<Record<UiRoleName, Role>> = {
  member: "ROLE_MEMBER",
  manager: "ROLE_ASSISTANT_MANAGER",
  owner: "ROLE_MANAGER",
};

const API_TO_UI: Readonly<Record<Role, UiRoleName>> = {
  ROLE_MEMBER: "member",
  ROLE_ASSISTANT_MANAGER: "manager",
  ROLE_MANAGER: "owner",
};

/** Every spelling accepted (case-insensitively), as shown in error messages and the schema. */
export const ACCEPTED_ROLE_NAMES: readonly string[] = ["member", "manager", "owner", ...API_ROLES];

/** What TypeScript accepts for a role input (runtime also accepts any letter case). */
export type RoleInput = Role | UiRoleName | "Member" | "Manager" | "Owner";

/** Roles allowed for the app's own membership. */
export type AppRoleInput = "ROLE_MEMBER" | "member" | "Member";

/** Rank used to order role changes: promotions before demotions. */
export function roleRank(role: Role): number {
  return API_ROLES.indexOf(role);
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (API_ROLES as readonly string[]).includes(value);
}

/** UI or API role name (any case) → API Role; throws INVALID_ROLE listing the accepted names. */
export function parseRole(input: unknown, field = "role"): Role {
  if (typeof input === "string") {
    const upper = input.toUpperCase();
    if (isRole(upper)) return upper;
    const lower = input.toLowerCase() as UiRoleName;
    if (Object.prototype.hasOwnProperty.call(UI_TO_API, lower)) return UI_TO_API[lower];
  }
  throw new ChatMembersError({
    code: "INVALID_ROLE",
    field,
    value: input,
    reason: "is not a role",
    fix: `use one of ${ACCEPTED_ROLE_NAMES.join(", ")} (UI "owner" = ROLE_MANAGER, UI "manager" = ROLE_ASSISTANT_MANAGER)`,
  });
}

/** API Role → the name the Chat UI shows (lower case), for display and member-file export. */
export function roleUiName(role: Role): UiRoleName {
  return API_TO_UI[role];
}

/**
 * A role as a roster shows it: the UI's words, and `group` for a group (which has none).
 * Rosters are what previews, reports and the state show a reviewer.
 */
export type RosterRole = UiRoleName | "group";

export function rosterRole(role: Role | undefined): RosterRole {
  return role === undefined ? "group" : roleUiName(role);
}

/**
 * A roster value back to a role (any spelling, including the API names earlier releases stored);
 * undefined for a group, "invalid" for anything else.
 */
export function parseRosterRole(value: unknown): Role | undefined | "invalid" {
  if (value === "group" || value === "MEMBERSHIP_ROLE_UNSPECIFIED") return undefined;
  try {
    return parseRole(value);
  } catch {
    return "invalid";
  }
}
