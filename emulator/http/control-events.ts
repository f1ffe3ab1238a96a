// The control API's side of space events: the out-of-band changes (a person in the Chat UI) are
// recorded as membership events with their optional `actor` and time `at`, several members in one
// call as one batch event, and `events` lists what was recorded — with the actor, which the Chat
// API itself never returns (see ../events.ts).
import { findProject, findUser } from "../credentials";
import { invalid } from "../errors";
import { Actor, ChangeKind, SpaceEventRec } from "../events";
import { Store } from "../store";

type Body = Record<string, unknown>;
type Handler<D> = (deps: D, body: Body, query: URLSearchParams) => unknown;

/** Set on the calls a batch makes: the batch records one event for all of them. */
const IN_BATCH = "__inBatch";

function actorOf(store: Store, v: unknown): Actor | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  const s = String(v);
  if (s.startsWith("app:")) return { kind: "app", project: findProject(store, s.slice(4)).id };
  return { kind: "user", id: findUser(store, s).id };
}

/** The time of a control change: `at` (RFC 3339) or now. */
export function changeTime(b: Body): string {
  if (b.at === undefined) return new Date().toISOString();
  const t = Date.parse(String(b.at));
  if (Number.isNaN(t))
    throw invalid(`control: "at" must be an RFC 3339 time, got "${String(b.at)}".`);
  return new Date(t).toISOString();
}

/** Records an out-of-band membership change (unless a batch records it). */
export function recordControlChange(
  store: Store,
  b: Body,
  space: string,
  kind: ChangeKind,
  key: string,
): void {
  if (b[IN_BATCH]) return;
  const actor = actorOf(store, b.actor);
  store.events.record({
    space,
    kind,
    keys: [key],
    time: changeTime(b),
    ...(actor ? { actor } : {}),
  });
}

const SINGLE: Record<string, ChangeKind> = {
  addMembers: "created",
  setRoles: "updated",
  removeMembers: "deleted",
};

/**
 * `addMembers` / `setRoles` / `removeMembers`: `{ space, members: [{ member, role?, state? }],
 * actor?, at? }` — one UI action on several people, one batch event.
 */
export function batchHandlers<D extends { store: Store }>(
  single: Record<string, Handler<D>>,
): Record<string, Handler<D>> {
  const out: Record<string, Handler<D>> = {};
  for (const [name, kind] of Object.entries(SINGLE)) {
    const one = single[name.replace(/s$/, "").replace("Roles", "Role")]!;
    out[name] = (d, b, q) => {
      if (!Array.isArray(b.members) || b.members.length === 0)
        throw invalid(`control: "members" must be a non-empty list.`);
      const done = (b.members as Body[]).map(
        (m) =>
          one(d, { ...m, space: b.space, at: b.at, [IN_BATCH]: true }, q) as {
            name: string;
          },
      );
      const actor = actorOf(d.store, b.actor);
      const rec: Omit<SpaceEventRec, "id" | "batch"> = {
        space: String(b.space).replace(/^spaces\//, ""),
        kind,
        keys: done.map((m) => m.name.split("/").pop()!),
        time: changeTime(b),
        ...(actor ? { actor } : {}),
      };
      d.store.events.record(rec);
      return done;
    };
  }
  out.events = (d, b, q) => {
    const space = String(b.space ?? q.get("space") ?? "").replace(/^spaces\//, "");
    return space ? d.store.events.of(space) : d.store.events.all();
  };
  return out;
}

export const EVENT_MUTATING = Object.keys(SINGLE);
