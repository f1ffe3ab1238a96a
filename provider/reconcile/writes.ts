import { isApiError, type ChatApi } from "../api";
import { ChatMembersError } from "../core/errors";
import type { LiveMembership, Member, Role } from "../core/types";

// The three writes, with what their outcomes mean. Whether a member is "ours" is decided by the
// caller from the snapshot taken before any write (absent then, and created now); here a create
// only reports whether the membership it ends with is the one it made.

export interface CallOpts {
  readonly useAdminAccess: boolean;
}

export interface Created {
  readonly live: LiveMembership;
  /**
   * True when this call made the membership: the create answered, or a retried create met
   * ALREADY_EXISTS (the earlier attempt landed and its answer was lost). False when the first
   * attempt met ALREADY_EXISTS: someone else added the member after the snapshot.
   */
  readonly made: boolean;
}

/** members.get accepts spaces/X/members/{email | id | app}. */
export function aliasOf(space: string, member: Member): string {
  switch (member.kind) {
    case "app":
      return `${space}/members/app`;
    case "group":
      return `${space}/members/${member.id}`;
    case "user":
      return `${space}/members/${member.ref}`;
  }
}

export async function createMember(
  api: ChatApi,
  space: string,
  member: Member,
  opts: CallOpts,
): Promise<Created> {
  try {
    return { live: await api.createMembership(space, member, opts), made: true };
  } catch (e) {
    if (!isApiError(e, "ALREADY_EXISTS")) throw e;
    return { live: await api.getMembership(aliasOf(space, member), opts), made: e.attempts > 1 };
  }
}

/** A failure after the membership exists: the caller must keep it in state (partial create). */
export class PartialCreateError extends Error {
  constructor(
    readonly live: LiveMembership,
    readonly made: boolean,
    override readonly cause: Error,
  ) {
    super(cause.message);
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** Creates, then patches the role when the create's ROLE_MEMBER is not it. */
export async function addMember(
  api: ChatApi,
  space: string,
  member: Member,
  role: Role | undefined,
  opts: CallOpts,
): Promise<Created> {
  const c = await createMember(api, space, member, opts);
  return { live: await ensureRole(api, c, role, opts), made: c.made };
}

/** Patches a membership just created or found to `role`, or throws PartialCreateError. */
export async function ensureRole(
  api: ChatApi,
  c: Created,
  role: Role | undefined,
  opts: CallOpts,
): Promise<LiveMembership> {
  if (role === undefined || c.live.role === role) return c.live;
  try {
    return await api.patchRole(c.live.name, role, opts);
  } catch (e) {
    throw new PartialCreateError(c.live, c.made, e as Error);
  }
}

/** Removes a membership; one already gone counts as removed. */
export async function removeMember(
  api: ChatApi,
  name: string,
  opts: CallOpts,
): Promise<"removed" | "already-gone"> {
  try {
    await api.deleteMembership(name, opts);
    return "removed";
  } catch (e) {
    if (isApiError(e, "NOT_FOUND")) return "already-gone";
    if (isApiError(e, "FAILED_PRECONDITION")) {
      throw new ChatMembersError({
        code: "LAST_OWNER",
        field: "member",
        value: name,
        reason: `cannot be removed: Chat refused (${e.detail}); a space must keep an owner`,
        fix: 'make another member owner first, or set onDestroy: "keep" on this resource',
      });
    }
    throw e;
  }
}
