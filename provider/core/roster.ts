import { label } from "./identity";
import { rosterRole, type RosterRole } from "./roles";
import type { Role } from "./types";
import type { ViewMember } from "./view";

// A roster is a space's member list as people read it: person (email, else display name and id)
// → role in the Chat UI's words. ChatSpaceMembers stores the space as a roster and its inputs as
// the roster the plan leads to, so the engine's diff of the two names each add (+), removal (-)
// and role change (~). Keyed by person: an array would shift and show every later entry changed.

export type Roster = Readonly<Record<string, RosterRole>>;

/** Sorted by label, so the stored form does not churn with the API's list order. */
export function rosterOf(entries: Iterable<readonly [string, Role | undefined]>): Roster {
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, RosterRole> = {};
  for (const [who, role] of sorted) out[who] = rosterRole(role);
  return out;
}

export function viewRoster(members: readonly ViewMember[]): Roster {
  return rosterOf(members.map((m) => [label(m), m.role] as const));
}
