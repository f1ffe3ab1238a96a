// spaces: get, list (only spaces the caller is in), setup — /v1/spaces[/{space}], /v1/spaces:setup.
import { randomBytes } from "node:crypto";
import { loadSpace, requireSpaceAccess } from "../access";
import { requireScopes } from "../auth";
import { denied, invalid, notFound } from "../errors";
import { MembershipRec, SPACE_TYPES, SpaceRec, SpaceType } from "../model";
import { decodePageToken, encodePageToken, pageSize } from "../pagetoken";
import { enumFromWire, renderSpace } from "../render";
import { ApiCtx, boolParam, Reply, requireObject } from "./context";

const MAX_SETUP_MEMBERS = 49;

export function getSpace(ctx: ApiCtx, spaceId: string): Reply {
  const admin = boolParam(ctx.query, "useAdminAccess");
  const mode = requireScopes(ctx.principal, "spaces.get", admin);
  const space = loadSpace(ctx.store, spaceId);
  requireSpaceAccess(ctx.store, ctx.principal, mode, space);
  return { body: renderSpace(ctx.store, space, { ints: ctx.ints }) };
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
  const v = { ints: ctx.ints };
  const out: Record<string, unknown> = {};
  if (page.length) out.spaces = page.map((s) => renderSpace(store, s, v));
  if (start >= 0 && start + size < mine.length) {
    out.nextPageToken = encodePageToken(page[page.length - 1]!.id, { filterSrc });
  }
  return { body: out };
}

function newSpaceId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(7);
  return "AAAA" + [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
}

export function setupSpace(ctx: ApiCtx): Reply {
  const { store, principal } = ctx;
  requireScopes(principal, "spaces.setup", false);
  if (principal.kind !== "user") throw denied("spaces.setup requires user authentication.");
  const spaceIn = requireObject(ctx.body.space, "space");
  const spaceType = enumFromWire("spaceType", spaceIn.spaceType) as SpaceType | undefined;
  if (!spaceType || !SPACE_TYPES.includes(spaceType)) {
    throw invalid("space.spaceType must be SPACE, GROUP_CHAT or DIRECT_MESSAGE.");
  }
  const displayName = typeof spaceIn.displayName === "string" ? spaceIn.displayName : undefined;
  if (spaceType === "SPACE" && !displayName?.trim()) {
    throw invalid("space.displayName is required for a named space (spaceType SPACE).");
  }
  if (spaceType !== "SPACE" && displayName) {
    throw invalid(`space.displayName must be empty for a ${spaceType}.`);
  }
  const raw = Array.isArray(ctx.body.memberships) ? ctx.body.memberships : [];
  if (raw.length > MAX_SETUP_MEMBERS) {
    throw invalid(
      `At most ${MAX_SETUP_MEMBERS} memberships besides the caller, got ${raw.length}.`,
    );
  }
  const others: { ref: MembershipRec["ref"]; key: string; joined: boolean }[] = [];
  for (const [i, m] of raw.entries()) {
    const o = requireObject(m, `memberships[${i}]`);
    if (o.groupMember !== undefined) {
      const name = String(requireObject(o.groupMember, "groupMember").name ?? "");
      const g = store.groups.get(name.replace(/^groups\//, ""));
      if (!g) throw notFound(`Group ${name} not found.`);
      if (spaceType !== "SPACE") throw invalid("Google Groups can only be added to named spaces.");
      others.push({ ref: { kind: "group", id: g.id }, key: g.id, joined: true });
      continue;
    }
    const name = String(requireObject(o.member, `memberships[${i}].member`).name ?? "");
    const id = name.replace(/^users\//, "");
    const u = id.includes("@") ? store.usersByEmail.get(id.toLowerCase()) : store.users.get(id);
    if (!u) throw notFound(`User ${name} not found.`);
    if (u.id === principal.user.id || others.some((x) => x.key === u.id)) continue;
    others.push({ ref: { kind: "user", id: u.id }, key: u.id, joined: u.autoAccept });
  }
  if (spaceType === "DIRECT_MESSAGE") {
    if (others.length !== 1)
      throw invalid("A direct message needs exactly one other human member.");
    const other = others[0]!.key;
    for (const s of store.spaces.values()) {
      const ms = store.spaceMembers(s.id);
      if (
        s.spaceType === "DIRECT_MESSAGE" &&
        ms.size === 2 &&
        ms.has(other) &&
        ms.has(principal.user.id)
      ) {
        return { body: renderSpace(store, s, { ints: ctx.ints }) };
      }
    }
  }
  if (spaceType === "GROUP_CHAT" && others.length < 2) {
    throw invalid("A group chat needs at least two other human members.");
  }
  const createTime = ctx.now.toISOString();
  const space: SpaceRec = {
    id: newSpaceId(),
    spaceType,
    ...(spaceType === "SPACE" ? { displayName } : {}),
    externalUserAllowed: spaceIn.externalUserAllowed === true,
    createTime,
    createdBy: { kind: "user", id: principal.user.id },
  };
  store.spaces.set(space.id, space);
  const ms = store.spaceMembers(space.id);
  ms.set(principal.user.id, {
    space: space.id,
    key: principal.user.id,
    ref: { kind: "user", id: principal.user.id },
    role: spaceType === "SPACE" ? "ROLE_MANAGER" : "ROLE_MEMBER",
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
  return { body: renderSpace(store, space, { ints: ctx.ints }), mutated: true };
}
