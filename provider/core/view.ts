import type { MemberId, Person } from "./identity";
import type { Role } from "./types";

// The resolved snapshot of a space: every member as one person (id and, where known, email),
// their role and state, and the caller. Built from the API (reconcile/resolve.ts) before every
// plan, or rebuilt from the state for a preview (stored-view.ts). The plan reads nothing else.

export type MemberKind =
  /** A person. */
  | "human"
  | "group"
  /** The calling Chat app (`users/app`). */
  | "app"
  /** Another Chat app: only it can remove itself, so it is never managed here. */
  | "otherApp";

export interface ViewMember extends Person {
  readonly kind: MemberKind;
  /** undefined for groups (MEMBERSHIP_ROLE_UNSPECIFIED). */
  readonly role: Role | undefined;
  readonly state: "JOINED" | "INVITED";
  /** `spaces/X/members/Y`, for writes; absent in a view rebuilt from the state. */
  readonly membershipName?: string;
  readonly createTime?: string;
}

export interface SpaceView {
  readonly space: string;
  readonly members: readonly ViewMember[];
  /**
   * The caller's id (`users/{id}` or `users/app`); undefined when it could not be learned. A plan
   * that removes anyone needs it (guards.ts).
   */
  readonly caller: MemberId | undefined;
  /** Why the caller is unknown, for the error that refuses removals. */
  readonly callerProblem?: string;
  /**
   * Declared or ignored emails whose membership is unknown: the list gave some members no email
   * and no lookup has told whether these are among them (only in a view rebuilt from the state).
   */
  readonly unresolvedEmails: readonly string[];
}

export function isOwner(m: ViewMember): boolean {
  return m.role === "ROLE_MANAGER" && m.state === "JOINED";
}
