import type { PlannedAdd, PlannedOperation, SpacePlan } from "./plan";
import { roleRank } from "./roles";
import { isOwner } from "./view";

// The order a plan's writes run in, written once: adds (each create, then its role patch) — those
// declared by email before those declared by id, so an id an email turns out to be is caught
// before its second create —, promotions, demotions, removals, and owners' removals last: a space
// never has fewer owners than it needs at any moment. Each phase may run its writes in parallel;
// phases run in turn.

export interface Phase {
  /** Past tense, for progress lines: "spaces/X: added 200/1000". */
  readonly verb: "added" | "promoted" | "demoted" | "removed";
  readonly ops: readonly PlannedOperation[];
}

const byEmail = (a: PlannedAdd) => a.member.kind === "user" && a.member.ref.includes("@");

export function phasesOf(plan: Pick<SpacePlan, "adds" | "roleChanges" | "removes">): Phase[] {
  const promotions = plan.roleChanges.filter((c) => roleRank(c.to) > roleRank(c.from));
  const demotions = plan.roleChanges.filter((c) => !promotions.includes(c));
  return [
    { verb: "added" as const, ops: plan.adds.filter(byEmail) },
    { verb: "added" as const, ops: plan.adds.filter((a) => !byEmail(a)) },
    { verb: "promoted" as const, ops: promotions },
    { verb: "demoted" as const, ops: demotions },
    { verb: "removed" as const, ops: plan.removes.filter((r) => !isOwner(r.person)) },
    { verb: "removed" as const, ops: plan.removes.filter((r) => isOwner(r.person)) },
  ].filter((p) => p.ops.length > 0);
}
