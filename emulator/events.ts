// Space events (spaces.spaceEvents): the membership changes of each space, recorded as they happen
// — API writes and the control API's out-of-band changes alike — and the list filter's grammar.
// Google's SpaceEvent carries no actor (revision 20261107: name, eventTime, eventType and a
// payload); the emulator keeps who acted for its control API only, as the Admin console's audit
// log would, and never renders it into the Chat API.
import { invalid } from "./errors";

export type ChangeKind = "created" | "updated" | "deleted";
export const CHANGE_KINDS: readonly ChangeKind[] = ["created", "updated", "deleted"];

/** Who made a change (the emulator's record; not part of the Chat API). */
export type Actor = { kind: "user"; id: string } | { kind: "app"; project: string };

export interface SpaceEventRec {
  /** The last segment of `spaces/{space}/spaceEvents/{id}`. */
  id: string;
  space: string;
  kind: ChangeKind;
  /** One UI action that changed several memberships: a batch event. */
  batch: boolean;
  /** Membership keys (the last segment of each membership name). */
  keys: string[];
  time: string;
  actor?: Actor;
}

export const FAMILIES = ["membership", "message", "reaction", "space"] as const;
export type Family = (typeof FAMILIES)[number];
const FAMILY_KINDS: Record<Family, readonly string[]> = {
  membership: CHANGE_KINDS,
  message: CHANGE_KINDS,
  reaction: ["created", "deleted"],
  space: ["updated"],
};

export const eventType = (family: Family, kind: string, batch: boolean) =>
  `google.workspace.chat.${family}.v1.${batch ? "batch" + kind[0]!.toUpperCase() + kind.slice(1) : kind}`;

/** Every event type a filter may name (batch types are implied, never named). */
export const FILTERABLE_TYPES: ReadonlySet<string> = new Set(
  FAMILIES.flatMap((f) => FAMILY_KINDS[f].map((k) => eventType(f, k, false))),
);

/** How far back events can be listed. */
export const LOOKBACK_MS = 28 * 24 * 3600_000;

export interface EventFilter {
  /** Filterable (non-batch) event types; each brings its batch type along. */
  types: Set<string>;
  /** Exclusive. */
  start?: number;
  /** Inclusive. */
  end?: number;
}

const TOKEN = /\s*(\(|\)|:|=|"[^"]*"|[A-Za-z_][A-Za-z0-9_.]*)/y;

type Node =
  | { op: "types"; value: string }
  | { op: "time"; field: "start_time" | "end_time"; value: string }
  | { op: "and" | "or"; args: Node[] };

/**
 * The list filter, as the reference states it: at least one `event_types:"…"` (several joined by
 * OR), optionally AND-ed with `start_time="RFC 3339"` and `end_time="…"`; OR binds tighter than
 * AND (AIP-160). Anything else is INVALID_ARGUMENT, as Google rejects it.
 */
export function parseEventFilter(src: string, now: number): EventFilter {
  const bad = (why: string) => invalid(`Invalid filter "${src}": ${why}.`);
  if (!src.trim()) throw bad("at least one event_types is required");
  const toks: string[] = [];
  for (let pos = 0; pos < src.length && !/^\s*$/.test(src.slice(pos)); pos = TOKEN.lastIndex) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) throw bad(`unexpected text at offset ${pos}`);
    toks.push(m[1]!);
  }
  let i = 0;
  const conj = (): Node => {
    const args = [disj()];
    while (toks[i] === "AND") {
      i++;
      args.push(disj());
    }
    return args.length === 1 ? args[0]! : { op: "and", args };
  };
  const disj = (): Node => {
    const args = [term()];
    while (toks[i] === "OR") {
      i++;
      args.push(term());
    }
    return args.length === 1 ? args[0]! : { op: "or", args };
  };
  const term = (): Node => {
    const t = toks[i++];
    if (t === "(") {
      const n = conj();
      if (toks[i++] !== ")") throw bad("missing )");
      return n;
    }
    const op = toks[i++];
    const v = toks[i++];
    if (v === undefined || !v.startsWith('"')) throw bad(`expected a quoted value after ${t}`);
    const value = v.slice(1, -1);
    if (t === "event_types") {
      if (op !== ":") throw bad('event_types takes the has operator ":"');
      return { op: "types", value };
    }
    if (t === "start_time" || t === "end_time") {
      if (op !== "=") throw bad(`${t} takes the equals operator "="`);
      return { op: "time", field: t, value };
    }
    throw bad(`unknown field ${JSON.stringify(t ?? "")}: use event_types, start_time or end_time`);
  };
  const root = conj();
  if (i < toks.length) throw bad(`unexpected ${JSON.stringify(toks[i])}`);

  const out: EventFilter = { types: new Set() };
  let typeGroups = 0;
  const typesOf = (n: Node): string[] => {
    if (n.op === "types") return [n.value];
    if (n.op === "or") return n.args.flatMap(typesOf);
    throw bad(
      n.op === "time"
        ? "start_time and end_time can only be combined with AND"
        : "event types can only be combined with OR",
    );
  };
  for (const item of root.op === "and" ? root.args : [root]) {
    if (item.op === "time") {
      const t = Date.parse(item.value);
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(item.value))
        throw bad(`${item.field} must be an RFC 3339 timestamp, got "${item.value}"`);
      const key = item.field === "start_time" ? "start" : "end";
      if (out[key] !== undefined) throw bad(`${item.field} given twice`);
      out[key] = t;
      continue;
    }
    if (item.op === "and") throw bad("unexpected AND inside parentheses");
    typeGroups++;
    for (const type of typesOf(item)) {
      if (/\.batch[A-Z]/.test(type))
        // UNCONFIRMED whether Google rejects or ignores a named batch type; the reference says omit.
        throw bad(`omit batch event types (${type}): they are returned with their event type`);
      if (!FILTERABLE_TYPES.has(type)) throw bad(`unsupported event type "${type}"`);
      out.types.add(type);
    }
  }
  if (typeGroups === 0) throw bad("at least one event_types is required");
  if (typeGroups > 1) throw bad("event types can only be combined with OR");
  if (out.start !== undefined && out.start < now - LOOKBACK_MS)
    throw bad("start_time must be within the last 28 days");
  if (out.start !== undefined && out.end !== undefined && out.end < out.start)
    throw bad("end_time must not be before start_time");
  return out;
}

/** Whether an event passes the filter (types, time bounds, the 28-day window). */
export function eventMatches(e: SpaceEventRec, f: EventFilter, now: number): boolean {
  const t = Date.parse(e.time);
  if (!f.types.has(eventType("membership", e.kind, false))) return false;
  if (t <= (f.start ?? now - LOOKBACK_MS)) return false;
  return t <= (f.end ?? now);
}

/** The event log of every space, in the order the changes happened. */
export class SpaceEventLog {
  private readonly bySpace = new Map<string, SpaceEventRec[]>();
  private next = 1;

  load(events: readonly SpaceEventRec[] | undefined): void {
    this.bySpace.clear();
    for (const e of events ?? []) this.of(e.space).push(e);
    const ids = (events ?? []).map((e) => Number(e.id.replace(/\D/g, "")) || 0);
    this.next = Math.max(1, ...ids.map((n) => n + 1));
  }

  of(space: string): SpaceEventRec[] {
    let l = this.bySpace.get(space);
    if (!l) {
      l = [];
      this.bySpace.set(space, l);
    }
    return l;
  }

  record(e: Omit<SpaceEventRec, "id" | "batch">): SpaceEventRec {
    const rec: SpaceEventRec = { ...e, id: `ev${this.next++}`, batch: e.keys.length > 1 };
    this.of(e.space).push(rec);
    return rec;
  }

  all(): SpaceEventRec[] {
    return [...this.bySpace.values()].flat();
  }
}
