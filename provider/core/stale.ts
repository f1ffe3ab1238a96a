import { label } from "./identity";
import type { ViewMember } from "./view";

// Stale invitations: INVITED members whose invitation (the membership's createTime) is older than
// a number of days. The time is given by the caller: the core reads no clock. Pure.

const DAY_MS = 86_400_000;

export interface StaleInvite {
  readonly person: ViewMember;
  /** Whole days since the invitation. */
  readonly days: number;
}

/** The invited members older than `days` at `now` (ms); members without a createTime are not. */
export function staleInvites(
  members: readonly ViewMember[],
  days: number,
  now: number,
): StaleInvite[] {
  return members.flatMap((m) => {
    if (m.state !== "INVITED" || !m.createTime) return [];
    const t = Date.parse(m.createTime);
    if (Number.isNaN(t) || now - t < days * DAY_MS) return [];
    return [{ person: m, days: Math.floor((now - t) / DAY_MS) }];
  });
}

/** `dave@partner.example invited 20 days ago (2026-11-15), not accepted`. */
export function staleLine(s: StaleInvite): string {
  return `${label(s.person)} invited ${s.days} days ago (${s.person.createTime!.slice(0, 10)}), not accepted`;
}
