import { idInLabel, label, type MemberId } from "./identity";
import { parseRosterRole } from "./roles";
import { viewRoster, type Roster } from "./roster";
import type { Affiliation, Role } from "./types";
import type { MemberKind, SpaceView, ViewMember } from "./view";

// A ChatSpaceMembers state holds the space it last saw as a roster (`members`, what reviewers
// read) plus `__view`, what a roster cannot say: the id behind each email, who is invited, which
// members are other apps, who is external, and the caller. The engine hides `__`-keys from every
// diff it shows. From the two, a preview rebuilds the SpaceView it plans against — no API call.
// Release 0.1.0 stored a roster keyed `users/{email|id}` with API role names, ids in `resolved`;
// it is read here too, so an upgrade previews no change.

export interface StoredView {
  /** email label → users/{id}. */
  readonly ids: Record<string, MemberId>;
  readonly invited: string[];
  readonly apps: string[];
  readonly external: Record<string, Exclude<Affiliation, "INTERNAL">>;
  readonly caller: MemberId | null;
  readonly unresolved?: string[];
}

export const VIEW_KEY = "__view";

type Props = Readonly<Record<string, unknown>>;

const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/** The stored form of a view: the roster and its `__view`. */
export function storeView(view: SpaceView): { members: Roster; [VIEW_KEY]: StoredView } {
  const ids: Record<string, MemberId> = {};
  const external: StoredView["external"] = {};
  const invited: string[] = [];
  const apps: string[] = [];
  for (const m of view.members) {
    const who = label(m);
    if (m.email) ids[who] = m.id;
    if (m.state === "INVITED") invited.push(who);
    if (m.kind === "otherApp") apps.push(who);
    if (m.affiliation && m.affiliation !== "INTERNAL") external[who] = m.affiliation;
  }
  return {
    members: viewRoster(view.members),
    [VIEW_KEY]: {
      ids,
      invited: invited.sort(),
      apps: apps.sort(),
      external,
      caller: view.caller ?? null,
      ...(view.unresolvedEmails.length ? { unresolved: [...view.unresolvedEmails] } : {}),
    },
  };
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

/** The SpaceView a state (inputs or outputs, current or 0.1.0) describes. */
export function storedView(space: string, props: Props): SpaceView {
  const roster = record(props.members);
  const stored = props[VIEW_KEY] === undefined ? undefined : record(props[VIEW_KEY]);
  if (!stored) return legacyView(space, roster, props);
  const ids = record(stored.ids);
  const invited = new Set(strings(stored.invited));
  const apps = new Set(strings(stored.apps));
  const external = record(stored.external);
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
