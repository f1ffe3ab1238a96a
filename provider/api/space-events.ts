// spaces.spaceEvents.list for membership events: the one call that tells when a space's members
// changed. Its filter must name the event types (their batch types come along unasked); without
// start_time the API gives the last 28 days. The events name no actor (see core/drift.ts).

import type { chat_v1 } from "@googleapis/chat";
import type { MembershipEvent } from "../core/drift";
import { LIST_PAGE_SIZE } from "./defaults";
import { spaceName } from "./mapping";
import { eachPage } from "./pages";
import type { Transport } from "./types";

const KINDS = ["created", "updated", "deleted"] as const;
const PREFIX = "google.workspace.chat.membership.v1.";
export const MEMBERSHIP_EVENTS_FILTER = KINDS.map((k) => `event_types:"${PREFIX}${k}"`).join(
  " OR ",
);

const cap = (k: string) => k[0]!.toUpperCase() + k.slice(1);
const keyOf = (m: chat_v1.Schema$Membership | undefined) =>
  m?.name ? m.name.slice(m.name.lastIndexOf("/") + 1) : undefined;

/** One SpaceEvent as its memberships' events (a batch is several); other types none. */
export function toMembershipEvents(e: chat_v1.Schema$SpaceEvent): MembershipEvent[] {
  const type = e.eventType ?? "";
  if (!type.startsWith(PREFIX) || !e.eventTime) return [];
  const suffix = type.slice(PREFIX.length);
  const kind = KINDS.find((k) => suffix === k || suffix === `batch${cap(k)}`);
  if (!kind) return [];
  const data = e as Record<string, unknown>;
  const single = data[`membership${cap(kind)}EventData`] as
    { membership?: chat_v1.Schema$Membership } | undefined;
  const batch = data[`membershipBatch${cap(kind)}EventData`] as
    { memberships?: { membership?: chat_v1.Schema$Membership }[] } | undefined;
  const items = suffix === kind ? [single] : (batch?.memberships ?? []);
  const time = e.eventTime;
  return items.map((d) => {
    const key = keyOf(d?.membership);
    return key ? { kind, time, key } : { kind, time };
  });
}

export async function listMembershipEvents(
  t: Transport,
  space: string,
): Promise<MembershipEvent[]> {
  const parent = spaceName(space, "spaces.spaceEvents.list");
  const out: MembershipEvent[] = [];
  await eachPage("spaces.spaceEvents.list", parent, async (pageToken) => {
    const res = await t.call(
      {
        rpc: "spaces.spaceEvents.list",
        op: "listEvents",
        target: parent,
        // Which quota events count against is not documented: the space's reads, conservatively.
        quota: [{ kind: "spaceReads", space: parent }],
      },
      (chat, auth, o) =>
        chat.spaces.spaceEvents.list(
          {
            parent,
            auth,
            filter: MEMBERSHIP_EVENTS_FILTER,
            pageSize: LIST_PAGE_SIZE,
            ...(pageToken ? { pageToken } : {}),
          },
          o,
        ),
    );
    const page: chat_v1.Schema$ListSpaceEventsResponse = res.data;
    for (const e of page.spaceEvents ?? []) out.push(...toMembershipEvents(e));
    return page.nextPageToken;
  });
  return out;
}
