import type { DesiredMember, Member, OnDestroy, SpaceMembersMode, StaleInvites } from "../types";

// The normalised arguments validation produces: what the resources work with.

export type NormalizedMembershipArgs = DesiredMember & {
  readonly space: string;
  readonly useAdminAccess: boolean;
  readonly adopt: boolean;
  readonly onDestroy: OnDestroy;
};

export interface NormalizedSpaceMembersArgs {
  readonly space: string;
  readonly members: readonly DesiredMember[];
  readonly mode: SpaceMembersMode;
  readonly ignore: readonly Member[];
  readonly maxRemovals: number;
  readonly useAdminAccess: boolean;
  readonly removeOnDestroy: boolean;
  /** false: no external or guest member may be declared, and those found are warned about. */
  readonly allowExternal: boolean;
  /** The organisation's email domains (lower case): who is external, before any call. */
  readonly domains: readonly string[];
  /** Invitations older than `staleInviteDays` and not accepted: keep, report or revoke. */
  readonly staleInvites: StaleInvites;
  readonly staleInviteDays: number;
}
