import { isApiError, type ChatApi } from "../api";
import {
  driftRecords,
  eventOf,
  findDrift,
  type DriftChange,
  type DriftRecord,
  type EventsRead,
} from "../core/drift";
import type { SpaceView, ViewMember } from "../core/view";
import { RECENT_VIEW_MS } from "./defaults";

// Drift with its times: one spaces.spaceEvents.list pass for a space that changed out of band,
// none for one that did not. The events are a courtesy to the reviewer: a call that fails, is
// refused or times out (the adapter's bounded retries) never stops a refresh or a plan; the lines
// then say why the time is unknown.

/** Why the events could not be read, in a line. */
function why(e: unknown): string {
  if (isApiError(e, "PERMISSION_DENIED"))
    return `spaces.spaceEvents.list was refused (${e.detail}); it needs a member's token with chat.memberships(.readonly), or an approved app's chat.app.memberships`;
  if (isApiError(e)) return `spaces.spaceEvents.list failed: ${e.code} — ${e.detail}`;
  return `spaces.spaceEvents.list failed: ${(e as Error)?.message ?? String(e)}`;
}

export async function readEvents(api: ChatApi, space: string): Promise<EventsRead> {
  try {
    return { ok: true, events: await api.listMembershipEvents(space) };
  } catch (e) {
    return { ok: false, why: why(e) };
  }
}

/** The out-of-band changes between the view the state saw and the live one, with their times. */
export async function driftSince(
  api: ChatApi,
  before: SpaceView,
  now: SpaceView,
): Promise<DriftRecord[]> {
  const changes = findDrift(before, now);
  if (changes.length === 0) return [];
  return driftRecords(changes, await readEvents(api, now.space));
}

/** Per ChatApi (provider process): each space's events, read once for its drifted members. */
const eventsBySpace = new WeakMap<
  ChatApi,
  Map<string, { at: number; read: Promise<EventsRead> }>
>();

/**
 * The space's events, shared by the ChatMemberships of one refresh (RECENT_VIEW_MS at most). A
 * shared read that lacks the change's event may predate the change: it is read once more.
 */
async function sharedEvents(api: ChatApi, space: string, change: DriftChange): Promise<EventsRead> {
  let spaces = eventsBySpace.get(api);
  if (!spaces) eventsBySpace.set(api, (spaces = new Map()));
  const r = spaces.get(space);
  if (r && Date.now() - r.at < RECENT_VIEW_MS) {
    const shared = await r.read;
    if (!shared.ok || eventOf(change, shared)) return shared;
  }
  const read = readEvents(api, space);
  spaces.set(space, { at: Date.now(), read });
  return read;
}

/**
 * One ChatMembership's drift: removed, or re-roled, since the state's outputs (`was`: the member
 * and role the last refresh or up saw). One events pass per space, only when something drifted.
 */
export async function membershipDriftLine(
  api: ChatApi,
  space: string,
  was: ViewMember,
  live: { role: ViewMember["role"] } | undefined,
): Promise<string | undefined> {
  if (live && live.role === was.role) return undefined;
  const change: DriftChange = live
    ? { kind: "role", person: { ...was, role: live.role }, from: was.role }
    : { kind: "removed", person: was };
  const [r] = driftRecords([change], await sharedEvents(api, space, change));
  const next = live ? "the next up sets the declared role again" : "the next up adds them back";
  return `${space}: ${r!.line}; ${next}`;
}
