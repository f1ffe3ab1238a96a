// spaces.spaceEvents: list and get — /v1/spaces/{space}/spaceEvents[/{event}]. Membership events
// only (the emulator has no messages or reactions); the payload is the membership as it is now
// (empty once it is gone), a deleted one only its name and state, as the reference says.
import { loadSpace, requireSpaceAccess } from "../access";
import { Principal, requireScopes } from "../auth";
import { insufficientScopes, notFound } from "../errors";
import { Actor, eventMatches, eventType, parseEventFilter, SpaceEventRec } from "../events";
import { MembershipRec } from "../model";
import { decodePageToken, encodePageToken, pageSize } from "../pagetoken";
import { enumToWire } from "../schema/enums";
import { renderMembership } from "../render";
import { SCOPE_PREFIX } from "../scopes";
import { Store } from "../store";
import { ApiCtx, apiView, Reply } from "./context";

/** Who acted, for the emulator's own record. */
export function actorOf(p: Principal): Actor {
  return p.kind === "user"
    ? { kind: "user", id: p.user.id }
    : { kind: "app", project: p.project.id };
}

/** Records a membership change made through the API. */
export function recordApiChange(ctx: ApiCtx, m: MembershipRec, kind: SpaceEventRec["kind"]): void {
  ctx.store.events.record({
    space: m.space,
    kind,
    keys: [m.key],
    time: ctx.now.toISOString(),
    actor: actorOf(ctx.principal),
  });
}

// UNCONFIRMED: membership events need a scope that reads memberships (the reference lists the
// spaces, messages and reactions scopes too, "appropriate for reading the requested data").
const MEMBERSHIP_READERS = new Set(
  [
    "chat.memberships",
    "chat.memberships.readonly",
    "chat.app.memberships",
    "chat.app.memberships.readonly",
  ].map((s) => SCOPE_PREFIX + s),
);

function requireEventAccess(ctx: ApiCtx, spaceId: string, rpc: "list" | "get") {
  const mode = requireScopes(ctx.principal, `spaces.spaceEvents.${rpc}`, false);
  if (![...ctx.principal.scopes].some((s) => MEMBERSHIP_READERS.has(s))) throw insufficientScopes();
  const space = loadSpace(ctx.store, spaceId);
  // The caller must be a member of the space (no admin access for events).
  requireSpaceAccess(ctx.store, ctx.principal, mode, space);
  return space;
}

const membershipName = (space: string, key: string) => `spaces/${space}/members/${key}`;

function payload(store: Store, ctx: ApiCtx, e: SpaceEventRec, key: string): object {
  if (e.kind === "deleted")
    return {
      name: membershipName(e.space, key),
      state: enumToWire("state", "NOT_A_MEMBER", ctx.ints),
    };
  const now = store.spaceMembers(e.space).get(key);
  return now ? renderMembership(store, now, apiView(ctx)) : {};
}

function renderEvent(ctx: ApiCtx, e: SpaceEventRec): object {
  const cap = e.kind[0]!.toUpperCase() + e.kind.slice(1);
  const data = e.keys.map((k) => ({ membership: payload(ctx.store, ctx, e, k) }));
  return {
    name: `spaces/${e.space}/spaceEvents/${e.id}`,
    eventTime: e.time,
    eventType: eventType("membership", e.kind, e.batch),
    ...(e.batch
      ? { [`membershipBatch${cap}EventData`]: { memberships: data } }
      : { [`membership${cap}EventData`]: data[0] }),
  };
}

export function listSpaceEvents(ctx: ApiCtx, spaceId: string): Reply {
  const { query } = ctx;
  const size = pageSize(query.get("pageSize") ?? undefined);
  const filterSrc = query.get("filter") ?? "";
  const now = ctx.now.getTime();
  const filter = parseEventFilter(filterSrc, now);
  const space = requireEventAccess(ctx, spaceId, "list");
  const bound = { spaceId, filterSrc };
  const after = decodePageToken(query.get("pageToken") ?? undefined, bound);
  // Chronological, oldest first; ids grow with time, so the position is the index.
  const all = ctx.store.events.of(space.id).filter((e) => eventMatches(e, filter, now));
  const start = after === undefined ? 0 : all.findIndex((e) => e.id === after) + 1;
  const page = all.slice(start, start + size);
  const out: Record<string, unknown> = {};
  if (page.length) out.spaceEvents = page.map((e) => renderEvent(ctx, e));
  if (start + size < all.length) out.nextPageToken = encodePageToken(page.at(-1)!.id, bound);
  return { body: out };
}

export function getSpaceEvent(ctx: ApiCtx, spaceId: string, id: string): Reply {
  const space = requireEventAccess(ctx, spaceId, "get");
  const e = ctx.store.events.of(space.id).find((x) => x.id === id);
  if (!e) throw notFound(`Space event spaces/${space.id}/spaceEvents/${id} not found.`);
  return { body: renderEvent(ctx, e) };
}
