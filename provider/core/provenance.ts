import type { MemberId } from "./identity";
import { matchDeclaration } from "./match";
import type { NormalizedSpaceMembersArgs } from "./validate";
import type { SpaceView } from "./view";

// "Ours" is decided from what the space held before this resource wrote, never from how a call
// ended. After a killed first create the engine keeps the create's inputs, whose `__view` is the
// space as listed before any write: the declared members present now and absent then are the
// ones the killed run added.

export function addedSince(
  before: SpaceView,
  now: SpaceView,
  args: Pick<NormalizedSpaceMembersArgs, "members">,
): MemberId[] {
  const was = new Set(before.members.map((m) => m.id));
  const wasEmail = new Set(before.members.map((m) => m.email).filter(Boolean));
  return matchDeclaration(now, args.members, [])
    .declared.map((d) => d.present)
    .filter((m) => m !== undefined && !was.has(m.id) && !(m.email && wasEmail.has(m.email)))
    .map((m) => m!.id)
    .sort();
}
