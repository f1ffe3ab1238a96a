import { memberResourceName } from "../core/member";
import type { Role, SpaceMembersMode, StaleInvites } from "../core/types";
import type { NormalizedSpaceMembersArgs } from "../core/validate/normalized";

// Loaded member file → the plain inputs of a ChatSpaceMembers resource. Kept free of
// @pulumi/pulumi so programs and tools can use it without loading the Pulumi layer.

export interface SpaceMembersResourceArgs {
  readonly space: string;
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

/** Users keep their role (API name); groups and the app carry none (theirs is fixed). */
export function toResourceArgs(args: NormalizedSpaceMembersArgs): SpaceMembersResourceArgs {
  return {
    space: args.space,
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
