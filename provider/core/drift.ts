import { label, type MemberId, type Person } from "./identity";
import { roleUiName } from "./roles";
import type { SpacePlan } from "./plan";
import type { Role } from "./types";
import type { SpaceView, ViewMember } from "./view";

// Drift: what changed in a space out of band — between the view the state last saw and the live
// one — and when, from the space's membership events. Who made a change cannot be told: Google's
// SpaceEvent (revision 20261107) is a name, a time, a type and the membership as it is now; no
// field names the actor, and the Chat API has no other source of it (the Admin console's audit
// log, read through the Admin SDK Reports API with admin.reports.audit.readonly, is where an
// author is recorded). So every line says "author unknown" and why, and gives the time. Pure.

export type DriftKind = "added" | "removed" | "role";

export interface DriftChange {
  readonly kind: DriftKind;
  /** The member as now (added, role) or as last seen (removed). */
  readonly person: ViewMember;
  /** role: the role before. */
  readonly from?: Role | undefined;
}

/** One membership event, reduced: what happened to which membership, and when. */
export interface MembershipEvent {
  readonly kind: "created" | "updated" | "deleted";
  readonly time: string;
  /** The membership's last name segment (`spaces/X/members/{key}`); absent in an empty payload. */
  readonly key?: string;
}

/** The events of a space, or why they could not be read. */
export type EventsRead =
  | { readonly ok: true; readonly events: readonly MembershipEvent[] }
  | { readonly ok: false; readonly why: string };

export const AUTHOR_UNKNOWN =
  "author unknown: Chat's membership events do not name who made a change";

const sameMember = (a: Person, b: Person) =>
  a.id === b.id || (a.email !== undefined && a.email === b.email);

/** Who was added, removed or re-roled since `before` (the state's view), by the live `now`. */
export function findDrift(before: SpaceView, now: SpaceView): DriftChange[] {
  const out: DriftChange[] = [];
  for (const m of now.members) {
    const was = before.members.find((b) => sameMember(b, m));
    if (!was) out.push({ kind: "added", person: m });
    else if (was.role !== m.role) out.push({ kind: "role", person: m, from: was.role });
  }
  for (const b of before.members)
    if (!now.members.some((m) => sameMember(b, m))) out.push({ kind: "removed", person: b });
  return out;
}

const EVENT_OF: Record<DriftKind, MembershipEvent["kind"]> = {
  added: "created",
  removed: "deleted",
  role: "updated",
};

/** `users/123` → `123`, `groups/eng` → `eng`; the membership name's last segment. */
const keyOf = (id: MemberId) => id.slice(id.lastIndexOf("/") + 1);

/** `2026-12-03 14:02 UTC`. */
export function shownTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function what(c: DriftChange): string {
  const who = label(c.person);
  switch (c.kind) {
    case "added":
      return `${who} added${c.person.role ? ` as ${roleUiName(c.person.role)}` : ""}`;
    case "removed":
      return `${who} removed`;
    case "role":
      return `${who} re-roled ${c.from ? roleUiName(c.from) : "?"} → ${c.person.role ? roleUiName(c.person.role) : "?"}`;
  }
}

/**
 * The line for one change: what, when (the latest matching event in the 28 days the API keeps)
 * and the author's absence: `bob@example.com added as member out of band on 2026-12-03 14:02 UTC
 * (author unknown: …)`.
 */
/** The latest event that explains the change, if the events hold one. */
export function eventOf(c: DriftChange, read: EventsRead): MembershipEvent | undefined {
  if (!read.ok) return undefined;
  const key = keyOf(c.person.id);
  return read.events.filter((e) => e.kind === EVENT_OF[c.kind] && e.key === key).at(-1);
}

export function driftLine(c: DriftChange, read: EventsRead): string {
  const head = `${what(c)} out of band`;
  if (!read.ok) return `${head} (when and author unknown: ${read.why})`;
  const match = eventOf(c, read);
  if (!match && c.kind === "removed" && c.person.id.includes("@"))
    return `${head} (when unknown: declared by email, and a removal's event names the membership by id only; ${AUTHOR_UNKNOWN})`;
  if (!match)
    return `${head} (when unknown: no ${EVENT_OF[c.kind]} event for them in the last 28 days; ${AUTHOR_UNKNOWN})`;
  return `${head} on ${shownTime(match.time)} (${AUTHOR_UNKNOWN})`;
}

/** A change as the state keeps it between refresh and plan: who, and the line. */
export interface DriftRecord {
  readonly kind: DriftKind;
  readonly id: MemberId;
  readonly label: string;
  readonly line: string;
}

export function driftRecords(changes: readonly DriftChange[], read: EventsRead): DriftRecord[] {
  return changes.map((c) => ({
    kind: c.kind,
    id: c.person.id,
    label: label(c.person),
    line: driftLine(c, read),
  }));
}

/** What the next `up` does about a change, from the plan. */
export function consequence(r: DriftRecord, plan: SpacePlan): string {
  const role = plan.roleChanges.find((op) => op.person.id === r.id);
  const removed = plan.removes.some((op) => op.person.id === r.id);
  if (r.kind === "removed") {
    const back = plan.adds.some(
      (op) =>
        op.label === r.label || (op.member.kind === "user" && `users/${op.member.ref}` === r.id),
    );
    return back
      ? "declared: the next up adds them back"
      : "not declared: the next up leaves them out";
  }
  if (removed) return "not declared: the next up removes them";
  if (role) return `declared ${roleUiName(role.to)}: the next up makes them ${roleUiName(role.to)}`;
  return r.kind === "role" ? "the next up keeps that role" : "the next up keeps them";
}

/** The plan's view of each change: `<line>; <consequence>`. */
export function driftWithPlan(records: readonly DriftRecord[], plan: SpacePlan): string[] {
  return records.map((r) => `${plan.space}: ${r.line}; ${consequence(r, plan)}`);
}

/** State form: a list of records, checked field by field (a hand-edited state is not trusted). */
export function parseDriftRecords(v: unknown): DriftRecord[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((x) => {
    const r = x as Partial<DriftRecord> | null;
    return r &&
      (r.kind === "added" || r.kind === "removed" || r.kind === "role") &&
      typeof r.id === "string" &&
      typeof r.label === "string" &&
      typeof r.line === "string"
      ? [{ kind: r.kind, id: r.id, label: r.label, line: r.line }]
      : [];
  });
}

/**
 * Drift against a declaration (no state: `chat-members drift`): every write the plan would make
 * is something the space has that the declaration does not say — a member it does not declare
 * (added out of band), a declared one it lacks (removed, or never applied), a role that differs.
 */
export function driftOfPlan(plan: SpacePlan): DriftChange[] {
  const out: DriftChange[] = [];
  for (const r of plan.removes) if (!r.reason) out.push({ kind: "added", person: r.person });
  for (const c of plan.roleChanges) out.push({ kind: "role", person: c.person, from: c.to });
  for (const a of plan.adds) {
    const id =
      a.member.kind === "group"
        ? `groups/${a.member.id}`
        : a.member.kind === "app"
          ? "users/app"
          : `users/${a.member.ref}`;
    const email = a.member.kind === "user" && a.member.ref.includes("@") ? a.member.ref : undefined;
    out.push({
      kind: "removed",
      person: {
        id,
        ...(email ? { email } : {}),
        kind: a.member.kind === "group" ? "group" : a.member.kind === "app" ? "app" : "human",
        role: a.role ?? "ROLE_MEMBER",
        state: "JOINED",
      },
    });
  }
  return out;
}
