// spaces.members: create, list, get, patch, delete — /v1/spaces/{space}/members[/{member}].
import { callerMembership, loadSpace, memberKeyFromPath, requireSpaceAccess } from "../access";
import { Principal, requireScopes } from "../auth";
import {
  alreadyExists,
  denied,
  fieldError,
  insufficientScopes,
  notFound,
  precondition,
} from "../errors";
import { checkAdminFilter, Filter, matches, parseFilter } from "../filter";
import { externalUserRefusal } from "../external";
import { MemberRef, MembershipRec, MembershipRole, SpaceRec, UserRec } from "../model";
import { membersMayAdd } from "../permissions";
import { decodePageToken, encodePageToken, pageSize } from "../pagetoken";
import { renderMembership } from "../render";
import { AuthMode, SCOPE_PREFIX } from "../scopes";
import { Store } from "../store";
import { ApiCtx, apiView, boolParam, Reply } from "./context";
import { recordApiChange } from "./events";

function memberType(m: MembershipRec): "HUMAN" | "BOT" | undefined {
  return m.ref.kind === "user" ? "HUMAN" : m.ref.kind === "app" ? "BOT" : undefined;
}

function joinedOwners(store: Store, space: string): number {
  let n = 0;
  for (const m of store.spaceMembers(space).values()) {
    if (m.role === "ROLE_MANAGER" && m.state === "JOINED") n++;
  }
  return n;
}

const lastOwner = () =>
  precondition(
    "The last owner (ROLE_MANAGER) of a space cannot be removed or demoted: make another member an owner first.",
  );

const callerRole = (store: Store, p: Principal, space: SpaceRec) =>
  callerMembership(store, p, space.id)?.role;

function findMembership(ctx: ApiCtx, space: SpaceRec, seg: string): MembershipRec {
  const key = memberKeyFromPath(ctx.store, ctx.principal, seg);
  const m = key === undefined ? undefined : ctx.store.spaceMembers(space.id).get(key);
  if (!m) throw notFound(`Membership spaces/${space.id}/members/${seg} not found.`);
  return m;
}

// ---------------------------------------------------------------- create

interface Target {
  ref: MemberRef;
  key: string;
  /** Set for human users (the external-user rule needs them). */
  user?: UserRec;
  autoAccept: boolean;
}

function resolveCreateTarget(ctx: ApiCtx, mode: AuthMode, body: Record<string, unknown>): Target {
  const { store, principal } = ctx;
  // The body is already a checked Membership (schema/protojson): only the rules are left here.
  const member = body.member as { name?: string; type?: string } | undefined;
  const group = body.groupMember as { name?: string } | undefined;
  if (member && group) {
    throw fieldError("membership", "Set only one of member and group_member.");
  }
  if (group) {
    const name = String(group.name ?? "");
    if (!name.startsWith("groups/")) {
      throw fieldError(
        "membership.group_member.name",
        `Must look like groups/{group}, got "${name}".`,
      );
    }
    if (mode === "app") throw denied("App authentication cannot add Google Groups to a space.");
    const id = name.slice("groups/".length);
    const g = store.groups.get(id) ?? store.groupsByEmail.get(id.toLowerCase());
    if (!g) throw notFound(`Group ${name} not found.`);
    return { ref: { kind: "group", id: g.id }, key: g.id, autoAccept: true };
  }
  if (!member) throw fieldError("membership", "member or group_member is required.");
  const name = String(member.name ?? "");
  const type = member.type;
  if (type === "TYPE_UNSPECIFIED") {
    throw fieldError("membership.member.type", "Must be HUMAN or BOT.");
  }
  if (!name.startsWith("users/") || name.length <= "users/".length) {
    throw fieldError("membership.member.name", `Must look like users/{user}, got "${name}".`);
  }
  const id = name.slice("users/".length);
  if (id === "app") {
    if (type === "HUMAN") {
      throw fieldError("membership.member.type", "users/app is a Chat app: the type must be BOT.");
    }
    if (mode === "app") throw denied("App authentication cannot add Chat apps to a space.");
    if (mode === "admin") throw denied("Admin access cannot create memberships for Chat apps.");
    const app = principal.project.app;
    return {
      ref: { kind: "app", project: principal.project.id },
      key: app.id,
      autoAccept: true,
    };
  }
  if (store.apps.has(id)) {
    throw fieldError(
      "membership.member.name",
      "A Chat app can only add itself: use users/app with type BOT.",
    );
  }
  if (type === "BOT")
    throw fieldError(
      "membership.member.type",
      `${name} is not a Chat app; the only app member allowed is users/app.`,
    );
  if (mode === "user" && onlyAppScope(principal)) throw insufficientScopes();
  const user = id.includes("@") ? store.usersByEmail.get(id.toLowerCase()) : store.users.get(id);
  // UNCONFIRMED: an unknown user is NOT_FOUND (Google may invite unknown consumer emails).
  if (!user) throw notFound(`User ${name} not found.`);
  return { ref: { kind: "user", id: user.id }, key: user.id, user, autoAccept: user.autoAccept };
}

/** chat.memberships.app alone only lets a user add or remove the calling app. */
function onlyAppScope(p: Principal): boolean {
  return (
    p.scopes.has(SCOPE_PREFIX + "chat.memberships.app") &&
    !p.scopes.has(SCOPE_PREFIX + "chat.memberships") &&
    !p.scopes.has(SCOPE_PREFIX + "chat.import")
  );
}

export function createMember(ctx: ApiCtx, spaceId: string): Reply {
  const { store } = ctx;
  const admin = boolParam(ctx.query, "useAdminAccess");
  const mode = requireScopes(ctx.principal, "spaces.members.create", admin);
  const body = ctx.body;
  if (body.role !== undefined) {
    // UNCONFIRMED whether Google ignores or rejects a role on create; rejecting surfaces the bug.
    if (body.role !== "ROLE_MEMBER" && body.role !== "MEMBERSHIP_ROLE_UNSPECIFIED") {
      throw fieldError(
        "membership.role",
        "Cannot be set on create: create the membership, then patch its role.",
      );
    }
  }
  const space = loadSpace(store, spaceId);
  requireSpaceAccess(store, ctx.principal, mode, space);
  const t = resolveCreateTarget(ctx, mode, body);
  if (t.ref.kind === "group" && space.spaceType !== "SPACE") {
    throw fieldError(
      "membership.group_member",
      "Google Groups can only be added to named spaces (space_type SPACE).",
    );
  }
  // UNCONFIRMED code: direct messages have a fixed membership.
  if (space.spaceType === "DIRECT_MESSAGE") {
    throw precondition("Members cannot be added to a direct message.");
  }
  const refusal = t.user && externalUserRefusal(t.user, space, mode);
  if (refusal) throw refusal;
  // UNCONFIRMED: in an announcement space only managers add members.
  if (
    mode === "user" &&
    !membersMayAdd(space) &&
    callerRole(store, ctx.principal, space) === "ROLE_MEMBER"
  ) {
    throw denied("Only space managers can add members to an announcement space.");
  }
  // UNCONFIRMED code for a full space.
  const members = store.spaceMembers(space.id);
  if (members.has(t.key)) {
    const existing = members.get(t.key)!;
    throw alreadyExists(
      `Membership spaces/${space.id}/members/${t.key} already exists (state ${existing.state}).`,
    );
  }
  if (members.size >= ctx.settings.spaceMemberLimit) {
    throw precondition(
      `The space has reached its limit of ${ctx.settings.spaceMemberLimit} members.`,
    );
  }
  const rec: MembershipRec = {
    space: space.id,
    key: t.key,
    ref: t.ref,
    role: t.ref.kind === "group" ? "MEMBERSHIP_ROLE_UNSPECIFIED" : "ROLE_MEMBER",
    state: t.ref.kind === "user" && !t.autoAccept ? "INVITED" : "JOINED",
    createTime: ctx.now.toISOString(),
  };
  members.set(t.key, rec);
  recordApiChange(ctx, rec, "created");
  return { body: renderMembership(store, rec, apiView(ctx)), mutated: true };
}

// ---------------------------------------------------------------- list

export function listMembers(ctx: ApiCtx, spaceId: string): Reply {
  const { store, query } = ctx;
  const admin = boolParam(query, "useAdminAccess");
  const mode = requireScopes(ctx.principal, "spaces.members.list", admin);
  const size = pageSize(query.get("pageSize") ?? undefined);
  const filterSrc = query.get("filter") ?? "";
  const filter: Filter | undefined = filterSrc.trim() ? parseFilter(filterSrc) : undefined;
  if (mode === "admin") checkAdminFilter(filter);
  const showGroups = boolParam(query, "showGroups");
  const showInvited = boolParam(query, "showInvited");
  const space = loadSpace(store, spaceId);
  requireSpaceAccess(store, ctx.principal, mode, space);
  // pageSize is deliberately not bound: AIP-158 lets it change between pages.
  const bound = { spaceId, filterSrc, showGroups, showInvited, admin };
  const after = decodePageToken(query.get("pageToken") ?? undefined, bound);
  const all = [...store.spaceMembers(space.id).values()]
    .filter((m) => {
      if (m.ref.kind === "group" && !showGroups) return false;
      if (m.state === "INVITED" && !showInvited) return false;
      // App authentication lists never include app memberships, the calling app's own included.
      if (mode === "app" && m.ref.kind === "app") return false;
      if (filter && !matches(filter, { role: m.role, type: memberType(m) })) return false;
      return true;
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const start = after === undefined ? 0 : all.findIndex((m) => m.key > after);
  const page = start < 0 ? [] : all.slice(start, start + size);
  const v = apiView(ctx);
  const out: Record<string, unknown> = {};
  if (page.length) out.memberships = page.map((m) => renderMembership(store, m, v));
  if (start >= 0 && start + size < all.length) {
    out.nextPageToken = encodePageToken(page[page.length - 1]!.key, bound);
  }
  return { body: out };
}

// ---------------------------------------------------------------- get

export function getMember(ctx: ApiCtx, spaceId: string, seg: string): Reply {
  const admin = boolParam(ctx.query, "useAdminAccess");
  const mode = requireScopes(ctx.principal, "spaces.members.get", admin);
  const space = loadSpace(ctx.store, spaceId);
  requireSpaceAccess(ctx.store, ctx.principal, mode, space);
  const m = findMembership(ctx, space, seg);
  return { body: renderMembership(ctx.store, m, apiView(ctx)) };
}

// ---------------------------------------------------------------- patch

export function patchMember(ctx: ApiCtx, spaceId: string, seg: string): Reply {
  const { store, principal } = ctx;
  const admin = boolParam(ctx.query, "useAdminAccess");
  const mode = requireScopes(principal, "spaces.members.patch", admin);
  const mask = (ctx.query.get("updateMask") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (mask.length === 0) {
    throw fieldError("update_mask", "Required (the only updatable field is role).");
  }
  const bad = mask.find((f) => f !== "role" && f !== "*");
  if (bad !== undefined) {
    throw fieldError("update_mask", `Field "${bad}" is not supported: use role (or *).`);
  }
  const role = ctx.body.role as MembershipRole | undefined;
  if (!role || role === "MEMBERSHIP_ROLE_UNSPECIFIED") {
    throw fieldError(
      "membership.role",
      `Must be ROLE_MEMBER, ROLE_ASSISTANT_MANAGER or ROLE_MANAGER, got ${JSON.stringify(role ?? null)}.`,
    );
  }
  const space = loadSpace(store, spaceId);
  const own = requireSpaceAccess(store, principal, mode, space);
  // UNCONFIRMED for app auth: the reference says "spaces the app created".
  if (mode === "app") {
    const c = space.createdBy;
    if (!(c?.kind === "app" && c.project === principal.project.id)) {
      throw denied("App authentication can change roles only in spaces the app created.");
    }
  }
  // UNCONFIRMED for ROLE_ASSISTANT_MANAGER callers: only owners change roles here.
  if (mode === "user" && own?.role !== "ROLE_MANAGER") {
    throw denied("Only space owners (ROLE_MANAGER) can change membership roles.");
  }
  // Email aliases on patch: UNCONFIRMED; accepted like get and delete.
  const m = findMembership(ctx, space, seg);
  if (m.ref.kind === "group")
    throw fieldError("membership.role", "Group memberships have no role.");
  if (role !== "ROLE_MEMBER" && space.spaceType !== "SPACE") {
    throw fieldError(
      "membership.role",
      `${role} exists only in named spaces; everyone is ROLE_MEMBER in a ${space.spaceType}.`,
    );
  }
  // UNCONFIRMED: apps cannot be made managers.
  if (role !== "ROLE_MEMBER" && m.ref.kind === "app")
    throw fieldError("membership.role", "Chat apps can only be ROLE_MEMBER.");
  if (
    m.role === "ROLE_MANAGER" &&
    m.state === "JOINED" &&
    role !== "ROLE_MANAGER" &&
    joinedOwners(store, space.id) <= 1
  ) {
    throw lastOwner();
  }
  const changed = m.role !== role;
  m.role = role;
  if (changed) recordApiChange(ctx, m, "updated");
  return { body: renderMembership(store, m, apiView(ctx)), mutated: changed };
}

// ---------------------------------------------------------------- delete

export function deleteMember(ctx: ApiCtx, spaceId: string, seg: string): Reply {
  const { store, principal } = ctx;
  const admin = boolParam(ctx.query, "useAdminAccess");
  const mode = requireScopes(principal, "spaces.members.delete", admin);
  const space = loadSpace(store, spaceId);
  const own = requireSpaceAccess(store, principal, mode, space);
  const m = findMembership(ctx, space, seg);
  const isSelf = own !== undefined && own.key === m.key;
  if (m.ref.kind === "app") {
    if (mode === "admin") throw denied("Admin access cannot delete memberships of Chat apps.");
    // UNCONFIRMED: an app (or a user through chat.memberships.app) removes only its own app.
    if (m.ref.project !== principal.project.id) {
      throw denied("A Chat app can only remove itself, not other apps.");
    }
  } else if (mode === "user" && onlyAppScope(principal)) {
    throw insufficientScopes();
  }
  if (mode === "user" && !isSelf && m.ref.kind !== "app") {
    // UNCONFIRMED: in group chats and DMs nobody removes others; in spaces managers and owners do.
    if (space.spaceType !== "SPACE")
      throw denied(`Members cannot be removed from a ${space.spaceType}.`);
    if (m.role === "ROLE_MANAGER" && own?.role !== "ROLE_MANAGER") {
      throw denied("Removing a space owner requires the caller to be an owner (ROLE_MANAGER).");
    }
    if (own?.role !== "ROLE_MANAGER" && own?.role !== "ROLE_ASSISTANT_MANAGER") {
      throw denied("Only space owners and managers can remove other members.");
    }
  }
  if (space.spaceType === "DIRECT_MESSAGE" && m.ref.kind !== "app") {
    throw precondition("Members cannot be removed from a direct message.");
  }
  if (m.role === "ROLE_MANAGER" && m.state === "JOINED" && joinedOwners(store, space.id) <= 1) {
    throw lastOwner();
  }
  store.spaceMembers(space.id).delete(m.key);
  recordApiChange(ctx, m, "deleted");
  // UNCONFIRMED: the deleted membership is returned as it was just before deletion, rendered
  // after it: the user is no longer a member, so only prior affinity shows their profile.
  return { body: renderMembership(store, m, apiView(ctx)), mutated: true };
}
