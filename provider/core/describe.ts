import { label } from "./identity";
import type { PlannedOperation, SpacePlan } from "./plan";
import { roleUiName } from "./roles";

// How a plan reads to people: one line per write, in the Chat UI's words, naming each person by
// email. Previews, progress, summaries and partial-failure errors all use these lines.

export function describeOp(op: PlannedOperation): string {
  switch (op.kind) {
    case "add":
      return op.member.kind === "group"
        ? `+ add ${op.label}`
        : `+ add ${op.label} as ${roleUiName(op.role ?? "ROLE_MEMBER")}`;
    case "role":
      return `~ ${label(op.person)}: ${roleUiName(op.from)} → ${roleUiName(op.to)}`;
    case "remove":
      return `- remove ${label(op.person)}${op.person.role ? ` (${roleUiName(op.person.role)})` : ""}${op.reason ? `: ${op.reason}` : ""}`;
  }
}

/** Every write as a line, then the members kept by a protection and the warnings. */
export function describePlan(plan: SpacePlan): string[] {
  const lines = [...plan.adds, ...plan.roleChanges, ...plan.removes].map(describeOp);
  for (const k of plan.kept)
    if (k.code !== "CALLER") lines.push(`! kept ${label(k.person)} (no ${k.action}): ${k.reason}`);
  for (const w of plan.warnings) lines.push(`! warning: ${w}`);
  return lines;
}

/** `spaces/X: 2 to add, 1 to remove, 1 role change`. */
export function planSummary(plan: SpacePlan): string {
  const changes = plan.roleChanges.length === 1 ? "role change" : "role changes";
  return `${plan.space}: ${plan.adds.length} to add, ${plan.removes.length} to remove, ${plan.roleChanges.length} ${changes}`;
}
