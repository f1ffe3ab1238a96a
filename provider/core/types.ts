// Shared vocabulary of the pure core. No I/O here or anywhere under provider/core.

/** The three membership roles Chat knows, by their API names. */
export type Role = "ROLE_MEMBER" | "ROLE_ASSISTANT_MANAGER" | "ROLE_MANAGER";

/** Groups always carry this role; it is never declared. */
export type GroupRole = "MEMBERSHIP_ROLE_UNSPECIFIED";

export type MembershipState = "JOINED" | "INVITED" | "NOT_A_MEMBER";

/**
 * Whose account a member is, relative to the organisation that owns the space (API revision
 * 20261107): INTERNAL, EXTERNAL (another organisation or a consumer account) or MANAGED_EXTERNAL
 * (a guest account the owning organisation manages for an outsider).
 */
export type Affiliation = "INTERNAL" | "EXTERNAL" | "MANAGED_EXTERNAL";

export type UserMember = { readonly kind: "user"; readonly ref: string };
export type GroupMember = { readonly kind: "group"; readonly id: string };
export type AppMember = { readonly kind: "app" };

/**
 * A member as declared or as read back. A user is referred to by email or by
 * numeric id (`ref`); the live API always answers with the numeric id.
 * Normalised by `parseMember`: emails are lower-cased (Chat treats them case-insensitively).
 */
export type Member = UserMember | GroupMember | AppMember;

/**
 * A declared membership. A user declared without a role has `role` undefined: authoritative mode
 * makes them a member, additive mode keeps whatever role they hold. Groups have no role; the app
 * is always a member.
 */
export type DesiredMember =
  | { readonly member: UserMember; readonly role?: Role }
  | { readonly member: AppMember; readonly role?: "ROLE_MEMBER" }
  | { readonly member: GroupMember };

/** A membership as the API reports it, reduced to what the core needs. */
export interface LiveMembership {
  /** spaces/{space}/members/{id} */
  readonly name: string;
  /** users/{numeric id} | users/app | groups/{id} — canonical. */
  readonly memberName: string;
  readonly memberType: "HUMAN" | "BOT" | "GROUP";
  readonly role: Role | GroupRole;
  readonly state: MembershipState;
  readonly createTime?: string;
  /** Lower-cased; sent for members of the space under user authentication (revision 20261107). */
  readonly email?: string;
  readonly displayName?: string;
  /** Absent from older API revisions. */
  readonly affiliation?: Affiliation;
}

/**
 * What to do with invitations older than the stale limit that nobody accepted: `keep` them
 * silently, `report` them on every plan, or `revoke` them (a removal like any other).
 */
export type StaleInvites = "keep" | "report" | "revoke";
export const STALE_INVITES: readonly StaleInvites[] = ["keep", "report", "revoke"];

/** authoritative: anyone undeclared is removed; additive: only ensure the declared ones. */
export type SpaceMembersMode = "authoritative" | "additive";

/**
 * ChatMembership on destroy: `remove-if-created` removes only a membership this stack created
 * (an adopted one stays), `remove` removes it either way, `keep` never removes it.
 */
export type OnDestroy = "remove-if-created" | "remove" | "keep";
