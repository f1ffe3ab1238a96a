import { ChatMembersError } from "./errors";
import { label } from "./identity";
import type { SpacePlan } from "./plan";
import type { SpaceView } from "./view";

// The checks a plan must pass before any write, the same for the preview and the apply. They
// count exactly the plan's own lines.

/** TOO_MANY_REMOVALS when the plan removes more than `maxRemovals`, naming every removal. */
export function removalLimitError(
  plan: SpacePlan,
  maxRemovals: number,
): ChatMembersError | undefined {
  const names = plan.removes.map((r) => label(r.person));
  if (names.length <= maxRemovals) return undefined;
  return new ChatMembersError({
    code: "TOO_MANY_REMOVALS",
    field: "maxRemovals",
    value: maxRemovals,
    reason: `the plan for ${plan.space} removes ${names.length} members, more than the limit: ${names.join(", ")}`,
    fix: `check that list, then set maxRemovals: ${names.length} on the resource (or in the member file) and run again; nothing was applied`,
    removals: names,
  });
}

/**
 * CALLER_UNKNOWN when the plan removes anyone but the caller could not be learned: the caller
 * might be among the removals, so nothing is removed.
 */
export function unknownCallerError(plan: SpacePlan, view: SpaceView): ChatMembersError | undefined {
  if (view.caller !== undefined || plan.removes.length === 0) return undefined;
  return new ChatMembersError({
    code: "CALLER_UNKNOWN",
    field: "credentials",
    value: plan.space,
    reason: `could not tell who the caller is (${view.callerProblem ?? "the token-info lookup failed"}), and the plan removes ${plan.removes.length} members, which might include the caller; nothing was applied`,
    fix: "run again once the token endpoint answers; declare the caller or add them to ignore to make this explicit",
  });
}

/** The first guard the plan fails, or undefined. */
export function guardError(
  plan: SpacePlan,
  view: SpaceView,
  maxRemovals: number,
): ChatMembersError | undefined {
  return unknownCallerError(plan, view) ?? removalLimitError(plan, maxRemovals);
}
