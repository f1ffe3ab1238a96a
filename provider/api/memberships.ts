// The membership calls (and spaces.get, which tells whether roles and groups apply), each
// described by its RPC, scopes, quotas and request; the transport does the rest.

import type { chat_v1 } from "@googleapis/chat";
import { memberResourceName } from "../core/member";
import type { LiveMembership, Member, Role } from "../core/types";
import { LIST_PAGE_SIZE } from "./defaults";
import {
  membershipName,
  spaceName,
  spaceOf,
  toCreateBody,
  toLiveMembership,
  toSpaceInfo,
  type SpaceInfo,
} from "./mapping";
import { eachPage } from "./pages";
import type { QuotaKey } from "./pacer";
import type { CallOptions, ChatApiCalls, ListOptions, Transport } from "./types";
import { listMembershipEvents } from "./space-events";
import { spaceWrites } from "./spaces";

const WRITE: QuotaKey = { kind: "membershipWrites" };
const reads = (space: string): QuotaKey[] => [
  { kind: "membershipReads" },
  { kind: "spaceReads", space },
];
/** Omit false flags so requests stay as short as the API's defaults allow. */
const admin = (opts?: CallOptions) => (opts?.useAdminAccess ? { useAdminAccess: true } : {});
const isApp = (name: string) => name.endsWith("/members/app");

export function membershipOperations(t: Transport): ChatApiCalls {
  const getSpace = async (space: string, opts?: CallOptions): Promise<SpaceInfo> => {
    const name = spaceName(space, "spaces.get");
    const res = await t.call(
      { rpc: "spaces.get", op: "getSpace", target: name, quota: reads(name), ...opts },
      (chat, auth, o) => chat.spaces.get({ name, auth, ...admin(opts) }, o),
    );
    return toSpaceInfo(res.data);
  };

  return {
    async createMembership(space: string, member: Member, opts?: CallOptions) {
      const parent = spaceName(space, "spaces.members.create");
      const res = await t.call(
        {
          rpc: "spaces.members.create",
          op: "create",
          target: `${parent} ${memberResourceName(member)}`,
          quota: [WRITE],
          member,
          ...opts,
        },
        (chat, auth, o) =>
          chat.spaces.members.create(
            { parent, auth, requestBody: toCreateBody(member), ...admin(opts) },
            o,
          ),
      );
      return toLiveMembership(res.data, "spaces.members.create");
    },

    async getMembership(nameOrAlias: string, opts?: CallOptions) {
      const name = membershipName(nameOrAlias, "spaces.members.get");
      const res = await t.call(
        {
          rpc: "spaces.members.get",
          op: "get",
          target: name,
          quota: reads(spaceOf(name)),
          ...opts,
        },
        (chat, auth, o) => chat.spaces.members.get({ name, auth, ...admin(opts) }, o),
      );
      return toLiveMembership(res.data, "spaces.members.get");
    },

    async listMemberships(space: string, opts: ListOptions = {}) {
      const parent = spaceName(space, "spaces.members.list");
      const out: LiveMembership[] = [];
      await eachPage("spaces.members.list", parent, async (token) => {
        const res = await t.call(
          {
            rpc: "spaces.members.list",
            op: "list",
            target: parent,
            quota: reads(parent),
            ...opts,
          },
          (chat, auth, o) =>
            chat.spaces.members.list(
              {
                parent,
                auth,
                pageSize: LIST_PAGE_SIZE,
                showInvited: opts.showInvited ?? true,
                showGroups: opts.showGroups ?? true,
                ...(opts.filter ? { filter: opts.filter } : {}),
                ...(token ? { pageToken: token } : {}),
                ...admin(opts),
              },
              o,
            ),
        );
        const page: chat_v1.Schema$ListMembershipsResponse = res.data;
        for (const m of page.memberships ?? [])
          out.push(toLiveMembership(m, "spaces.members.list"));
        opts.onPage?.(out.length);
        return page.nextPageToken;
      });
      return out;
    },

    async patchRole(nameIn: string, role: Role, opts?: CallOptions) {
      const name = membershipName(nameIn, "spaces.members.patch");
      const res = await t.call(
        {
          rpc: "spaces.members.patch",
          op: "patch",
          target: `${name} → ${role}`,
          // Which quota patch counts against is undocumented: assume membership writes.
          quota: [WRITE],
          ...opts,
        },
        (chat, auth, o) =>
          chat.spaces.members.patch(
            { name, auth, updateMask: "role", requestBody: { role }, ...admin(opts) },
            o,
          ),
      );
      return toLiveMembership(res.data, "spaces.members.patch");
    },

    async deleteMembership(nameIn: string, opts?: CallOptions) {
      const name = membershipName(nameIn, "spaces.members.delete");
      const res = await t.call(
        {
          rpc: "spaces.members.delete",
          op: "delete",
          target: name,
          quota: [WRITE],
          ...(isApp(name) ? { member: { kind: "app" } as const } : {}),
          ...opts,
        },
        (chat, auth, o) => chat.spaces.members.delete({ name, auth, ...admin(opts) }, o),
      );
      return toLiveMembership(res.data, "spaces.members.delete");
    },

    listMembershipEvents: (space: string) => listMembershipEvents(t, space),
    getSpace,
    whoAmI: () => t.whoAmI(),
    spaces: { get: getSpace },
    ...spaceWrites(t),
  };
}
