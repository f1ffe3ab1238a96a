// Translation between the core's vocabulary and Chat's REST resources, in both directions.

import type { chat_v1 } from "@googleapis/chat";
import { liveFromApi, type ApiSpace, type LiveSpaceSettings } from "../core/space-settings";
import type {
  Affiliation,
  LiveMembership,
  Member,
  MembershipState,
  Role,
  GroupRole,
} from "../core/types";
import { ChatMembersError } from "../core/errors";
import { memberResourceName } from "../core/member";
import { pathHazard } from "../core/path-safety";
import { API_ROLES } from "../core/roles";
import { parseSpace } from "../core/space";
import { ApiError, type Rpc } from "./errors";

export interface SpaceInfo {
  /** spaces/{space} */
  readonly name: string;
  /** SPACE (named space), GROUP_CHAT, DIRECT_MESSAGE. Roles and groups exist only in SPACE. */
  readonly spaceType: "SPACE" | "GROUP_CHAT" | "DIRECT_MESSAGE";
  readonly displayName?: string;
  /** The space's settings in the core model's words (what a ChatSpace or an export declares). */
  readonly settings: LiveSpaceSettings;
}

/** "spaces/AAA" or "AAA" → "spaces/AAA", by core's rule; anything else is refused before a request. */
export function spaceName(space: string, rpc: Rpc): string {
  return refusing(
    () => parseSpace(space),
    (reason) => badArgument(rpc, space, "space", reason),
  );
}

/** spaces/{space}/members/{member}, where member may be a numeric id, an email or "app". */
export function membershipName(name: string, rpc: Rpc): string {
  const what = "membership name (spaces/{space}/members/{member})";
  const m = /^spaces\/([^/]+)\/members\/([^/]+)$/.exec(name);
  if (!m) throw badArgument(rpc, name, what, "it has another shape");
  refusing(
    () => parseSpace(m[1]!),
    (reason) => badArgument(rpc, name, what, `its space ${reason}`),
  );
  const member = m[2]!;
  const hazard = member === "." ? "is a dot segment" : pathHazard(member);
  if (hazard) throw badArgument(rpc, name, what, `its member ${hazard}`);
  return name;
}

/** Runs a core parser; its ChatMembersError becomes the adapter's own (no request is made). */
function refusing<T>(parse: () => T, refuse: (reason: string) => ApiError): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ChatMembersError) throw refuse(e.reason);
    throw e;
  }
}

/** The space part of a membership name. */
export const spaceOf = (membership: string): string => membership.split("/").slice(0, 2).join("/");

function badArgument(rpc: Rpc, value: string, what: string, reason: string): ApiError {
  return new ApiError({
    code: "INVALID_ARGUMENT",
    rpc,
    target: JSON.stringify(value),
    detail: `not a valid ${what}: ${reason}`,
  });
}

/** Request body of spaces.members.create. Roles cannot be set on create (patch afterwards). */
export function toCreateBody(member: Member): chat_v1.Schema$Membership {
  switch (member.kind) {
    case "user":
      return { member: { name: memberResourceName(member), type: "HUMAN" } };
    case "app":
      return { member: { name: "users/app", type: "BOT" } };
    case "group":
      return { groupMember: { name: memberResourceName(member) } };
  }
}

const ROLES: readonly (Role | GroupRole)[] = [...API_ROLES, "MEMBERSHIP_ROLE_UNSPECIFIED"];
const STATES: readonly MembershipState[] = ["JOINED", "INVITED", "NOT_A_MEMBER"];
const AFFILIATIONS: readonly Affiliation[] = ["INTERNAL", "EXTERNAL", "MANAGED_EXTERNAL"];

/** A Membership resource → LiveMembership; a response missing what the core needs is an error. */
export function toLiveMembership(m: chat_v1.Schema$Membership, rpc: Rpc): LiveMembership {
  const bad = (what: string) =>
    new ApiError({
      code: "UNEXPECTED_RESPONSE",
      rpc,
      target: m.name ?? "(unnamed membership)",
      detail: `response ${what}`,
    });
  if (!m.name) throw bad("has no membership name");
  let memberName: string;
  let memberType: LiveMembership["memberType"];
  if (m.groupMember?.name) {
    memberName = m.groupMember.name;
    memberType = "GROUP";
  } else if (m.member?.name && (m.member.type === "HUMAN" || m.member.type === "BOT")) {
    memberName = m.member.name;
    memberType = m.member.type;
  } else {
    throw bad("has neither a member with type HUMAN/BOT nor a groupMember");
  }
  // Absent enums are their zero value in proto3 JSON.
  const role = (m.role ?? "MEMBERSHIP_ROLE_UNSPECIFIED") as Role | GroupRole;
  if (!ROLES.includes(role)) throw bad(`has unknown role ${JSON.stringify(m.role)}`);
  const state = m.state as MembershipState;
  if (!STATES.includes(state)) throw bad(`has unknown state ${JSON.stringify(m.state)}`);
  // Revision 20261107 fields: the npm client's types predate `email` and `avatarUrl`.
  const user = m.member as (chat_v1.Schema$User & { email?: string | null }) | undefined;
  const email = typeof user?.email === "string" && user.email ? user.email.toLowerCase() : "";
  const affiliation = m.affiliation;
  return {
    name: m.name,
    memberName,
    memberType,
    role,
    state,
    ...(m.createTime ? { createTime: m.createTime } : {}),
    ...(email ? { email } : {}),
    ...(user?.displayName ? { displayName: user.displayName } : {}),
    ...(AFFILIATIONS.includes(affiliation as Affiliation)
      ? { affiliation: affiliation as Affiliation }
      : {}),
  };
}

export function toSpaceInfo(s: chat_v1.Schema$Space): SpaceInfo {
  const t = s.spaceType;
  if (!s.name || (t !== "SPACE" && t !== "GROUP_CHAT" && t !== "DIRECT_MESSAGE")) {
    throw new ApiError({
      code: "UNEXPECTED_RESPONSE",
      rpc: "spaces.get",
      target: s.name ?? "(unnamed space)",
      detail: `response has no name or an unknown spaceType ${JSON.stringify(t)}`,
    });
  }
  return {
    name: s.name,
    spaceType: t,
    ...(s.displayName ? { displayName: s.displayName } : {}),
    settings: liveFromApi(s as ApiSpace),
  };
}
