import type { ChatApi } from "../api";
import { adoptedDestroyNote, removesOnDestroy } from "../core/destroy";
import { ChatMembersError } from "../core/errors";
import { memberResourceName } from "../core/member";
import type { LiveMembership, OnDestroy, Role } from "../core/types";
import type { NormalizedMembershipArgs } from "../core/validate/normalized";
import { forgetSpace } from "./recent";
import type { Reporter } from "./space";
import { aliasOf, createMember, ensureRole, removeMember, type Created } from "./writes";

// The flows of a ChatMembership. Provenance from a snapshot, as for a whole space: before any
// write the member is looked up; someone already there is adopted (or, with adopt: false, an
// error before any write) and never counts as created by this stack.

export type MembershipArgs = NormalizedMembershipArgs;

export interface MembershipRecord {
  readonly live: LiveMembership;
  /** The membership existed before this resource: adopted, not created. */
  readonly adopted: boolean;
}

/** The role the membership should hold: users default to member; groups have none. */
export function declaredRole(args: MembershipArgs): Role | undefined {
  if (args.member.kind === "group") return undefined;
  return ("role" in args ? args.role : undefined) ?? "ROLE_MEMBER";
}

function alreadyThere(args: MembershipArgs, live: LiveMembership): ChatMembersError {
  return new ChatMembersError({
    code: "ALREADY_A_MEMBER",
    field: "member",
    value: memberResourceName(args.member),
    reason: `is already a member of ${args.space} (${live.state}) and adopt is false; nothing was changed`,
    fix: "set adopt: true to manage the existing membership, or remove the member in Chat first",
  });
}

/** The member as they are before any write: the snapshot provenance is decided from. */
function lookUp(api: ChatApi, args: MembershipArgs): Promise<LiveMembership | undefined> {
  return readMembership(api, aliasOf(args.space, args.member), args.useAdminAccess);
}

export async function createMembership(
  api: ChatApi,
  args: MembershipArgs,
  log: Reporter,
): Promise<MembershipRecord> {
  const opts = { useAdminAccess: args.useAdminAccess };
  const before = await lookUp(api, args);
  if (before && !args.adopt) throw alreadyThere(args, before);
  forgetSpace(args.space); // a ChatSpaceMembers view of it would miss what follows
  const c: Created = before
    ? { live: before, made: false }
    : await createMember(api, args.space, args.member, opts);
  if (!c.made) {
    if (!args.adopt) throw alreadyThere(args, c.live);
    log.warn(
      `${memberResourceName(args.member)} was already a member of ${args.space} (${c.live.state}): adopted, not created; ${adoptedDestroyNote(args.onDestroy)}`,
    );
  }
  return { live: await ensureRole(api, c, declaredRole(args), opts), adopted: !c.made };
}

/**
 * Refresh: the membership now; undefined when it is gone. Many of one space share one list
 * (api/shared-lists.ts), so a refresh of N ChatMembership costs ⌈N/1000⌉ pages, not N gets.
 */
export async function readMembership(
  api: ChatApi,
  name: string,
  useAdminAccess: boolean,
): Promise<LiveMembership | undefined> {
  const live = await api.findMembership(name, { useAdminAccess });
  return live?.state === "NOT_A_MEMBER" ? undefined : live;
}

export function changeRole(
  api: ChatApi,
  name: string,
  role: Role,
  useAdminAccess: boolean,
): Promise<LiveMembership> {
  forgetSpace(name.split("/members/")[0]!);
  return api.patchRole(name, role, { useAdminAccess });
}

/** Destroy: removes the membership as `onDestroy` says; one already gone counts as removed. */
export async function destroyMembership(
  api: ChatApi,
  req: {
    readonly name: string;
    readonly who: string;
    readonly onDestroy: OnDestroy;
    readonly adopted: boolean;
    readonly useAdminAccess: boolean;
  },
  log: Reporter,
): Promise<void> {
  if (!removesOnDestroy(req.onDestroy, req.adopted)) {
    log.info(
      req.onDestroy === "keep"
        ? `kept ${req.who}: onDestroy is "keep"`
        : `kept ${req.who}: it was a member before this stack adopted it (onDestroy: "remove" would remove it)`,
    );
    return;
  }
  forgetSpace(req.name.split("/members/")[0]!);
  const result = await removeMember(api, req.name, { useAdminAccess: req.useAdminAccess });
  if (result === "already-gone") log.info(`${req.who} was already gone`);
}
