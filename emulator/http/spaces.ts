// spaces: get, list (only spaces the caller is in), setup — /v1/spaces[/{space}], /v1/spaces:setup.
// The writes (create, patch, delete) are in space-writes.ts.
import { randomBytes } from "node:crypto";
import { loadSpace, requireSpaceAccess } from "../access";
import { requireScopes } from "../auth";
import { alreadyExists, denied, fieldError, invalid, notFound, unimplemented } from "../errors";
import { externalUserRefusal } from "../external";
import { MembershipRec, SPACE_TYPES, SpaceRec, SpaceType } from "../model";
import { decodePageToken, encodePageToken, pageSize } from "../pagetoken";
import { renderSpace } from "../render";
import { ApiCtx, boolParam, Reply, spaceView } from "./context";

const MAX_SETUP_MEMBERS = 49;

export function getSpace(ctx: ApiCtx, spaceId: string): Reply {
  const admin = boolParam(ctx.query, "useAdminAccess");
  const mode = requireScopes(ctx.principal, "spaces.get", admin);
  const space = loadSpace(ctx.store, spaceId);
  requireSpaceAccess(ctx.store, ctx.principal, mode, space);
  return { body: renderSpace(ctx.store, space, spaceView(ctx)) };
}

/** `spaceType = "SPACE" OR spaceType = "GROUP_CHAT"`: the only filter spaces.list takes. */
function parseSpaceTypeFilter(src: string): Set<SpaceType> | undefined {
  if (!src.trim()) return undefined;
  const out = new Set<SpaceType>();
  for (const part of src.split(/\s+OR\s+/)) {
    const m = /^\s*(?:space_type|spaceType)\s*=\s*"?([A-Z_]+)"?\s*$/.exec(part);
    if (!m || !SPACE_TYPES.includes(m[1] as SpaceType)) {
      throw invalid(
        `Invalid filter "${src}": use spaceType = "SPACE" (optionally joined with OR).`,
      );
    }
    out.add(m[1] as SpaceType);
  }
  return out;
}

export function listSpaces(ctx: ApiCtx): Reply {
  const { store, principal, query } = ctx;
  requireScopes(principal, "spaces.list", false);
  const size = pageSize(query.get("pageSize") ?? undefined);
  const filterSrc = query.get("filter") ?? "";
  const types = parseSpaceTypeFilter(filterSrc);
  const after = decodePageToken(query.get("pageToken") ?? undefined, { filterSrc });
  const key = principal.kind === "user" ? principal.user.id : principal.project.app.id;
  const mine = [...store.spaces.values()]
    .filter((s) => store.spaceMembers(s.id).get(key)?.state === "JOINED")
    .filter((s) => !types || types.has(s.spaceType))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const start = after === undefined ? 0 : mine.findIndex((s) => s.id > after);
  const page = start < 0 ? [] : mine.slice(start, start + size);
  const v = spaceView(ctx);
  const out: Record<string, unknown> = {};
  if (page.length) out.spaces = page.map((s) => renderSpace(store, s, v));
  if (start >= 0 && start + size < mine.length) {
    out.nextPageToken = encodePageToken(page[page.length - 1]!.id, { filterSrc });
  }
  return { body: out };
}

export function newSpaceId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(7);
  return "AAAA" + [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
}

/** The requested members of a space being set up, resolved; `refused` were left out. */
interface SetupMember {
  ref: MembershipRec["ref"];
  key: string;
  joined: boolean;
}

function resolveSetupMembers(
  ctx: ApiCtx,
  raw: Record<string, unknown>[],
  space: Pick<SpaceRec, "spaceType" | "externalUserAllowed">,
  callerId: string,
): SetupMember[] {
  const { store } = ctx;
  const out: SetupMember[] = [];
  for (const [i, m] of raw.entries()) {
    const at = `memberships[${i}]`;
    // UNCONFIRMED: a role other than ROLE_MEMBER is refused, as on members.create.
    if (
      m.role !== undefined &&
      m.role !== "ROLE_MEMBER" &&
      m.role !== "MEMBERSHIP_ROLE_UNSPECIFIED"
    ) {
      throw fieldError(`${at}.role`, "A role cannot be set when setting up a space.");
    }
    const group = m.groupMember as { name?: string } | undefined;
    const member = m.member as { name?: string; type?: string } | undefined;
    if (group && member) throw fieldError(at, "Set only one of member and group_member.");
    if (group) {
      const name = group.name ?? "";
      const g = store.groups.get(name.replace(/^groups\//, ""));
      if (!name.startsWith("groups/") || !g) throw notFound(`Group ${name} not found.`);
      if (space.spaceType !== "SPACE") {
        throw fieldError(`${at}.group_member`, "Google Groups can only be added to named spaces.");
      }
      out.push({ ref: { kind: "group", id: g.id }, key: g.id, joined: true });
      continue;
    }
    const name = member?.name ?? "";
    if (!name.startsWith("users/")) {
      throw fieldError(`${at}.member.name`, `Must look like users/{user}, got "${name}".`);
    }
    const id = name.slice("users/".length);
    if (id === "app" || member?.type === "BOT" || store.apps.has(id)) {
      throw fieldError(
        `${at}.member`,
        "Chat apps can only join a space set up as a DM with the calling app (singleUserBotDm).",
      );
    }
    const u = id.includes("@") ? store.usersByEmail.get(id.toLowerCase()) : store.users.get(id);
    if (!u) throw notFound(`User ${name} not found.`);
    if (u.id === callerId || out.some((x) => x.key === u.id)) continue;
    const refusal = externalUserRefusal(u, space, "user");
    if (refusal) {
      // Documented: members the caller may not add are left out (a DM fails instead).
      if (space.spaceType === "DIRECT_MESSAGE") throw refusal;
      continue;
    }
    out.push({ ref: { kind: "user", id: u.id }, key: u.id, joined: u.autoAccept });
  }
  return out;
}

/** Space fields that setup documents but the emulator does not model: refused, never dropped. */
function refuseUnmodelled(spaceIn: Record<string, unknown>): void {
  if (spaceIn.importMode === true) throw unimplemented("Import mode is not emulated.");
  if (spaceIn.singleUserBotDm === true)
    throw unimplemented("A DM with the calling app (singleUserBotDm) is not emulated.");
  const access = spaceIn.accessSettings as Record<string, unknown> | undefined;
  if (access?.accessPermissionSettings !== undefined) {
    throw unimplemented("space.access_settings.access_permission_settings is not emulated.");
  }
  // UNCONFIRMED codes for the next two: both contradict the field's documentation.
  if (spaceIn.permissionSettings !== undefined) {
    throw fieldError(
      "space.permission_settings",
      "Permission settings are for existing spaces; use predefined_permission_settings when setting up a space.",
    );
  }
  if (spaceIn.customer !== undefined) {
    throw fieldError(
      "space.customer",
      "customer is set only when creating a space with app authentication.",
    );
  }
}

export interface SpaceInput {
  spaceType: SpaceType;
  displayName?: string;
  spaceDetails?: SpaceRec["spaceDetails"];
  historyState?: SpaceRec["historyState"];
  audience?: string;
  predefinedPermissions?: SpaceRec["predefinedPermissions"];
  externalUserAllowed: boolean;
}

export function readSpaceInput(ctx: ApiCtx, spaceIn: Record<string, unknown>): SpaceInput {
  const spaceType = spaceIn.spaceType as SpaceType | "SPACE_TYPE_UNSPECIFIED" | undefined;
  if (!spaceType || spaceType === "SPACE_TYPE_UNSPECIFIED") {
    throw fieldError(
      "space.space_type",
      "space.space_type is required: SPACE, GROUP_CHAT or DIRECT_MESSAGE.",
    );
  }
  refuseUnmodelled(spaceIn);
  const named = spaceType === "SPACE";
  const displayName = spaceIn.displayName as string | undefined;
  if (named && !displayName?.trim()) {
    throw fieldError("space.display_name", "Required for a named space (space_type SPACE).");
  }
  if (!named && displayName)
    throw fieldError("space.display_name", `Must be empty for a ${spaceType}.`);
  if (displayName && displayName.length > 128) {
    throw fieldError("space.display_name", "Supports up to 128 characters.");
  }
  // Documented: "An existing space within the organization might already use this display name."
  const taken = named && [...ctx.store.spaces.values()].some((s) => s.displayName === displayName);
  if (taken) throw alreadyExists(`A space named "${displayName}" already exists.`);
  const details = spaceIn.spaceDetails as SpaceRec["spaceDetails"];
  if (details && spaceType === "DIRECT_MESSAGE") {
    throw fieldError("space.space_details", "Must be empty for a DIRECT_MESSAGE.");
  }
  if ((details?.description?.length ?? 0) > 4096) {
    throw fieldError("space.space_details.description", "Supports up to 4,096 characters.");
  }
  if ((details?.guidelines?.length ?? 0) > 5000) {
    throw fieldError("space.space_details.guidelines", "Supports up to 5,000 characters.");
  }
  const history = spaceIn.spaceHistoryState as string | undefined;
  const preset = spaceIn.predefinedPermissionSettings as string | undefined;
  const presetSet = preset && preset !== "PREDEFINED_PERMISSION_SETTINGS_UNSPECIFIED";
  // UNCONFIRMED: permission presets and audiences exist only for named spaces.
  if (presetSet && !named) {
    throw fieldError("space.predefined_permission_settings", "Only for named spaces (SPACE).");
  }
  const audience = (spaceIn.accessSettings as { audience?: string } | undefined)?.audience;
  if (audience !== undefined && !named) {
    throw fieldError(
      "space.access_settings.audience",
      "Only named spaces (SPACE) can be discoverable.",
    );
  }
  if (audience !== undefined && !/^audiences\/[^/]+$/.test(audience)) {
    throw fieldError(
      "space.access_settings.audience",
      `Must look like audiences/{audience}, got "${audience}".`,
    );
  }
  return {
    spaceType,
    ...(named ? { displayName: displayName! } : {}),
    ...(details && Object.keys(details).length ? { spaceDetails: details } : {}),
    ...(history === "HISTORY_ON" || history === "HISTORY_OFF" ? { historyState: history } : {}),
    ...(audience ? { audience } : {}),
    ...(presetSet ? { predefinedPermissions: preset as SpaceInput["predefinedPermissions"] } : {}),
    // UNCONFIRMED: unnamed spaces (group chats, DMs) admit users outside the organisation.
    externalUserAllowed: named ? spaceIn.externalUserAllowed === true : true,
  };
}

export function setupSpace(ctx: ApiCtx): Reply {
  const { store, principal } = ctx;
  requireScopes(principal, "spaces.setup", false);
  if (principal.kind !== "user") throw denied("spaces.setup requires user authentication.");
  const view = spaceView(ctx);
  const requestId = ctx.body.requestId as string | undefined;
  if (requestId) {
    const prior = [...store.spaces.values()].find((s) => s.requestId === requestId);
    const mine = prior?.createdBy?.kind === "user" && prior.createdBy.id === principal.user.id;
    // Documented: the same requestId returns the space it created, unchanged.
    if (prior && mine) return { body: renderSpace(store, prior, view) };
    // Documented as "an error" for another caller; UNCONFIRMED which: ALREADY_EXISTS.
    if (prior) throw alreadyExists(`requestId ${requestId} was already used by another caller.`);
  }
  const input = readSpaceInput(ctx, (ctx.body.space ?? {}) as Record<string, unknown>);
  const raw = (ctx.body.memberships ?? []) as Record<string, unknown>[];
  if (raw.length > MAX_SETUP_MEMBERS) {
    throw fieldError(
      "memberships",
      `At most ${MAX_SETUP_MEMBERS} memberships besides the caller, got ${raw.length}.`,
    );
  }
  const others = resolveSetupMembers(ctx, raw, input, principal.user.id);
  if (input.spaceType === "DIRECT_MESSAGE") {
    if (others.length !== 1) {
      throw fieldError("memberships", "A direct message needs exactly one other human member.");
    }
    const other = others[0]!.key;
    for (const s of store.spaces.values()) {
      const ms = store.spaceMembers(s.id);
      if (
        s.spaceType === "DIRECT_MESSAGE" &&
        ms.size === 2 &&
        ms.has(other) &&
        ms.has(principal.user.id)
      ) {
        return { body: renderSpace(store, s, view) };
      }
    }
  }
  if (input.spaceType === "GROUP_CHAT" && others.length < 2) {
    throw fieldError("memberships", "A group chat needs at least two other human members.");
  }
  const createTime = ctx.now.toISOString();
  const space: SpaceRec = {
    id: newSpaceId(),
    ...input,
    createTime,
    createdBy: { kind: "user", id: principal.user.id },
    ...(requestId ? { requestId } : {}),
  };
  store.spaces.set(space.id, space);
  const ms = store.spaceMembers(space.id);
  ms.set(principal.user.id, {
    space: space.id,
    key: principal.user.id,
    ref: { kind: "user", id: principal.user.id },
    role: input.spaceType === "SPACE" ? "ROLE_MANAGER" : "ROLE_MEMBER",
    state: "JOINED",
    createTime,
  });
  for (const o of others) {
    ms.set(o.key, {
      space: space.id,
      key: o.key,
      ref: o.ref,
      role: o.ref.kind === "group" ? "MEMBERSHIP_ROLE_UNSPECIFIED" : "ROLE_MEMBER",
      state: o.joined ? "JOINED" : "INVITED",
      createTime,
    });
  }
  return { body: renderSpace(store, space, view), mutated: true };
}
