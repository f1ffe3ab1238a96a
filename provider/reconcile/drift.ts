import { isApiError, type ChatApi } from "../api";
import {
  driftRecords,
  findDrift,
  type DriftChange,
  type DriftRecord,
  type EventsRead,
} from "../core/drift";
import type { SpaceView, ViewMember } from "../core/view";

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

/**
 * One ChatMembership's drift: removed, or re-roled, since the state's outputs (`was`: the member
 * and role the last refresh or up saw). One events pass only when it drifted.
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
  const [r] = driftRecords([change], await readEvents(api, space));
  const next = live ? "the next up sets the declared role again" : "the next up adds them back";
  return `${space}: ${r!.line}; ${next}`;
}
