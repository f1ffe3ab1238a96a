import { idInLabel, label, type MemberId } from "./identity";
import { parseRosterRole } from "./roles";
import { viewRoster, type Roster } from "./roster";
import type { Affiliation, Role } from "./types";
import type { MemberKind, SpaceView, ViewMember } from "./view";

// A ChatSpaceMembers state holds the space it last saw as a roster (`members`, what reviewers
// read) plus `__view`, only what a roster cannot say: the id behind each email, who is invited,
// which members are other apps, who is external, and the caller. The engine hides `__`-keys from
// every diff it shows. From the two, a preview rebuilds the SpaceView it plans against — no API
// call. Nothing in `__view` repeats a roster key it can do without: the ids are a list in the
// order of the roster's emails, and in the outputs who is invited and who is external are the
// public `invited` and `affiliation` outputs. Empty lists are left out.
// Also read: the format of the first view (ids as an email → `users/{id}` map, invited and
// external always inside `__view`), and release 0.1.0's, a roster keyed `users/{email|id}` with
// API role names, ids in `resolved` — so an upgrade previews no change.

export interface StoredView {
  /**
   * For each email among the roster's keys, in sorted order, the digits of its `users/{id}`
   * ("" when not known yet: a member the plan is about to add).
   */
  readonly ids?: string[];
  readonly invited?: string[];
  /** Invited member → when invited (the membership's createTime), for the stale rule. */
  readonly invitedAt?: Record<string, string>;
  readonly apps?: string[];
  readonly external?: Record<string, Exclude<Affiliation, "INTERNAL">>;
  readonly caller: MemberId | null;
  readonly unresolved?: string[];
}

export const VIEW_KEY = "__view";

type Props = Readonly<Record<string, unknown>>;

const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

const isEmail = (who: string) => who.includes("@");
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** The roster's emails, in the order `ids` follows. */
const emailsOf = (roster: Readonly<Record<string, unknown>>) =>
  Object.keys(roster).filter(isEmail).sort(byCodeUnit);

/** `users/123` → `123`; an id a view made up from the email (not known yet) → "". */
function compactId(id: MemberId | undefined, email: string): string {
  if (id === undefined || id === `users/${email}`) return "";
  return /^users\/\d+$/.test(id) ? id.slice("users/".length) : id;
}
const expandId = (s: string): MemberId | undefined =>
  s === "" ? undefined : /^\d+$/.test(s) ? `users/${s}` : s;

/**
 * The stored form of a view: the roster (the view's own, or the one a plan leads to) and the
 * `__view` beside it, whose ids follow that roster's emails.
 */
export function storeView(
  view: SpaceView,
  roster: Roster = viewRoster(view.members),
): { members: Roster; [VIEW_KEY]: StoredView } {
  const idOf = new Map<string, MemberId>();
  const external: Record<string, Exclude<Affiliation, "INTERNAL">> = {};
  const invited: string[] = [];
  const invitedAt: Record<string, string> = {};
  const apps: string[] = [];
  for (const m of view.members) {
    const who = label(m);
    if (m.email) idOf.set(who, m.id);
    if (m.state === "INVITED") invited.push(who);
    if (m.state === "INVITED" && m.createTime) invitedAt[who] = m.createTime;
    if (m.kind === "otherApp") apps.push(who);
    if (m.affiliation && m.affiliation !== "INTERNAL") external[who] = m.affiliation;
  }
  const ids = emailsOf(roster).map((who) => compactId(idOf.get(who), who));
  return {
    members: roster,
    [VIEW_KEY]: {
      ...(ids.length ? { ids } : {}),
      ...(invited.length ? { invited: invited.sort(byCodeUnit) } : {}),
      ...(Object.keys(invitedAt).length ? { invitedAt } : {}),
      ...(apps.length ? { apps: apps.sort(byCodeUnit) } : {}),
      ...(Object.keys(external).length ? { external } : {}),
      caller: view.caller ?? null,
      ...(view.unresolvedEmails.length ? { unresolved: [...view.unresolvedEmails] } : {}),
    },
  };
}

/** email → id, from either form of `ids`. */
function idsOf(stored: Record<string, unknown>, roster: Record<string, unknown>) {
  if (!Array.isArray(stored.ids)) return record(stored.ids);
  const out: Record<string, unknown> = {};
  const ids = stored.ids;
  emailsOf(roster).forEach((who, i) => {
    const id = typeof ids[i] === "string" ? expandId(ids[i]) : undefined;
    if (id) out[who] = id;
  });
  return out;
}

function kindOf(id: MemberId, isOtherApp: boolean): MemberKind {
  if (id === "users/app") return "app";
  if (id.startsWith("groups/")) return "group";
  return isOtherApp ? "otherApp" : "human";
}

function role(value: unknown, id: MemberId): Role | undefined {
  const r = parseRosterRole(value);
  if (id.startsWith("groups/")) return undefined;
  return r === undefined || r === "invalid" ? "ROLE_MEMBER" : r;
}

/**
 * The SpaceView a state (inputs or outputs, in any format written so far) describes. In the
 * outputs, who is invited and who is external are the `invited` and `affiliation` outputs.
 */
export function storedView(space: string, props: Props): SpaceView {
  const roster = record(props.members);
  const stored = props[VIEW_KEY] === undefined ? undefined : record(props[VIEW_KEY]);
  if (!stored) return legacyView(space, roster, props);
  const ids = idsOf(stored, roster);
  const invited = new Set(strings(stored.invited ?? props.invited));
  const apps = new Set(strings(stored.apps));
  const invitedAt = record(stored.invitedAt);
  const external = record(stored.external ?? props.affiliation);
  const members: ViewMember[] = Object.entries(roster).map(([who, value]) => {
    const email = who.includes("@") ? who : undefined;
    const id = (email ? (ids[who] as string | undefined) : idInLabel(who)) ?? `users/${who}`;
    const named = /^(.*) \(users\/\d+\)$/.exec(who);
    const affiliation = external[who] as Affiliation | undefined;
    return {
      id,
      ...(email ? { email } : {}),
      ...(named ? { displayName: named[1] } : {}),
      ...(affiliation ? { affiliation } : {}),
      kind: kindOf(id, apps.has(who)),
      role: role(value, id),
      state: invited.has(who) ? "INVITED" : "JOINED",
      ...(invited.has(who) && typeof invitedAt[who] === "string"
        ? { createTime: invitedAt[who] }
        : {}),
    };
  });
  return {
    space,
    members,
    caller: typeof stored.caller === "string" ? stored.caller : undefined,
    unresolvedEmails: strings(stored.unresolved),
  };
}

/** 0.1.0: keys `users/{email|id}`, `groups/{id}`, `users/app`; API role names. */
function legacyView(space: string, roster: Record<string, unknown>, props: Props): SpaceView {
  const resolved = record(props.resolved);
  const invited = new Set(strings(props.invited));
  const members: ViewMember[] = Object.entries(roster).map(([key, value]) => {
    const ref = key.replace(/^users\//, "");
    const email = ref.includes("@") ? ref.toLowerCase() : undefined;
    const id = email ? ((resolved[email] as string | undefined) ?? key) : key;
    return {
      id,
      ...(email ? { email } : {}),
      kind: kindOf(id, false),
      role: role(value, id),
      state: invited.has(key) ? "INVITED" : "JOINED",
    };
  });
  return {
    space,
    members,
    caller: typeof props.caller === "string" ? props.caller : undefined,
    unresolvedEmails: [],
  };
}
