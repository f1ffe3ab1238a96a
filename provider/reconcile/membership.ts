import { isApiError, type ApiError, type ChatApi } from "../api";
import { adoptedDestroyNote } from "../core/destroy";
import { ChatMembersError } from "../core/errors";
import { memberResourceName } from "../core/member";
import type { LiveMembership, Member, OnDestroy, Role } from "../core/types";

// Bringing one membership to its declared state, and removing it, with the policies users of an
// infrastructure tool expect: an existing member is adopted (or reported), a retried create that
// meets ALREADY_EXISTS is ours, a member already gone is already removed.

export interface EnsureRequest {
  readonly space: string;
  readonly member: Member;
  /** undefined for groups (always MEMBERSHIP_ROLE_UNSPECIFIED). */
  readonly role: Role | undefined;
  readonly useAdminAccess: boolean;
  readonly adopt: boolean;
  /** Only to tell, when adopting, what destroy will do. */
  readonly onDestroy: OnDestroy;
}

export interface Ensured {
  readonly live: LiveMembership;
  /** The membership existed before: it was adopted, not created. */
  readonly adopted: boolean;
  readonly warnings: readonly string[];
}

/** A failure after the membership exists: the caller must keep it in state (partial create). */
export class PartialCreateError extends Error {
  constructor(
    readonly live: LiveMembership,
    readonly adopted: boolean,
    override readonly cause: Error,
  ) {
    super(cause.message);
    this.stack = `${this.name}: ${this.message}`;
  }
}

export async function ensureMembership(api: ChatApi, req: EnsureRequest): Promise<Ensured> {
  const opts = { useAdminAccess: req.useAdminAccess };
  const warnings: string[] = [];
  let live: LiveMembership;
  let adopted = false;
  try {
    live = await api.createMembership(req.space, req.member, opts);
  } catch (e) {
    if (!isApiError(e, "ALREADY_EXISTS")) throw e;
    // After a retry, ALREADY_EXISTS most likely answers our own earlier attempt whose response
    // was lost: the membership is ours, not adopted.
    const ours = e.attempts > 1;
    if (!ours && !req.adopt) throw alreadyExists(req, e);
    live = await api.getMembership(aliasOf(req.space, req.member), opts);
    adopted = !ours;
    if (adopted) {
      warnings.push(
        `${memberResourceName(req.member)} was already a member of ${req.space} (${live.state}, ${live.role}): adopted, not created; ${adoptedDestroyNote(req.onDestroy)}`,
      );
    }
  }
  if (req.role !== undefined && live.role !== req.role) {
    try {
      live = await api.patchRole(live.name, req.role, opts);
    } catch (e) {
      throw new PartialCreateError(live, adopted, e as Error);
    }
  }
  return { live, adopted, warnings };
}

/** members.get accepts spaces/X/members/{email | id | app}. */
export function aliasOf(space: string, member: Member): string {
  const name = memberResourceName(member);
  return `${space}/members/${name.replace(/^(users|groups)\//, "")}`;
}

function alreadyExists(req: EnsureRequest, e: ApiError): ChatMembersError {
  return new ChatMembersError({
    code: "ALREADY_A_MEMBER",
    field: "member",
    value: memberResourceName(req.member),
    reason: `is already a member of ${req.space} and adopt is false (${e.detail})`,
    fix: "set adopt: true to manage the existing membership, or remove the member in Chat first",
  });
}

/** Removes a membership; one already gone counts as removed. */
export async function removeMembership(
  api: ChatApi,
  name: string,
  useAdminAccess: boolean,
): Promise<"removed" | "already-gone"> {
  try {
    await api.deleteMembership(name, { useAdminAccess });
    return "removed";
  } catch (e) {
    if (isApiError(e, "NOT_FOUND")) return "already-gone";
    if (isApiError(e, "FAILED_PRECONDITION")) {
      throw new ChatMembersError({
        code: "LAST_OWNER",
        field: "member",
        value: name,
        reason: `cannot be removed: Chat refused (${e.detail}); a space must keep an owner`,
        fix: 'make another member owner (ROLE_MANAGER) first, or set onDestroy: "keep" on this resource',
      });
    }
    throw e;
  }
}
