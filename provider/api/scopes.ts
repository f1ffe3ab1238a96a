// The scopes a call needs, chosen per authentication mode, operation and member kind: the minimal
// documented set, and one scope per mode for all membership calls so a domain-wide delegation
// allowlist needs few entries.

import type { Member } from "../core/types";
import { SCOPES } from "./defaults";

/**
 * user:  a person's token (authorized_user, token.json, or a service account impersonating them);
 * app:   a service account acting as the Chat app (app authentication, admin-approved scopes);
 * admin: user authentication with useAdminAccess (a Workspace admin).
 */
export type AuthMode = "user" | "app";
export type Operation =
  | "create"
  | "get"
  | "list"
  | "patch"
  | "delete"
  | "getSpace"
  | "listEvents"
  | "createSpace"
  | "patchSpace"
  | "deleteSpace";

/** Space writes (ChatSpace): the narrowest documented scope per mode; undefined for other ops. */
function spaceScope(mode: AuthMode, op: Operation, admin: boolean): string | undefined {
  if (op === "createSpace") return mode === "app" ? SCOPES.appSpacesCreate : SCOPES.spacesCreate;
  if (op === "patchSpace")
    return mode === "app" ? SCOPES.appSpaces : admin ? SCOPES.adminSpaces : SCOPES.spaces;
  if (op === "deleteSpace")
    return mode === "app" ? SCOPES.appDelete : admin ? SCOPES.adminDelete : SCOPES.delete;
  return undefined;
}

export function scopesFor(
  mode: AuthMode,
  op: Operation,
  opts: { useAdminAccess?: boolean; member?: Member } = {},
): string[] {
  const space = spaceScope(mode, op, opts.useAdminAccess === true);
  if (space) return [space];
  // Space events take no admin access: the caller reads them as a member of the space.
  if (op === "listEvents") return [mode === "app" ? SCOPES.appMemberships : SCOPES.memberships];
  if (opts.useAdminAccess) {
    return [op === "getSpace" ? SCOPES.adminSpacesReadonly : SCOPES.adminMemberships];
  }
  if (mode === "app") {
    if (op === "create" || op === "patch" || op === "delete") return [SCOPES.appMemberships];
    return [SCOPES.bot];
  }
  if (op === "getSpace") return [SCOPES.spacesReadonly];
  // Adding or removing the calling app itself is what chat.memberships.app is for (seed guide).
  if ((op === "create" || op === "delete") && opts.member?.kind === "app") {
    return [SCOPES.membershipsApp];
  }
  return [SCOPES.memberships];
}

/**
 * Scopes that also satisfy a requested one (broader grants), used to check a user token's
 * recorded scopes before calling.
 */
export function satisfiedBy(scope: string): string[] {
  switch (scope) {
    case SCOPES.spacesReadonly:
      return [scope, SCOPES.spacesReadonly.replace(/\.readonly$/, "")];
    case SCOPES.spacesCreate:
      return [scope, SCOPES.spaces];
    case SCOPES.appSpacesCreate:
      return [scope, SCOPES.appSpaces];
    case SCOPES.adminSpacesReadonly:
      return [scope, SCOPES.adminSpacesReadonly.replace(/\.readonly$/, "")];
    default:
      return [scope];
  }
}
