// Resources as JSON, the way Google serializes them (proto3 JSON: default values omitted), with
// enums as names or, for `$alt=json;enum-encoding=int`, as numbers.
import { affiliationOf } from "./affiliation";
import { MembershipRec, SpaceRec } from "./model";
import { permissionSettings } from "./permissions";
import { avatarUrl, ProfileVisibility } from "./profile";
import { ApiRevision } from "./revision";
import { EnumName, enumToWire } from "./schema/enums";
import { Store } from "./store";

export { enumFromWire } from "./schema/enums";

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

const enc = (view: { ints: boolean }, kind: EnumName, v: string) => enumToWire(kind, v, view.ints);

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

/** What a space reader is: app auth sees less (Google's field notes on Space). */
export interface SpaceView {
  ints: boolean;
  /** App authentication: the project, and whether it holds `chat.app.spaces`. */
  app?: { project: string; appSpacesScope: boolean };
}

export function renderSpace(store: Store, s: SpaceRec, view: SpaceView): object {
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
  if (s.spaceDetails && Object.keys(s.spaceDetails).length) out.spaceDetails = s.spaceDetails;
  out.spaceHistoryState = enc(view, "history", s.historyState ?? "HISTORY_ON");
  out.createTime = s.createTime;
  const count: Record<string, number> = {};
  if (humans) count.joinedDirectHumanUserCount = humans;
  if (groups) count.joinedGroupCount = groups;
  out.membershipCount = count;
  if (s.spaceType === "SPACE") {
    // The audience is not populated under app auth with only chat.bot.
    const showAudience = s.audience && (!view.app || view.app.appSpacesScope);
    out.accessSettings = {
      accessState: enc(view, "accessState", s.audience ? "DISCOVERABLE" : "PRIVATE"),
      ...(showAudience ? { audience: s.audience } : {}),
    };
  }
  out.spaceUri = `https://chat.google.com/room/${s.id}?cls=11`;
  // Under app auth permission settings are populated only in spaces the app created.
  const appCreated = s.createdBy?.kind === "app" && s.createdBy.project === view.app?.project;
  if (s.spaceType === "SPACE" && (!view.app || appCreated)) {
    out.permissionSettings = permissionSettings(s);
  }
  return out;
}
