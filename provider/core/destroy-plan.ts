import type { MemberId } from "./identity";
import { ownerToKeep } from "./owners";
import type { KeptMember, SpacePlan } from "./plan";
import { viewRoster } from "./roster";
import { isOwner, type SpaceView } from "./view";

// What destroying a ChatSpaceMembers with removeOnDestroy does to the space: a plan like any
// other, so apply, the removal loop and its errors are the same as an update's.

/**
 * ChatSpaceMembers' destroy with removeOnDestroy: remove the members this resource added (by
 * id) that are still there — never anyone who was there before it, and never the last owner.
 */
export function destroyPlan(view: SpaceView, added: readonly MemberId[]): SpacePlan {
  const ours = new Set(added);
  let removes = view.members.filter((m) => ours.has(m.id) && m.kind !== "otherApp");
  const kept: KeptMember[] = [];
  const losing = new Set(removes.filter(isOwner).map((m) => m.id));
  const keep = ownerToKeep(view.members, losing, 0, view.caller ? [view.caller] : []);
  if (keep !== undefined) {
    const person = removes.find((m) => m.id === keep)!;
    removes = removes.filter((m) => m.id !== keep);
    kept.push({
      person,
      action: "remove",
      code: "LAST_OWNER",
      reason:
        "added by this resource, but the space's last owner: make someone else owner, then remove it by hand if needed",
    });
  }
  const before = viewRoster(view.members);
  const gone = new Set(removes.map((m) => m.id));
  return {
    space: view.space,
    adds: [],
    roleChanges: [],
    removes: removes.map((person) => ({ kind: "remove", person })),
    kept,
    warnings: [],
    before,
    after: viewRoster(view.members.filter((m) => !gone.has(m.id))),
  };
}
