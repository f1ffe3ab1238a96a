import { memberResourceName } from "../core/member";
import type { Role, SpaceMembersMode, StaleInvites } from "../core/types";
import type { MemberFileArgs } from "./parse";
import type { DeclaredSpace } from "./space-block";
import type { SpaceSettings } from "../core/space-settings";

// Loaded member file → the plain inputs of a ChatSpaceMembers resource (and of the ChatSpace a
// file declares). Kept free of @pulumi/pulumi so programs and tools can use it without loading
// the Pulumi layer.

export interface SpaceMembersResourceArgs<S = string> {
  readonly space: S;
  readonly members: { readonly member: string; readonly role?: Role }[];
  readonly mode: SpaceMembersMode;
  readonly ignore: string[];
  readonly maxRemovals: number;
  readonly useAdminAccess: boolean;
  readonly removeOnDestroy: boolean;
  readonly allowExternal: boolean;
  readonly domains: string[];
  readonly staleInvites: StaleInvites;
  readonly staleInviteDays: number;
}

/**
 * Users keep their role (API name); groups and the app carry none (theirs is fixed). `space`
 * stands in for the file's: a file declaring a new space passes its ChatSpace's `name` output.
 */
export function toResourceArgs<S = string>(
  args: MemberFileArgs,
  space?: S,
): SpaceMembersResourceArgs<S | string> {
  const target = space ?? args.space;
  if (target === undefined)
    throw new Error(
      "toResourceArgs: this member file declares a new space (space: {…}); pass its ChatSpace's name: toResourceArgs(args, new ChatSpace(name, toSpaceArgs(space)).name)",
    );
  return {
    space: target,
    members: args.members.map((d) =>
      d.member.kind === "user" && "role" in d
        ? { member: memberResourceName(d.member), role: d.role }
        : { member: memberResourceName(d.member) },
    ),
    mode: args.mode,
    ignore: args.ignore.map(memberResourceName),
    maxRemovals: args.maxRemovals,
    useAdminAccess: args.useAdminAccess,
    removeOnDestroy: args.removeOnDestroy,
    allowExternal: args.allowExternal,
    domains: [...args.domains],
    staleInvites: args.staleInvites,
    staleInviteDays: args.staleInviteDays,
  };
}

/** The inputs of the ChatSpace a member file declares. */
export function toSpaceArgs(space: DeclaredSpace): SpaceSettings {
  return { ...space.settings };
}
