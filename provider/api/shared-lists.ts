// One members.list pass per space serves the lookups of many single memberships: the refresh of
// many ChatMembership in one space, or their first creates' provenance. The engine still reads
// each resource on its own; the batching happens here, behind findMembership.
//
// A list serves for SHARED_LIST_MS at most, within this ChatApi (one provider process, never
// across processes), and only while every write this ChatApi made to the space since is
// accounted for in it: a write that answered is applied to the list, one whose outcome is
// unknown drops the list. The first lookup of a space is a members.get (one member needs no
// list); the second within the window lists the space, and the lookups meanwhile wait for it.

import type { LiveMembership } from "../core/types";
import type { Clock } from "./clock";
import { SHARED_LIST_MS } from "./defaults";
import { isApiError } from "./errors";
import { membershipName, spaceName, spaceOf } from "./mapping";
import type { CallOptions, ChatApi, ChatApiCalls } from "./types";

type Members = Map<string, LiveMembership>;

/** The lists' key: spaces/X, as every membership name starts. */
const canonical = (space: string) => (space.startsWith("spaces/") ? space : `spaces/${space}`);

/** A list being taken or taken, with the writes this ChatApi made to the space meanwhile. */
interface Entry {
  readonly at: number;
  ready: Promise<void>;
  /** Set once listed; undefined while in flight or when the list failed. */
  members?: Members;
  /** Unusable: the list failed, or a write's outcome is unknown. Lookups use get. */
  spoiled: boolean;
  /** Writes that answered while the list was in flight, replayed onto it. */
  readonly during: ((m: Members) => void)[];
}

/** What a list says of a name or alias: the membership, absent (conclusively), or cannot tell. */
export type Placement = LiveMembership | "absent" | "unplaced";

/**
 * Finds `spaces/X/members/{id | email | groupId}` in a complete list (invited members and groups
 * included). An email is conclusive only when every listed person has one: otherwise the person
 * may be listed under an id alone. The app's alias is never placed (other apps are listed too).
 */
export function place(members: ReadonlyMap<string, LiveMembership>, alias: string): Placement {
  const direct = members.get(alias);
  if (direct) return direct;
  const seg = alias.slice(alias.lastIndexOf("/") + 1);
  if (seg === "app") return "unplaced";
  const email = seg.includes("@") ? seg.toLowerCase() : undefined;
  let emailsComplete = true;
  for (const m of members.values()) {
    if (email !== undefined) {
      if (m.email === email) return m;
      if (m.memberType === "HUMAN" && !m.email) emailsComplete = false;
    } else if (m.memberName === `users/${seg}` || m.memberName === `groups/${seg}`) return m;
  }
  return email === undefined || emailsComplete ? "absent" : "unplaced";
}

/**
 * The ChatApi with findMembership served from shared lists, and every membership write (and
 * space deletion) accounted for in them.
 */
export function withSharedLists(api: ChatApiCalls, clock: Pick<Clock, "now">): ChatApi {
  const entries = new Map<string, Entry>();
  /** When each space was first looked up in the window: its next lookup lists it. */
  const seen = new Map<string, number>();
  const young = (at: number | undefined) => at !== undefined && clock.now() - at < SHARED_LIST_MS;

  const usable = (space: string): Entry | undefined => {
    const e = entries.get(space);
    if (e && !e.spoiled && young(e.at)) return e;
    entries.delete(space);
    return undefined;
  };

  const list = (space: string): Entry => {
    const entry: Entry = { at: clock.now(), spoiled: false, during: [], ready: Promise.resolve() };
    const ready = api.listMemberships(space).then(
      (all) => {
        const m: Members = new Map(all.map((l) => [l.name, l]));
        for (const apply of entry.during) apply(m);
        entry.members = m;
      },
      () => {
        // The lookups waiting fall back to get, which reports the error in its own words.
        entry.spoiled = true;
      },
    );
    entry.ready = ready;
    entries.set(space, entry);
    return entry;
  };

  const get = async (name: string, opts?: CallOptions) => {
    try {
      return await api.getMembership(name, opts);
    } catch (e) {
      if (isApiError(e, "NOT_FOUND")) return undefined;
      throw e;
    }
  };

  const spoil = (space: string) => {
    const e = entries.get(space);
    if (e) e.spoiled = true;
    entries.delete(space);
  };

  /** Applies an answered write to the space's list, now or when it arrives. */
  const edit = (space: string, change: (m: Members) => boolean) => {
    const e = entries.get(space);
    if (!e || e.spoiled) return;
    if (e.members) {
      if (!change(e.members)) spoil(space);
    } else e.during.push((m) => void (change(m) || (e.spoiled = true)));
  };
  const upsert = (live: LiveMembership) =>
    edit(spaceOf(live.name), (m) => (m.set(live.name, live), true));
  const drop = (name: string) =>
    edit(spaceOf(name), (m) => {
      const p = place(m, name);
      if (p === "unplaced") return false;
      if (p !== "absent") m.delete(p.name);
      return true;
    });

  /** A write: applied to the list when it answers; its space's list dropped when it fails. */
  async function writing<T>(space: string, call: Promise<T>, done: (v: T) => void): Promise<T> {
    try {
      const v = await call;
      done(v);
      return v;
    } catch (e) {
      spoil(space);
      throw e;
    }
  }

  return {
    ...api,
    async findMembership(nameOrAlias, opts) {
      const name = membershipName(nameOrAlias, "spaces.members.get");
      // With admin access Chat lists only under a member-type filter: those stay single gets.
      if (opts?.useAdminAccess) return get(name, opts);
      const space = spaceName(spaceOf(name), "spaces.members.list");
      let entry = usable(space);
      if (!entry) {
        if (!young(seen.get(space))) {
          seen.set(space, clock.now());
          return get(name, opts);
        }
        entry = list(space);
      }
      await entry.ready;
      const placed = entry.members && !entry.spoiled ? place(entry.members, name) : "unplaced";
      if (placed === "absent") return undefined;
      return placed === "unplaced" ? get(name, opts) : placed;
    },
    createMembership: (space, member, opts) =>
      writing(canonical(space), api.createMembership(space, member, opts), upsert),
    patchRole: (name, role, opts) =>
      writing(spaceOf(name), api.patchRole(name, role, opts), upsert),
    async deleteMembership(name, opts) {
      try {
        const removed = await api.deleteMembership(name, opts);
        drop(name);
        return removed;
      } catch (e) {
        if (isApiError(e, "NOT_FOUND")) drop(name);
        else spoil(spaceOf(name));
        throw e;
      }
    },
    deleteSpace: async (space, opts) => {
      try {
        return await api.deleteSpace(space, opts);
      } finally {
        spoil(canonical(space));
      }
    },
  };
}
