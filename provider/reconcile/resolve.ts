import { PromisePool } from "@supercharge/promise-pool";
import { isApiError, type ChatApi } from "../api";
import { ChatMembersError } from "../core/errors";
import { declaredKey, type MemberId } from "../core/identity";
import type { LiveMembership, Member } from "../core/types";
import type { SpaceView, ViewMember } from "../core/view";
import { READ_CONCURRENCY } from "./defaults";

// The resolved snapshot, read from the API before every plan: one list pass (every page, with
// invited members and groups), the caller, and — only when the list gave some person no email —
// one members.get per declared or ignored email that nothing else matched. After this, every
// entry is a member of the space or known not to be one; anything else is an error naming it.

export interface ResolveRequest {
  readonly space: string;
  readonly useAdminAccess: boolean;
  /** Declared and ignored members, with the field that names each in messages. */
  readonly entries: readonly { readonly member: Member; readonly field: string }[];
}

export function listSpace(api: ChatApi, req: Pick<ResolveRequest, "space" | "useAdminAccess">) {
  return api.listMemberships(req.space, {
    showInvited: true,
    showGroups: true,
    useAdminAccess: req.useAdminAccess,
    // Admin access must exclude apps (the API's rule); `!=` keeps groups in the list.
    ...(req.useAdminAccess ? { filter: 'member.type != "BOT"' } : {}),
  });
}

export function toViewMember(l: LiveMembership, ours: MemberId | undefined): ViewMember {
  const kind =
    l.memberType === "GROUP"
      ? "group"
      : l.memberType === "BOT"
        ? l.memberName === ours
          ? "app"
          : "otherApp"
        : "human";
  return {
    id: kind === "app" ? "users/app" : l.memberName,
    ...(l.email && kind === "human" ? { email: l.email } : {}),
    ...(l.displayName ? { displayName: l.displayName } : {}),
    ...(l.affiliation ? { affiliation: l.affiliation } : {}),
    kind,
    role:
      kind === "group"
        ? undefined
        : l.role === "MEMBERSHIP_ROLE_UNSPECIFIED"
          ? "ROLE_MEMBER"
          : l.role,
    state: l.state === "INVITED" ? "INVITED" : "JOINED",
    membershipName: l.name,
    ...(l.createTime ? { createTime: l.createTime } : {}),
  };
}

/**
 * The API lists an app as `users/{its id}`; the calling app is declared as `users/app`. Ask
 * which id is ours (one read) when the space lists an app or `users/app` is declared — app
 * authentication does not list apps at all. Undefined when the calling app is not a member.
 */
async function ourApp(
  api: ChatApi,
  req: ResolveRequest,
  live: readonly LiveMembership[],
): Promise<LiveMembership | undefined> {
  const declared = req.entries.some((e) => e.member.kind === "app");
  if (req.useAdminAccess || (!declared && !live.some((l) => l.memberType === "BOT")))
    return undefined;
  try {
    return await api.getMembership(`${req.space}/members/app`, {});
  } catch (e) {
    if (isApiError(e, "NOT_FOUND") || isApiError(e, "PERMISSION_DENIED")) return undefined;
    throw e;
  }
}

export async function resolveSpace(api: ChatApi, req: ResolveRequest): Promise<SpaceView> {
  const [listed, caller] = await Promise.all([listSpace(api, req), api.whoAmI()]);
  const app = await ourApp(api, req, listed);
  const live = app && !listed.some((l) => l.name === app.name) ? [...listed, app] : listed;
  const members = new Map<MemberId, ViewMember>();
  for (const l of live) {
    if (l.state === "NOT_A_MEMBER") continue;
    const m = toViewMember(l, app?.memberName);
    members.set(m.id, m);
  }
  await matchEmails(api, req, members);
  return {
    space: req.space,
    members: [...members.values()],
    caller: caller.id,
    ...(caller.problem ? { callerProblem: caller.problem } : {}),
    unresolvedEmails: [],
  };
}

/**
 * Gives every declared or ignored email its member, when the list left some person without an
 * email: members.get by email alias. Stops as soon as no email-less person is left to match —
 * the remaining emails cannot be members. A failure other than "not found" is an error naming
 * the entry: an unknown never becomes "not a member" (which could mean a removal).
 */
async function matchEmails(
  api: ChatApi,
  req: ResolveRequest,
  members: Map<MemberId, ViewMember>,
): Promise<void> {
  const known = new Set([...members.values()].map((m) => m.email).filter(Boolean));
  const pending = new Map<string, string>();
  for (const e of req.entries) {
    const k = declaredKey(e.member);
    if ("email" in k && !known.has(k.email) && !pending.has(k.email)) pending.set(k.email, e.field);
  }
  const unmatched = () =>
    [...members.values()].filter((m) => m.kind === "human" && !m.email).length;
  if (pending.size === 0 || unmatched() === 0) return;
  await PromisePool.withConcurrency(READ_CONCURRENCY)
    .for([...pending])
    .handleError((e) => {
      throw e;
    })
    .process(async ([email, field]) => {
      if (unmatched() === 0) return;
      let found: LiveMembership;
      try {
        found = await api.getMembership(`${req.space}/members/${email}`, {
          useAdminAccess: req.useAdminAccess,
        });
      } catch (e) {
        if (isApiError(e, "NOT_FOUND")) return;
        throw new ChatMembersError({
          code: "UNRESOLVED_MEMBER",
          field,
          value: email,
          reason: `could not be matched to a member of ${req.space} (${(e as Error).message})`,
          fix: "run again once the API answers; nothing was applied",
        });
      }
      if (found.state === "NOT_A_MEMBER") return;
      const m = members.get(found.memberName) ?? toViewMember(found, undefined);
      members.set(m.id, { ...m, email });
    });
}

/** Every declared and ignored member, with the field that names it. */
export function entriesOf(args: {
  readonly members: readonly { readonly member: Member }[];
  readonly ignore: readonly Member[];
}): ResolveRequest["entries"] {
  return [
    ...args.members.map((d, i) => ({ member: d.member, field: `members[${i}]` })),
    ...args.ignore.map((member, i) => ({ member, field: `ignore[${i}]` })),
  ];
}
