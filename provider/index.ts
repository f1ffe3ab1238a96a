// pulumi-googlechat-members: Google Chat space members as Pulumi resources.
export { ChatMembership, ChatSpace, ChatSpaceMembers } from "./pulumi/resources";
export type { ChatMembershipArgs, ChatSpaceArgs, ChatSpaceMembersArgs } from "./pulumi/resources";
export type { Role, MembershipState, SpaceMembersMode, OnDestroy } from "./core/types";
export { ChatMembersError } from "./core/errors";
