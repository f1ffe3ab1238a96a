// Resources as JSON, the way Google serializes them (proto3 JSON: default values omitted), with
// enums as names or, for `$alt=json;enum-encoding=int`, as numbers.
import { affiliationOf } from "./affiliation";
import { MembershipRec, SpaceRec } from "./model";
import { avatarUrl, ProfileVisibility } from "./profile";
import { ApiRevision } from "./revision";
import { Store } from "./store";

const ENUMS = {
  state: { MEMBERSHIP_STATE_UNSPECIFIED: 0, JOINED: 1, INVITED: 2, NOT_A_MEMBER: 3 },
  role: {
    MEMBERSHIP_ROLE_UNSPECIFIED: 0,
    ROLE_MEMBER: 1,
    ROLE_MANAGER: 2,
    ROLE_ASSISTANT_MANAGER: 4,
  },
  userType: { TYPE_UNSPECIFIED: 0, HUMAN: 1, BOT: 2 },
  spaceType: { SPACE_TYPE_UNSPECIFIED: 0, SPACE: 1, GROUP_CHAT: 2, DIRECT_MESSAGE: 3 },
  legacyType: { TYPE_UNSPECIFIED: 0, ROOM: 1, DM: 2 },
  threading: {
    SPACE_THREADING_STATE_UNSPECIFIED: 0,
    THREADED_MESSAGES: 2,
    GROUPED_MESSAGES: 3,
    UNTHREADED_MESSAGES: 4,
  },
  history: { HISTORY_STATE_UNSPECIFIED: 0, HISTORY_OFF: 1, HISTORY_ON: 2 },
  accessState: { ACCESS_STATE_UNSPECIFIED: 0, PRIVATE: 1, DISCOVERABLE: 2 },
  affiliation: { AFFILIATION_UNSPECIFIED: 0, INTERNAL: 1, EXTERNAL: 2, MANAGED_EXTERNAL: 3 },
} as const;
type EnumName = keyof typeof ENUMS;

/** Accepts an enum given by name or number (request bodies from the int-encoding client). */
export function enumFromWire(kind: EnumName, v: unknown): string | undefined {
  const table = ENUMS[kind] as Record<string, number>;
  if (typeof v === "number") return Object.keys(table).find((k) => table[k] === v);
  if (typeof v === "string" && v in table) return v;
  return undefined;
}

/** Who reads the resource: decides which `member` fields are filled in. */
export type Audience =
  /** App authentication: displayName always (and domainId for the organisation's users). */
  | { kind: "app" }
  /** User authentication (admin access included): the profile only where `sees` allows. */
  | { kind: "user"; sees: ProfileVisibility }
  /** The control API: everything, whatever the revision. */
  | { kind: "control" };

export interface View {
  /** Enums as numbers. */
  ints: boolean;
  revision: ApiRevision;
  audience: Audience;
}

export const CONTROL_VIEW: View = {
  ints: false,
  revision: "20261107",
  audience: { kind: "control" },
};

function enc(view: { ints: boolean }, kind: EnumName, v: string): string | number {
  return view.ints ? (ENUMS[kind] as Record<string, number>)[v]! : v;
}

export function membershipName(m: MembershipRec): string {
  return `spaces/${m.space}/members/${m.key}`;
}

export function renderMembership(store: Store, m: MembershipRec, view: View): object {
  const out: Record<string, unknown> = {
    name: membershipName(m),
    state: enc(view, "state", m.state),
  };
  if (m.role !== "MEMBERSHIP_ROLE_UNSPECIFIED") out.role = enc(view, "role", m.role);
  const current = view.revision !== "legacy" || view.audience.kind === "control";
  const profile =
    view.audience.kind === "control" ||
    (current && view.audience.kind === "user" && view.audience.sees(m.key, m.space));
  const named = profile || view.audience.kind === "app";
  if (m.ref.kind === "group") {
    out.groupMember = { name: `groups/${m.ref.id}` };
  } else if (m.ref.kind === "user") {
    const u = store.users.get(m.ref.id);
    const member: Record<string, unknown> = {
      name: `users/${m.ref.id}`,
      type: enc(view, "userType", "HUMAN"),
    };
    if (u && named) member.displayName = u.displayName;
    if (u && profile) {
      member.email = u.email;
      member.avatarUrl = avatarUrl(u.id);
    }
    if (u && view.audience.kind !== "user" && !u.external) member.domainId = store.customerId;
    out.member = member;
  } else {
    const p = store.projects.get(m.ref.project);
    const member: Record<string, unknown> = {
      name: `users/${m.key}`,
      type: enc(view, "userType", "BOT"),
    };
    // UNCONFIRMED: an app's name follows the same rule as a user's; apps have no email.
    if (p && named) member.displayName = p.app.displayName;
    out.member = member;
  }
  out.createTime = m.createTime;
  if (current) out.affiliation = enc(view, "affiliation", affiliationOf(store, m.ref));
  return out;
}

export function renderSpace(store: Store, s: SpaceRec, view: { ints: boolean }): object {
  let humans = 0;
  let groups = 0;
  for (const m of store.spaceMembers(s.id).values()) {
    if (m.state !== "JOINED") continue;
    if (m.ref.kind === "user") humans++;
    else if (m.ref.kind === "group") groups++;
  }
  const out: Record<string, unknown> = {
    name: `spaces/${s.id}`,
    type: enc(view, "legacyType", s.spaceType === "DIRECT_MESSAGE" ? "DM" : "ROOM"),
    spaceType: enc(view, "spaceType", s.spaceType),
  };
  if (s.displayName !== undefined) out.displayName = s.displayName;
  if (s.externalUserAllowed) out.externalUserAllowed = true;
  out.spaceThreadingState = enc(
    view,
    "threading",
    s.spaceType === "SPACE" ? "THREADED_MESSAGES" : "UNTHREADED_MESSAGES",
  );
  out.spaceHistoryState = enc(view, "history", "HISTORY_ON");
  out.createTime = s.createTime;
  const count: Record<string, number> = {};
  if (humans) count.joinedDirectHumanUserCount = humans;
  if (groups) count.joinedGroupCount = groups;
  out.membershipCount = count;
  if (s.spaceType === "SPACE")
    out.accessSettings = { accessState: enc(view, "accessState", "PRIVATE") };
  out.spaceUri = `https://chat.google.com/room/${s.id}?cls=11`;
  return out;
}
