import type { MemberId } from "./identity";
import { isOwner, type ViewMember } from "./view";

// The one owner rule, used by every plan and by destroy: a space that has an owner (a JOINED
// ROLE_MANAGER) keeps one. Chat refuses to remove or demote the last owner anyway; keeping one
// lets every other change go through, and the next run finishes once another owner has joined.
// Owners only being added do not count: they may end up INVITED, and an invitee owns nothing.

/**
 * When the members in `losing` lose ownership and `gaining` joined members become owners, the
 * owner to keep so the space is not left without one; undefined when none needs keeping.
 * Preference: the first of `prefer` that is losing (the caller, then declared owners being
 * demoted), else the earliest created, then by id.
 */
export function ownerToKeep(
  members: readonly ViewMember[],
  losing: ReadonlySet<MemberId>,
  gaining: number,
  prefer: readonly MemberId[] = [],
): MemberId | undefined {
  const owners = members.filter(isOwner);
  if (owners.length === 0) return undefined;
  const remaining = owners.filter((o) => !losing.has(o.id)).length + gaining;
  if (remaining > 0) return undefined;
  const preferred = prefer.find((id) => losing.has(id));
  if (preferred !== undefined) return preferred;
  const created = (m: ViewMember) => m.createTime ?? "\uffff";
  const candidates = owners
    .filter((o) => losing.has(o.id))
    .sort((a, b) => created(a).localeCompare(created(b)) || a.id.localeCompare(b.id));
  return candidates[0]?.id;
}
