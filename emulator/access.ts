// Who may see and change what. Permission is always decided before existence inside a space
// (403 before 404); a space that does not exist at all is 404 (UNCONFIRMED for non-members).
import { Principal } from "./auth";
import { denied, notFound } from "./errors";
import { MembershipRec, SpaceRec } from "./model";
import { AuthMode } from "./scopes";
import { Store } from "./store";

export function loadSpace(store: Store, id: string): SpaceRec {
  const s = store.spaces.get(id);
  if (!s) throw notFound(`Space spaces/${id} not found.`);
  return s;
}

/** The caller's own membership in the space, if any. */
export function callerMembership(
  store: Store,
  p: Principal,
  spaceId: string,
): MembershipRec | undefined {
  const key = p.kind === "user" ? p.user.id : p.project.app.id;
  return store.spaceMembers(spaceId).get(key);
}

/** Users and apps act only in spaces they joined; admins act on any space of the organisation. */
// UNCONFIRMED for INVITED callers (refused) and for app auth with chat.app.* scopes (must be joined).
export function requireSpaceAccess(
  store: Store,
  p: Principal,
  mode: AuthMode,
  space: SpaceRec,
): MembershipRec | undefined {
  if (mode === "admin") return undefined;
  const own = callerMembership(store, p, space.id);
  if (!own || own.state !== "JOINED") throw denied();
  return own;
}

/** Resolves the member segment of a membership name: an id, an email alias or `app`. */
export function memberKeyFromPath(store: Store, p: Principal, seg: string): string | undefined {
  if (seg === "app") return p.project.app.id;
  if (seg.includes("@")) return store.usersByEmail.get(seg.toLowerCase())?.id;
  return seg;
}
